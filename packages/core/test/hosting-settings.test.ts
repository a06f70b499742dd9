import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_STORAGE_RETRY_POLICY } from '../src/client/retry-policy.js';
import { baseName } from '../src/hosting/content-key.js';
import {
  blobUploadSource,
  checkRemoteUrl,
  contentKey,
  contentTypeFor,
  createInputHost,
  createS3Host,
  createUrlHost,
  extensionOf,
  HostingError,
  InputError,
  inferRegion,
  parseS3Settings,
  s3SettingsSchema,
} from '../src/index.js';

const valid = {
  endpoint: 'https://s3.eu-west-3.amazonaws.com',
  bucket: 'my-bucket',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'super-secret-value-123',
};

function refusal(input: unknown): InputError {
  try {
    parseS3Settings(input);
  } catch (error) {
    if (InputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('S3 settings', () => {
  it('fills documented defaults', () => {
    expect(parseS3Settings(valid)).toEqual({
      ...valid,
      region: 'eu-west-3',
      prefix: 'reanimate/',
      pathStyle: false,
      urlExpiresInSec: 3600,
      keep: false,
    });
    expect(s3SettingsSchema.parse({ ...valid, endpoint: 'http://127.0.0.1:9000/' })).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      pathStyle: true,
    });
  });

  it('infers the region from well-known endpoints', () => {
    expect(inferRegion('https://0123abcd.r2.cloudflarestorage.com')).toBe('auto');
    expect(inferRegion('https://s3.us-west-004.backblazeb2.com')).toBe('us-west-004');
    expect(inferRegion('https://s3.eu-central-1.wasabisys.com')).toBe('eu-central-1');
    expect(inferRegion('https://s3.dualstack.ap-south-1.amazonaws.com')).toBe('ap-south-1');
    expect(inferRegion('https://s3-eu-west-1.amazonaws.com')).toBe('eu-west-1');
    expect(inferRegion('https://minio.example.com')).toBe('us-east-1');
    expect(parseS3Settings({ ...valid, region: 'auto' }).region).toBe('auto');
  });

  it('uses path-style for custom endpoints and for dotted buckets on AWS', () => {
    expect(parseS3Settings({ ...valid, endpoint: 'https://minio.example.com' }).pathStyle).toBe(true);
    expect(parseS3Settings({ ...valid, bucket: 'my.bucket' }).pathStyle).toBe(true);
    expect(parseS3Settings({ ...valid, pathStyle: true }).pathStyle).toBe(true);
  });

  it('normalises the prefix to a folder', () => {
    expect(parseS3Settings({ ...valid, prefix: 'uploads' }).prefix).toBe('uploads/');
    expect(parseS3Settings({ ...valid, prefix: '/a//b/' }).prefix).toBe('a/b/');
    expect(parseS3Settings({ ...valid, prefix: '' }).prefix).toBe('');
  });

  it.each([
    [{ ...valid, endpoint: undefined }, 'endpoint', 'endpoint is required: the URL of the S3 API'],
    [
      { ...valid, endpoint: 's3.amazonaws.com' },
      'endpoint',
      'endpoint must be an https:// URL of the S3 API',
    ],
    [
      { ...valid, endpoint: 'http://minio.example.com' },
      'endpoint',
      'endpoint must use https://; plain http:// is allowed only for a server on this computer',
    ],
    [
      { ...valid, endpoint: 'https://s3.amazonaws.com/my-bucket' },
      'endpoint',
      'endpoint must be only scheme, host and port (no path or query)',
    ],
    [
      { ...valid, endpoint: 'https://key:pass@s3.amazonaws.com' },
      'endpoint',
      'endpoint must not contain a user name or password',
    ],
    [{ ...valid, bucket: undefined }, 'bucket', 'bucket is required'],
    [{ ...valid, bucket: 'My_Bucket' }, 'bucket', 'bucket must be 3 to 63 lowercase letters'],
    [{ ...valid, prefix: 'a b/' }, 'prefix', 'prefix may contain only letters, digits'],
    [{ ...valid, prefix: 'a/../b' }, 'prefix', 'prefix must not contain "." or ".." folders'],
    [{ ...valid, region: 'US East' }, 'region', 'region must look like "us-east-1"'],
    [{ ...valid, accessKeyId: '  ' }, 'accessKeyId', 'accessKeyId is required'],
    [{ ...valid, secretAccessKey: undefined }, 'secretAccessKey', 'secretAccessKey is required'],
    [{ ...valid, urlExpiresInSec: 604801 }, 'urlExpiresInSec', 'at most 604800 seconds (7 days)'],
    [{ ...valid, urlExpiresInSec: 30 }, 'urlExpiresInSec', 'at least 60 seconds'],
    [{ ...valid, urlExpiresInSec: 90.5 }, 'urlExpiresInSec', 'whole number of seconds'],
    [{ ...valid, pathStyle: 'yes' }, 'pathStyle', 'pathStyle must be true or false'],
    [{ ...valid, keep: 1 }, 'keep', 'keep must be true or false'],
    [{ ...valid, secretKey: 'x' }, 'secretKey', 'unknown setting "secretKey"'],
    ['not an object', '(root)', 'S3 settings must be an object'],
  ])('refuses %j, naming %s', (input, field, message) => {
    const error = refusal(input);
    expect(error.message).toContain('Invalid S3 storage settings');
    expect(error.message).toContain(message);
    expect(error.issues.map((issue) => issue.field)).toContain(field);
    expect(error.hint).toBe('Fix the storage settings listed above; nothing was uploaded.');
  });

  it('lists every bad setting at once and never echoes values', () => {
    const error = refusal({ endpoint: 'http://user:hunter2-pass@example.com/x?sig=1', secretAccessKey: 42 });
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(
      ['accessKeyId', 'bucket', 'endpoint', 'endpoint', 'endpoint', 'secretAccessKey'].sort(),
    );
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain('hunter2');
  });
});

describe('content keys', () => {
  const sha = 'ab'.repeat(32);
  it('keys objects by content hash, keeping a clean extension', () => {
    expect(contentKey('reanimate/', sha, '/Users/me/Clip Final.MP4')).toBe(`reanimate/${sha}.mp4`);
    expect(contentKey('', sha, 'C:\\clips\\dub.wav')).toBe(`${sha}.wav`);
    expect(contentKey('p/', sha, 'no-extension')).toBe(`p/${sha}`);
    expect(contentKey('p/', sha, 'weird.ext with space')).toBe(`p/${sha}`);
    expect(() => contentKey('p/', 'nothex', 'a.mp4')).toThrow(/sha256/);
  });

  it('guesses Content-Type from the extension', () => {
    expect(contentTypeFor('a.mp4')).toBe('video/mp4');
    expect(contentTypeFor('a.MOV')).toBe('video/quicktime');
    expect(contentTypeFor('a.wav')).toBe('audio/wav');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
    expect(extensionOf('archive.tar.gz')).toBe('.gz');
    expect(baseName('C:\\a\\b.mp4')).toBe('b.mp4');
  });

  it('hashes Blobs with WebCrypto', async () => {
    const source = blobUploadSource(new Blob(['abc']), { name: 'a.txt' });
    expect(await source.sha256()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(source.contentType).toBe('text/plain');
  });
});

describe('retry timing', () => {
  // Storage uses the client's one backoff, with a 15 s cap.
  const policy = DEFAULT_STORAGE_RETRY_POLICY;
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(250);
    expect(backoffDelay(1, policy, () => 1)).toBe(500);
    expect(backoffDelay(3, policy, () => 1)).toBe(2000);
    expect(backoffDelay(20, policy, () => 1)).toBe(15_000);
  });

  it('honours a longer Retry-After', () => {
    expect(backoffDelay(1, policy, () => 0, 3000)).toBe(3000);
    expect(backoffDelay(4, policy, () => 1, 10)).toBe(4000);
  });
});

