// Shared helpers for the hosting tests (not a test file itself).
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalS3, startLocalS3 } from '@reanimate/emulator';
import { afterAll, beforeAll } from 'vitest';
import type { FetchLike } from '../src/hosting/index.js';
import { nodeFetch } from '../src/node.js';

export interface RecordedCall {
  method: string;
  url: string;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'network'; message?: string };

/**
 * The real transport (`nodeFetch`, as `createNodeInputHost` uses), recording every request, with optional injected failures for chosen methods. The store
 * behind it is real (s3rver); only transport faults are simulated.
 */
export function recordingFetch(faults: Partial<Record<string, Fault[]>> = {}) {
  const calls: RecordedCall[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url });
    const fault = faults[method]?.shift();
    if (fault?.kind === 'network') {
      throw new TypeError(fault.message ?? 'fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    }
    if (fault?.kind === 'status') {
      return new Response(fault.body ?? '', {
        status: fault.status,
        headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      });
    }
    return nodeFetch(url, init);
  };
  const count = (method: string) => calls.filter((call) => call.method === method).length;
  return { fetch: fetchFn, calls, count };
}

/** Sleep that returns at once and remembers what was asked. */
export function instantSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number, signal?: AbortSignal) => {
      delays.push(ms);
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    },
  };
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'reanimate-hosting-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A file of `size` random bytes, written in 1 MiB blocks (incompressible, unique per call). */
export async function randomFile(path: string, size: number): Promise<string> {
  const handle = await open(path, 'w');
  try {
    const block = randomBytes(1024 * 1024);
    let written = 0;
    while (written < size) {
      const n = Math.min(block.length, size - written);
      await handle.write(block, 0, n);
      written += n;
      block[0] = (block[0]! + 1) & 0xff;
    }
  } finally {
    await handle.close();
  }
  return path;
}

export async function smallFile(path: string, text: string): Promise<string> {
  await writeFile(path, text);
  return path;
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * A local S3 store and a scratch folder for the whole test file, started before its tests and removed after.
 * Read `fixture.local` / `fixture.dir` inside tests (they are set once `beforeAll` has run).
 */
export function useS3Fixture(): { readonly local: LocalS3; readonly dir: string } {
  let local: LocalS3 | undefined;
  let tmp: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    local = await startLocalS3();
    tmp = await tempDir();
  });
  afterAll(async () => {
    await local?.close();
    await tmp?.cleanup();
  });
  return {
    get local() {
      if (!local) throw new Error('useS3Fixture: the store is not started yet (read it inside a test)');
      return local;
    },
    get dir() {
      if (!tmp) throw new Error('useS3Fixture: the folder is not made yet (read it inside a test)');
      return tmp.dir;
    },
  };
}
