import { describe, expect, it } from 'vitest';
import {
  AmbiguousSubmitError,
  ApiError,
  AuthError,
  DeadlineExceededError,
  InputError,
  JobFailedError,
  ReanimateError,
  redactSecrets,
  redactUrl,
} from '../src/index.js';

describe('error classes', () => {
  it('recognise their own kind and not the others', () => {
    const auth = new AuthError(401, 'The service refused the token (HTTP 401).');
    expect(ReanimateError.isInstance(auth)).toBe(true);
    expect(AuthError.isInstance(auth)).toBe(true);
    expect(ApiError.isInstance(auth)).toBe(false);
    expect(InputError.isInstance(new Error('plain'))).toBe(false);
    expect(ReanimateError.isInstance(null)).toBe(false);
  });

  it('are recognised across bundles, where instanceof fails', () => {
    // A copy of the class from another bundle shares only the Symbol.for brand.
    const foreign = Object.create(null) as Record<symbol, unknown>;
    Object.defineProperty(foreign, Symbol.for('reanimate.error'), { value: 'job_failed' });
    expect(JobFailedError.isInstance(foreign)).toBe(true);
    expect(AuthError.isInstance(foreign)).toBe(false);
  });

  it('carry a code, an actionable hint and the ids the user needs', () => {
    const auth = new AuthError(403, 'Forbidden');
    expect(auth.code).toBe('auth');
    expect(auth.hint).toContain('RUNCOMFY_API_TOKEN');
    const deadline = new DeadlineExceededError('req-1', 60_000);
    expect(deadline.requestId).toBe('req-1');
    expect(deadline.hint).toContain('req-1');
    const ambiguous = new AmbiguousSubmitError('Connection closed after the request was sent.', {
      jobId: 'job-9',
    });
    expect(ambiguous.hint).toContain('NOT sent again');
    expect(ambiguous.describe()).toContain(ambiguous.message);
    const failed = new JobFailedError('req-2', 'no face detected');
    expect(failed.message).toBe('react-1 request req-2 failed: no face detected');
  });

  it('keep the cause out of enumeration so JSON never drags it along', () => {
    const error = new ApiError(500, 'Server error', {
      cause: { headers: { authorization: 'Bearer secret' } },
    });
    expect(error.cause).toBeDefined();
    expect(JSON.stringify(error)).not.toContain('secret');
  });
});

describe('redaction', () => {
  it('drops query strings and credentials from URLs', () => {
    expect(
      redactUrl('https://user:pw@bucket.s3.example.com/a/b.mp4?X-Amz-Signature=abc&X-Amz-Credential=k'),
    ).toBe('https://bucket.s3.example.com/a/b.mp4?…');
    expect(redactUrl('http://127.0.0.1:8787/v1/requests/x/status')).toBe(
      'http://127.0.0.1:8787/v1/requests/x/status',
    );
    expect(redactUrl('not a url')).toBe('<invalid url>');
  });

  it('masks every occurrence of each secret', () => {
    expect(redactSecrets('token abcd1234 and again abcd1234', ['abcd1234', undefined])).toBe(
      'token *** and again ***',
    );
    expect(redactSecrets('short ab', ['ab'])).toBe('short ab');
  });
});