describe('URL passthrough', () => {
  const host = createUrlHost();

  it('returns hosted URLs unchanged', async () => {
    const url = 'https://cdn.example.com/clips/face.mp4?token=abc';
    expect(await host.put(url)).toEqual({ url, expiresAt: null, outcome: 'passthrough' });
    expect(await host.put(new URL('https://cdn.example.com/a.wav'))).toMatchObject({
      outcome: 'passthrough',
    });
    expect(await host.delete(url)).toBe(false);
    expect(await host.release(url)).toBe(false);
  });

  it('refuses a local file, telling the user to configure S3 storage', async () => {
    for (const path of [
      '/Users/me/clips/face.mp4',
      'C:\\clips\\face.mp4',
      'file:///Users/me/clips/face.mp4',
    ]) {
      const error = await host.put(path).catch((e: unknown) => e);
      expect(HostingError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ reason: 'not_configured' });
      expect((error as HostingError).message).toBe(
        '"face.mp4" is a local file, and react-1 only fetches public https:// URLs: it has to be uploaded first.',
      );
      expect((error as HostingError).hint).toContain('Configure S3 storage');
    }
    await expect(host.put(new Blob(['x']))).rejects.toMatchObject({ reason: 'not_configured' });
  });

  it.each([
    [
      'http://cdn.example.com/a.mp4',
      'http://cdn.example.com/a.mp4 cannot be used: react-1 only fetches public https:// URLs.',
    ],
    ['ftp://cdn.example.com/a.mp4', 'ftp: URLs cannot be used: react-1 only fetches public https:// URLs.'],
    ['data:video/mp4;base64,AAAA', 'data: URLs cannot be used'],
    [
      'https://user:pw@cdn.example.com/a.mp4?sig=1',
      'https://cdn.example.com/a.mp4?… contains a user name or password',
    ],
  ])('refuses %s', async (url, message) => {
    const error = await host.put(url).catch((e: unknown) => e);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).message).toContain(message);
    expect((error as InputError).message).not.toContain('pw@');
    expect((error as InputError).message).not.toContain('sig=1');
  });

  it('allows plain http only on this computer (emulator, local tests)', () => {
    expect(checkRemoteUrl('http://127.0.0.1:8080/a.mp4')).toBe('http://127.0.0.1:8080/a.mp4');
    expect(checkRemoteUrl('http://localhost/a.mp4')).toBe('http://localhost/a.mp4');
  });
});

