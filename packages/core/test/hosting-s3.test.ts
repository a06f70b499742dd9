import { readFile, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { describe, expect, it } from 'vitest';
import {
  blobUploadSource,
  HostingError,
  type HostingProgress,
  InputError,
  ReanimateError,
  type S3HostDeps,
  type S3SettingsInput,
} from '../src/index.js';
import { createNodeInputHost, fileUploadSource, sha256File } from '../src/node.js';
import {
  closedPort,
  instantSleep,
  randomFile,
  recordingFetch,
  smallFile,
  useS3Fixture,
} from './hosting-fixtures.js';

const fixture = useS3Fixture();
let prefixCounter = 0;

/** Every test gets its own prefix, so content-addressed keys from one test never satisfy another. */
function settings(overrides: Partial<S3SettingsInput> = {}): S3SettingsInput {
  prefixCounter += 1;
  const base = typeof fixture.local.settings.prefix === 'string' ? fixture.local.settings.prefix : '';
  return { ...fixture.local.settings, prefix: `${base}t${prefixCounter}/`, ...overrides };
}

function host(overrides: Partial<S3SettingsInput> = {}, deps: S3HostDeps = {}) {
  return createNodeInputHost({ provider: 's3', s3: settings(overrides) }, deps);
}

async function headStatus(h: ReturnType<typeof host>, key: string): Promise<number> {
  const response = await fetch(await h.presign('HEAD', key), { method: 'HEAD' });
  return response.status;
}

async function rejection(promise: Promise<unknown>): Promise<ReanimateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ReanimateError.isInstance(error)) throw new Error(`expected a ReanimateError, got ${String(error)}`);
  return error;
}

/** Cancelled work rejects as fetch does: with the signal's reason, an AbortError. */
async function abortRejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error) || error.name !== 'AbortError')
    throw new Error(`expected an AbortError, got ${String(error)}`);
  return error;
}

