import { describe, expect, it } from 'vitest';
import {
  InputError,
  outputVideos,
  parseReact1Input,
  parseResponse,
  ResponseSchemaError,
  resultResponseSchema,
  safeParseReact1Input,
  statusResponseSchema,
  submitResponseSchema,
} from '../src/index.js';

const urls = { video_url: 'https://cdn.example.com/in.mp4', audio_url: 'https://cdn.example.com/in.wav' };

describe('react-1 input schema', () => {
  it('fills every documented default', () => {
    expect(parseReact1Input(urls)).toEqual({
      ...urls,
      emotion: 'neutral',
      model_mode: 'face',
      lipsync_mode: 'bounce',
      temperature: 0.5,
    });
  });

  it('accepts every documented option value', () => {
    const value = parseReact1Input({
      ...urls,
      emotion: 'disgusted',
      model_mode: 'head',
      lipsync_mode: 'remap',
      temperature: 1,
    });
    expect(value).toMatchObject({
      emotion: 'disgusted',
      model_mode: 'head',
      lipsync_mode: 'remap',
      temperature: 1,
    });
  });

  it('names each bad field and what is allowed', () => {
    const result = safeParseReact1Input({ ...urls, emotion: 'joyful', temperature: 1.5, model_mode: 'body' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byField = Object.fromEntries(result.issues.map((issue) => [issue.field, issue.message]));
    expect(byField.emotion).toBe('emotion must be one of: happy, angry, sad, neutral, disgusted, surprised');
    expect(byField.model_mode).toBe('model_mode must be one of: lips, face, head');
    expect(byField.temperature).toBe('temperature must be a number from 0 to 1');
  });

  it('rejects unknown keys by name', () => {
    const result = safeParseReact1Input({ ...urls, seed: 4, prompt: 'smile' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.field)).toEqual(['seed', 'prompt']);
    expect(result.issues[0]?.message).toContain('unknown field "seed"');
  });

  it('requires both URLs and only http(s)', () => {
    const result = safeParseReact1Input({ video_url: 'file:///tmp/a.mp4' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byField = Object.fromEntries(result.issues.map((issue) => [issue.field, issue.message]));
    expect(byField.video_url).toContain('http:// or https://');
    expect(byField.audio_url).toMatch(/^audio_url is required/);
  });

  it('refuses a body that is not an object', () => {
    const result = safeParseReact1Input('video.mp4');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ field: '(root)', message: 'the request body must be a JSON object' }]);
  });

  it('throws an InputError whose message lists every problem', () => {
    let error: unknown;
    try {
      parseReact1Input({ ...urls, lipsync_mode: 'stretch', temperature: '0.2' });
    } catch (caught) {
      error = caught;
    }
    expect(InputError.isInstance(error)).toBe(true);
    const inputError = error as InputError;
    expect(inputError.message).toContain(
      'lipsync_mode: lipsync_mode must be one of: cut_off, loop, bounce, silence, remap',
    );
    expect(inputError.message).toContain('temperature: temperature must be a number from 0 to 1');
    expect(inputError.issues).toHaveLength(2);
    expect(inputError.hint).toContain('nothing was sent');
  });
});

describe('response schemas', () => {
  it('parses the documented submit response and keeps extra fields', () => {
    const body = {
      request_id: 'abc',
      status_url: 'https://x/v1/requests/abc/status',
      result_url: 'https://x/v1/requests/abc/result',
      cancel_url: 'https://x/v1/requests/abc/cancel',
      extra: 1,
    };
    expect(parseResponse(submitResponseSchema, body, 'submit')).toEqual(body);
  });

  it('normalises the terminal forms of the sibling APIs', () => {
    const parse = (status: string) => parseResponse(statusResponseSchema, { status }, 'status').status;
    expect(parse('succeeded')).toBe('completed');
    expect(parse('completed')).toBe('completed');
    expect(parse('canceled')).toBe('cancelled');
    expect(parse('failed')).toBe('failed');
    expect(parse('in_queue')).toBe('in_queue');
  });

  it('treats an unknown status as a schema error, not something to poll again', () => {
    expect(() => parseResponse(statusResponseSchema, { status: 'warming_up' }, 'status')).toThrowError(
      ResponseSchemaError,
    );
    expect(() => parseResponse(statusResponseSchema, { status: 'warming_up' }, 'status')).toThrowError(
      /unknown status "warming_up"/,
    );
  });

  it('reads queue_position, and the failure reason as string or object', () => {
    expect(
      parseResponse(statusResponseSchema, { status: 'in_queue', queue_position: 3 }, 'status'),
    ).toMatchObject({
      queue_position: 3,
    });
    const failed = parseResponse(
      resultResponseSchema,
      { status: 'failed', error: { message: 'no face found' } },
      'r',
    );
    expect(failed.error).toBe('no face found');
  });

  it('collects single and listed output videos', () => {
    const result = parseResponse(
      resultResponseSchema,
      {
        status: 'succeeded',
        output: { video: 'https://cdn/a.mp4', videos: ['https://cdn/a.mp4', 'https://cdn/b.mp4'] },
      },
      'result',
    );
    expect(result.status).toBe('completed');
    expect(outputVideos(result.output)).toEqual(['https://cdn/a.mp4', 'https://cdn/b.mp4']);
  });
});
