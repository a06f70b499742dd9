import { describe, expect, it } from 'vitest';
import { createS3Context, ownKey } from '../src/hosting/s3-context.js';
import { DEFAULT_HOSTING_RETRY_POLICY, parseS3Settings } from '../src/index.js';

const deps = {
  fetch: () => Promise.reject(new Error('no network here')),
  sleep: async () => {},
  now: () => Date.parse('2026-12-01T12:00:00Z'),
  random: () => 0.5,
  policy: DEFAULT_HOSTING_RETRY_POLICY,
};
const context = (overrides: Record<string, unknown> = {}) =>
  createS3Context(
    parseS3Settings({
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      bucket: 'dubs',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret-never-shown',
      ...overrides,
    }),
    deps,
  );

describe("the S3 host's addressing step", () => {
  it('addresses AWS virtual-host style, other stores path style, keys percent-encoded per segment', () => {
    expect(context().objectUrl('reanimate/a b.mp4')).toBe(
      'https://dubs.s3.eu-west-1.amazonaws.com/reanimate/a%20b.mp4',
    );
    const minio = context({ endpoint: 'https://minio.example.com:9000' });
    expect(minio.objectUrl('reanimate/x.wav')).toBe('https://minio.example.com:9000/dubs/reanimate/x.wav');
  });

  it('claims only its own objects: same origin and bucket, under the prefix, not the prefix itself', () => {
    const ctx = context({ endpoint: 'https://minio.example.com', pathStyle: true });
    expect(ownKey(ctx, 'https://minio.example.com/dubs/reanimate/abc.mp4?X-Amz-Signature=1')).toBe(
      'reanimate/abc.mp4',
    );
    expect(ownKey(ctx, 'https://minio.example.com/dubs/reanimate/a%20b.mp4')).toBe('reanimate/a b.mp4');
    expect(ownKey(ctx, 'https://minio.example.com/dubs/other/abc.mp4')).toBeUndefined();
    expect(ownKey(ctx, 'https://minio.example.com/dubs/reanimate/')).toBeUndefined();
    expect(ownKey(ctx, 'https://minio.example.com/photos/reanimate/abc.mp4')).toBeUndefined();
    expect(ownKey(ctx, 'https://cdn.example.com/dubs/reanimate/abc.mp4')).toBeUndefined();
    expect(ownKey(ctx, 'not a url')).toBeUndefined();
  });

  it('presigns GETs for the configured lifetime and its own requests for 15 minutes, never showing the secret', async () => {
    const ctx = context({ urlExpiresInSec: 7200 });
    const get = new URL(await ctx.presign('GET', 'reanimate/a.mp4'));
    expect(get.searchParams.get('X-Amz-Expires')).toBe('7200');
    expect(get.searchParams.get('X-Amz-Date')).toBe('20261201T120000Z');
    expect(new URL(await ctx.presign('PUT', 'reanimate/a.mp4')).searchParams.get('X-Amz-Expires')).toBe(
      '900',
    );
    expect(get.href).not.toContain('secret-never-shown');
    // Error messages name the action, endpoint and bucket; the secret is only handed over to be scrubbed.
    expect(ctx.errorContext('Uploading a.mp4')).toMatchObject({ action: 'Uploading a.mp4', bucket: 'dubs' });
    expect(ctx.errorContext('Uploading a.mp4').secrets).toContain('secret-never-shown');
  });
});