describe('S3 host against a real S3-compatible server (s3rver)', () => {
  it('uploads with a presigned PUT and hands out a presigned GET that serves the same bytes', async () => {
    const start = Date.now();
    const h = host();
    const events: HostingProgress[] = [];
    const hosted = await h.put(samples.faceMp4, { role: 'video', onProgress: (p) => events.push(p) });
    const bytes = await readFile(samples.faceMp4);
    const sha256 = await sha256File(samples.faceMp4);

    expect(hosted).toMatchObject({ outcome: 'uploaded', sha256, sizeBytes: bytes.length });
    expect(hosted.key).toBe(`${h.settings.prefix}${sha256}.mp4`);
    const url = new URL(hosted.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(Date.parse(hosted.expiresAt!) - start).toBeGreaterThanOrEqual(3600_000 - 1000);

    const download = await fetch(hosted.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    // Progress: plain objects, in order, ending complete.
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    expect(events.map((e) => e.phase)).toEqual(['hashing', 'checking', 'uploading', 'uploading', 'done']);
    expect(events[0]).toEqual({
      name: 'face.mp4',
      role: 'video',
      phase: 'hashing',
      sentBytes: 0,
      totalBytes: bytes.length,
      attempt: 0,
      reused: false,
    });
    expect(events[3]).toMatchObject({ phase: 'uploading', sentBytes: bytes.length, attempt: 1 });
    expect(events.at(-1)).toMatchObject({ phase: 'done', sentBytes: bytes.length, reused: false });
  });

  it('reuses an identical object: a second run uploads nothing', async () => {
    const s3 = settings();
    const first = await createNodeInputHost({ provider: 's3', s3 }).put(samples.dubWav);
    expect(first.outcome).toBe('uploaded');

    const recorder = recordingFetch();
    const events: HostingProgress[] = [];
    const second = await createNodeInputHost({ provider: 's3', s3 }, { fetch: recorder.fetch }).put(
      samples.dubWav,
      {
        onProgress: (p) => events.push(p),
      },
    );
    expect(second).toMatchObject({ outcome: 'reused', key: first.key, sha256: first.sha256 });
    expect(recorder.count('PUT')).toBe(0);
    expect(recorder.calls.map((c) => c.method)).toEqual(['HEAD']);
    expect(events.at(-1)).toMatchObject({
      phase: 'done',
      reused: true,
      sentBytes: events.at(-1)!.totalBytes,
    });
    expect((await fetch(second.url)).status).toBe(200);
  });

  it('uploads an input once when several jobs put it at the same time (a batch with one dub)', async () => {
    // A second PUT of the same key would overwrite the object while a running job's fetch reads it: S3 is atomic,
    // but S3-compatible stores (s3rver, a NAS) may serve the half-written file. The later puts wait and reuse it.
    const recorder = recordingFetch();
    const shared = createNodeInputHost({ provider: 's3', s3: settings() }, { fetch: recorder.fetch });
    const puts = await Promise.all([1, 2, 3, 4].map(() => shared.put(samples.dubWav)));
    expect(recorder.count('PUT')).toBe(1);
    expect(puts.map((put) => put.outcome).sort()).toEqual(['reused', 'reused', 'reused', 'uploaded']);
    expect(new Set(puts.map((put) => put.key)).size).toBe(1);
    expect((await fetch(puts[3]!.url)).status).toBe(200);
  });

  it('re-uploads when the stored object has a different size (e.g. a partial upload)', async () => {
    const h = host();
    const sha256 = await sha256File(samples.faceMov);
    const key = `${h.settings.prefix}${sha256}.mov`;
    const partial = await fetch(await h.presign('PUT', key), { method: 'PUT', body: 'only a few bytes' });
    expect(partial.status).toBe(200);

    const hosted = await h.put(samples.faceMov);
    expect(hosted.outcome).toBe('uploaded');
    const stored = await fetch(hosted.url);
    expect(Number(stored.headers.get('content-length'))).toBe((await readFile(samples.faceMov)).length);
  });

  it('uploads Blobs (the browser and panel path)', async () => {
    const h = host();
    const blob = new Blob([await readFile(samples.dubMp3)], { type: 'audio/mpeg' });
    const events: HostingProgress[] = [];
    const hosted = await h.put(blobUploadSource(blob, { name: 'dub.mp3' }), {
      onProgress: (p) => events.push(p),
    });
    expect(hosted.outcome).toBe('uploaded');
    expect(hosted.key).toMatch(/\.mp3$/);
    const download = await fetch(hosted.url);
    expect(download.headers.get('content-type')).toBe('audio/mpeg');
    expect((await download.arrayBuffer()).byteLength).toBe(blob.size);
    expect(events.filter((e) => e.phase === 'uploading').at(-1)).toMatchObject({ sentBytes: blob.size });
  });

  it('deletes its own objects, and only those; release honours keep', async () => {
    const h = host();
    const hosted = await h.put(samples.faceWebm);
    expect(await headStatus(h, hosted.key!)).toBe(200);

    // Not ours: passthrough URLs, another bucket, outside the prefix, garbage.
    expect(await h.delete('https://cdn.example.com/face.webm')).toBe(false);
    expect(await h.delete(hosted.url.replace(`/${fixture.local.bucket}/`, '/other-bucket/'))).toBe(false);
    expect(await h.delete(h.objectUrl(`elsewhere/${hosted.sha256}.webm`))).toBe(false);
    expect(await h.delete('not a url')).toBe(false);
    expect(await headStatus(h, hosted.key!)).toBe(200);

    const kept = createNodeInputHost({
      provider: 's3',
      s3: { ...settings(), prefix: h.settings.prefix, keep: true },
    });
    expect(await kept.release(hosted.url)).toBe(false);
    expect(await headStatus(h, hosted.key!)).toBe(200);

    expect(await h.release(hosted.url)).toBe(true);
    expect(await headStatus(h, hosted.key!)).toBe(404);
    // Deleting again is fine.
    expect(await h.delete(hosted.url)).toBe(true);
  });

  it('tests the connection with a probe object it removes afterwards', async () => {
    const recorder = recordingFetch();
    const h = host({}, { fetch: recorder.fetch });
    const check = await h.testConnection();
    expect(check).toMatchObject({ ok: true, bucket: fixture.local.bucket, prefix: h.settings.prefix });
    expect(recorder.calls.map((c) => c.method)).toEqual(['PUT', 'HEAD', 'GET', 'DELETE']);
    if (!fixture.local.verifiesSignatures) {
      expect(check.warnings.join(' ')).toContain('react-1 cannot download from it');
    }
    const probeKey = decodeURIComponent(new URL(recorder.calls[0]!.url).pathname).split(
      `/${fixture.local.bucket}/`,
    )[1]!;
    expect(probeKey).toMatch(/reanimate-connection-test-[0-9a-f]{16}\.txt$/);
    expect(await headStatus(h, probeKey)).toBe(404);
  });
});

describe('refusals, each with an actionable message', () => {
  it('missing bucket (NoSuchBucket) names the bucket setting', async () => {
    const h = host({ bucket: 'no-such-bucket-here' });
    for (const error of [await rejection(h.put(samples.dubAac)), await rejection(h.testConnection())]) {
      expect(HostingError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        reason: 'no_such_bucket',
        setting: 'bucket',
        status: 404,
        serviceCode: 'NoSuchBucket',
      });
      expect(error.message).toContain('bucket "no-such-bucket-here" does not exist at this endpoint');
      expect(error.hint).toContain('Check the bucket storage setting');
    }
  });

  it('unknown access key (InvalidAccessKeyId) names accessKeyId, and is not retried', async () => {
    const recorder = recordingFetch();
    const h = host({ accessKeyId: 'AKIAUNKNOWNKEY' }, { fetch: recorder.fetch });
    const error = await rejection(h.put(samples.dubM4a));
    expect(error).toMatchObject({
      reason: 'bad_credentials',
      setting: 'accessKeyId',
      serviceCode: 'InvalidAccessKeyId',
    });
    expect(error.message).toContain('the store does not know this access key id');
    expect(error.hint).toContain('Check the accessKeyId storage setting');
    expect(recorder.count('PUT')).toBe(1);
    const probe = await rejection(h.testConnection());
    expect(probe).toMatchObject({ reason: 'bad_credentials', setting: 'accessKeyId' });
  });

  it('wrong secret (SignatureDoesNotMatch) names secretAccessKey', async () => {
    if (fixture.local.verifiesSignatures) {
      const error = await rejection(host({ secretAccessKey: 'wrong-secret-for-sure' }).testConnection());
      expect(error).toMatchObject({ reason: 'bad_credentials', setting: 'secretAccessKey' });
      return;
    }
    // s3rver accepts any SigV4 signature, so the store's answer is injected here; the signing itself is proven
    // against AWS's published example (hosting-sigv4.test.ts).
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature ' +
      'we calculated does not match the signature you provided. Check your key and signing method.</Message>' +
      '<SignatureProvided>0123</SignatureProvided></Error>';
    const recorder = recordingFetch({ PUT: [{ kind: 'status', status: 403, body }] });
    const error = await rejection(host({}, { fetch: recorder.fetch }).testConnection());
    expect(error).toMatchObject({
      reason: 'bad_credentials',
      setting: 'secretAccessKey',
      status: 403,
      serviceCode: 'SignatureDoesNotMatch',
    });
    expect(error.message).toContain('the request signature does not match');
    expect(error.message).not.toContain('SignatureProvided');
    expect(error.hint).toContain('Check the secretAccessKey storage setting');
  });

  it('unreachable endpoint names the endpoint, after retrying', async () => {
    const port = await closedPort();
    const { sleep, delays } = instantSleep();
    const h = host({ endpoint: `http://127.0.0.1:${port}` }, { sleep });
    const error = await rejection(h.put(samples.faceM4v));
    expect(error).toMatchObject({ reason: 'unreachable', setting: 'endpoint' });
    expect(error.message).toBe(
      `Checking for an earlier upload of face.m4v failed: could not reach the storage endpoint http://127.0.0.1:${port}/ (ECONNREFUSED).`,
    );
    expect(error.hint).toContain('Check the endpoint storage setting');
    expect(delays).toHaveLength(4);
    expect((await rejection(h.testConnection())).message).toContain('could not reach the storage endpoint');
  });

  it("an expired presigned URL points at this computer's clock", async () => {
    const h = host({}, { now: () => Date.now() - 2 * 3600_000 });
    const error = await rejection(h.put(samples.silentMp4));
    expect(error).toMatchObject({ reason: 'clock_skew', status: 403 });
    expect(error.hint).toContain("this computer's clock");
  });

  it('refuses empty files, files over 100 MB, missing files and non-files before sending anything', async () => {
    const recorder = recordingFetch();
    const h = host({}, { fetch: recorder.fetch });

    const empty = await rejection(h.put(samples.emptyMp4));
    expect(InputError.isInstance(empty)).toBe(true);
    expect(empty.message).toBe('empty.mp4 is empty (0 bytes); there is nothing to upload.');

    const big = join(fixture.dir, 'huge.mp4');
    await writeFile(big, '');
    await truncate(big, 100_000_001); // sparse: instant
    const tooBig = await rejection(h.put(big));
    expect(InputError.isInstance(tooBig)).toBe(true);
    expect(tooBig.message).toBe(
      'huge.mp4 is 100.0 MB; react-1 accepts inputs up to 100 MB, so it was not uploaded.',
    );

    const missing = await rejection(h.put(join(fixture.dir, 'missing.mp4')));
    expect(missing.message).toBe('missing.mp4 does not exist.');
    expect((await rejection(h.put(fixture.dir))).message).toMatch(/is not a file\.$/);
    expect(recorder.calls).toHaveLength(0);
  });

  it('stops when the file changes between hashing and uploading', async () => {
    const path = await smallFile(join(fixture.dir, 'changing.wav'), 'first version of the file');
    const source = await fileUploadSource(path);
    await source.sha256();
    await writeFile(path, 'second, longer version of the file');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const error = await rejection(host().put(source));
    expect(error).toMatchObject({ reason: 'source_changed' });
    expect(error.message).toBe('changing.wav changed on disk while it was being uploaded.');
  });
});

describe('retries of the idempotent PUT', () => {
  it('retries 5xx (honouring Retry-After) and network errors, then succeeds', async () => {
    const recorder = recordingFetch({
      PUT: [
        { kind: 'status', status: 503, retryAfter: '2', body: '<Error><Code>SlowDown</Code></Error>' },
        { kind: 'network' },
        { kind: 'status', status: 429 },
      ],
    });
    const { sleep, delays } = instantSleep();
    const events: HostingProgress[] = [];
    const hosted = await host({}, { fetch: recorder.fetch, sleep, random: () => 0 }).put(samples.faceMp4, {
      onProgress: (p) => events.push(p),
    });
    expect(hosted.outcome).toBe('uploaded');
    expect(recorder.count('PUT')).toBe(4);
    expect(delays).toEqual([2000, 500, 1000]);
    expect(events.filter((e) => e.phase === 'uploading').map((e) => e.attempt)).toEqual([1, 2, 3, 4, 4]);
    expect((await fetch(hosted.url)).status).toBe(200);
  });

  it('gives up after the last attempt with an "unavailable" error', async () => {
    const faults = Array.from({ length: 5 }, () => ({ kind: 'status', status: 500 }) as const);
    const recorder = recordingFetch({ PUT: [...faults] });
    const { sleep } = instantSleep();
    const error = await rejection(host({}, { fetch: recorder.fetch, sleep }).put(samples.dubWav));
    expect(error).toMatchObject({ reason: 'unavailable', status: 500 });
    expect(error.message).toContain('Uploading dub.wav failed: the store is unavailable (HTTP 500');
    expect(recorder.count('PUT')).toBe(5);
  });

  it('does not wait for a Retry-After longer than a minute', async () => {
    const recorder = recordingFetch({ PUT: [{ kind: 'status', status: 503, retryAfter: '3600' }] });
    const { sleep, delays } = instantSleep();
    const error = await rejection(host({}, { fetch: recorder.fetch, sleep }).put(samples.dubWav));
    expect(error).toMatchObject({ reason: 'unavailable', status: 503 });
    expect(recorder.count('PUT')).toBe(1);
    expect(delays).toEqual([]);
  });
});

describe('abort', () => {
  it('an already-aborted signal sends nothing', async () => {
    const recorder = recordingFetch();
    const controller = new AbortController();
    controller.abort();
    const error = await abortRejection(
      host({}, { fetch: recorder.fetch }).put(samples.faceMp4, { signal: controller.signal }),
    );
    expect(error.name).toBe('AbortError');
    expect(recorder.calls).toHaveLength(0);
  });

  it('abort while hashing stops before any request', async () => {
    const path = await randomFile(join(fixture.dir, 'hash-abort.mp4'), 16 * 1024 * 1024);
    const recorder = recordingFetch();
    const controller = new AbortController();
    const error = await abortRejection(
      host({}, { fetch: recorder.fetch }).put(path, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'hashing') setTimeout(() => controller.abort(), 1);
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(recorder.calls).toHaveLength(0);
  });

  it('an upload aborted half-way leaves no object, and is not retried', async () => {
    const path = await randomFile(join(fixture.dir, 'abort.mp4'), 24 * 1024 * 1024);
    const recorder = recordingFetch();
    const h = host({}, { fetch: recorder.fetch });
    const controller = new AbortController();
    const error = await abortRejection(
      h.put(path, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'uploading' && p.sentBytes >= 8 * 1024 * 1024) controller.abort();
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(error).toBe(controller.signal.reason);
    expect(recorder.count('PUT')).toBe(1);

    const key = `${h.settings.prefix}${await sha256File(path)}.mp4`;
    expect(await headStatus(h, key)).toBe(404);
    // And it stays gone once the server has finished with the broken request.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await headStatus(h, key)).toBe(404);
  });

  it('abort during a backoff wait stops at once, with no further attempt', async () => {
    const recorder = recordingFetch({ PUT: [{ kind: 'status', status: 503 }] });
    const controller = new AbortController();
    const error = await abortRejection(
      host(
        {},
        {
          fetch: recorder.fetch,
          sleep: (_ms, signal) => {
            controller.abort();
            return Promise.reject(signal?.aborted ? new Error('aborted') : new Error('not aborted'));
          },
        },
      ).put(samples.dubWav, { signal: controller.signal }),
    );
    expect(error.name).toBe('AbortError');
    expect(recorder.count('PUT')).toBe(1);
  });
});
