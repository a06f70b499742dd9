import { join } from 'node:path';
import { inspect } from 'node:util';
import { samples } from '@reanimate/samples';
import { describe, expect, it, vi } from 'vitest';
import { createS3Host, type FetchLike, parseS3Settings, type S3SettingsInput } from '../src/index.js';
import { createNodeInputHost, nodeFetch } from '../src/node.js';
import { closedPort, instantSleep, randomFile, useS3Fixture } from './hosting-fixtures.js';

/**
 * Secrets must never reach a message, hint, cause, JSON of an error, or the console: neither the secret access
 * key, the session token, nor any presigned signature. s3rver accepts any secret, so a recognisable one is
 * used against it on every failure path we can provoke.
 */
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-do-not-leak';
const TOKEN = 'FwoGZXIvYXdzEXAMPLE-session-token-do-not-leak';

const fixture = useS3Fixture();

describe('secrets never appear in errors or logs', () => {
  it('across every failure path', async () => {
    const signatures = new Set<string>();
    /** Records every signature sent, then behaves as told. */
    const spying =
      (behave: FetchLike = nodeFetch): FetchLike =>
      (url, init) => {
        const signature = new URL(url).searchParams.get('X-Amz-Signature');
        if (signature) signatures.add(signature);
        return behave(url, init);
      };
    const { sleep } = instantSleep();
    const settings = (overrides: Partial<S3SettingsInput> = {}): S3SettingsInput => ({
      ...fixture.local.settings,
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      ...overrides,
    });
    const host = (overrides: Partial<S3SettingsInput>, behave?: FetchLike) =>
      createNodeInputHost({ provider: 's3', s3: settings(overrides) }, { fetch: spying(behave), sleep });

    // Fetch failures whose text carries the full presigned URL, like some fetch implementations produce.
    const leakyNetworkError: FetchLike = async (url) => {
      throw new TypeError(`fetch failed: ${url}`, {
        cause: Object.assign(new Error(`connect ECONNRESET ${url} secret=${SECRET}`), { code: 'ECONNRESET' }),
      });
    };
    // A store whose error body echoes the request, as AWS's SignatureDoesNotMatch does.
    const echoingStore: FetchLike = async (url) =>
      new Response(
        `<Error><Code>SignatureDoesNotMatch</Code><Message>Signature mismatch for ${url} with ${SECRET}</Message>` +
          `<SignatureProvided>${new URL(url).searchParams.get('X-Amz-Signature')}</SignatureProvided>` +
          `<StringToSign>AWS4-HMAC-SHA256</StringToSign></Error>`,
        { status: 403 },
      );
    const unavailable: FetchLike = async () =>
      new Response('<Error><Code>InternalError</Code></Error>', { status: 500 });

    const port = await closedPort();
    const big = await randomFile(join(fixture.dir, 'big.mp4'), 12 * 1024 * 1024);
    const controller = new AbortController();
    const failures: Array<() => Promise<unknown>> = [
      () => host({ endpoint: `http://127.0.0.1:${port}` }).put(samples.faceMp4),
      () => host({ endpoint: `http://127.0.0.1:${port}` }).testConnection(),
      () =>
        host({ endpoint: `http://127.0.0.1:${port}` }).delete(
          `http://127.0.0.1:${port}/${fixture.local.bucket}/reanimate/x.mp4`,
        ),
      () => host({ bucket: 'missing-bucket' }).put(samples.dubWav),
      () => host({ accessKeyId: 'AKIAUNKNOWN' }).put(big),
      () => host({}, leakyNetworkError).put(samples.faceMov),
      () => host({}, leakyNetworkError).testConnection(),
      () => host({}, echoingStore).put(samples.faceWebm),
      () => host({}, echoingStore).testConnection(),
      () => host({}, unavailable).put(samples.dubMp3),
      () => host({}, unavailable).delete(host({}).objectUrl('reanimate/abc.mp4')),
      () =>
        host({}).put(big, {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.sentBytes > 2 * 1024 * 1024) controller.abort();
          },
        }),
      async () => parseS3Settings({ ...settings(), endpoint: `https://AKIA:${SECRET}@s3.example.com` }),
      async () => createS3Host({ ...settings(), secretAccessKey: 42 } as unknown as S3SettingsInput),
      async () => host({}).put(`https://user:${SECRET}@cdn.example.com/a.mp4`),
    ];

    const output: string[] = [];
    const capture =
      (stream: string) =>
      (...args: unknown[]) => {
        output.push(
          `${stream}: ${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' ')}`,
        );
      };
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(capture('log')),
      vi.spyOn(console, 'info').mockImplementation(capture('info')),
      vi.spyOn(console, 'warn').mockImplementation(capture('warn')),
      vi.spyOn(console, 'error').mockImplementation(capture('error')),
      vi.spyOn(console, 'debug').mockImplementation(capture('debug')),
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        output.push(`stdout: ${String(chunk)}`);
        return true;
      }),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        output.push(`stderr: ${String(chunk)}`);
        return true;
      }),
    ];
    const errors: unknown[] = [];
    try {
      for (const fail of failures) {
        const error = await fail().then(
          () => undefined,
          (e: unknown) => e,
        );
        errors.push(error);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(signatures.size).toBeGreaterThan(10);
    const texts = errors.map((error) => {
      const e = error as Error & { hint?: string; cause?: unknown };
      return [
        e.message,
        e.hint,
        String(e),
        JSON.stringify(e),
        inspect(e, { depth: 10 }),
        inspect(e.cause, { depth: 10 }),
      ].join('\n');
    });
    const everything = [...texts, ...output].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
    expect(everything).not.toMatch(/X-Amz-Signature=[0-9a-f]/i);
    for (const signature of signatures) expect(everything).not.toContain(signature);
    // The errors still say what happened.
    expect(texts[0]).toContain('ECONNREFUSED');
    expect(texts[3]).toContain('NoSuchBucket');
    expect(texts[5]).toContain('ECONNRESET');
    expect(texts[7]).toContain('SignatureDoesNotMatch');
    expect(texts[11]).toContain('AbortError');
    expect(output).toEqual([]);
  });
});