describe('createInputHost', () => {
  it('builds the configured host', () => {
    expect(createInputHost({ provider: 'url' }).kind).toBe('url');
    expect(createInputHost({ provider: 's3', s3: valid }).kind).toBe('s3');
  });

  it('refuses an unknown provider', () => {
    expect(() => createInputHost({ provider: 'gcs' } as never)).toThrow('provider must be "s3" or "url"');
  });

  it('refuses invalid S3 settings before doing anything', () => {
    expect(() => createInputHost({ provider: 's3', s3: { ...valid, bucket: '' } })).toThrow(InputError);
  });

  it('explains that local paths need the Node entry', async () => {
    const host = createS3Host(valid);
    const error = await host.put('/tmp/face.mp4').catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unsupported_runtime' });
    expect((error as HostingError).hint).toContain('createNodeInputHost');
  });

  it('does not expose the secret on the host object', () => {
    const host = createS3Host(valid);
    expect(JSON.stringify(host.settings)).not.toContain(valid.secretAccessKey);
    expect(JSON.stringify(host)).not.toContain(valid.secretAccessKey);
  });

  it('passes hosted URLs through the S3 host too', async () => {
    const host = createS3Host(valid);
    const url = 'https://cdn.example.com/face.mp4';
    expect(await host.put(url)).toEqual({ url, expiresAt: null, outcome: 'passthrough' });
    expect(await host.delete(url)).toBe(false);
  });
});
