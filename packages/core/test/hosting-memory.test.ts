import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import type { UploadBody, UploadSource } from '../src/index.js';
import { createNodeInputHost, FILE_CHUNK_BYTES, fileUploadSource } from '../src/node.js';
import { randomFile, useS3Fixture } from './hosting-fixtures.js';

const fixture = useS3Fixture();

/**
 * Memory is sampled right after a forced garbage collection, so the numbers are what is alive (buffers held by
 * the upload), not garbage V8 has not collected yet.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Wraps a file source to record the size of every chunk the upload reads. */
function observed(source: UploadSource, chunks: number[]): UploadSource {
  return {
    name: source.name,
    sizeBytes: source.sizeBytes,
    contentType: source.contentType,
    sha256: (signal) => source.sha256(signal),
    async openBody(): Promise<UploadBody> {
      const body = await source.openBody();
      if (body.kind !== 'stream') throw new Error('expected a stream body in Node');
      const reader = body.stream.getReader();
      return {
        kind: 'stream',
        stream: new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              const { done, value } = await reader.read();
              if (done) return controller.close();
              chunks.push(value.byteLength);
              controller.enqueue(value);
            },
            cancel: (reason) => reader.cancel(reason),
          },
          { highWaterMark: 0 },
        ),
      };
    },
  };
}

it('streams a 90 MB file from disk with flat memory', async () => {
  const size = 90 * 1024 * 1024;
  const path = await randomFile(join(fixture.dir, 'big.mp4'), size);
  const chunks: number[] = [];
  const source = observed(await fileUploadSource(path), chunks);
  const h = createNodeInputHost({ provider: 's3', s3: fixture.local.settings });
  // Warm up first, so code loaded by the first upload (ours, s3rver's, node:http's) is not counted.
  await h.put(await randomFile(join(fixture.dir, 'warm-up.mp4'), 2 * 1024 * 1024));

  gc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakBuffers = baseline.arrayBuffers;
  let samples = 0;
  const sampler = setInterval(() => {
    gc();
    samples += 1;
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  }, 40);
  let hosted: Awaited<ReturnType<typeof h.put>>;
  try {
    hosted = await h.put(source);
  } finally {
    clearInterval(sampler);
  }

  expect(hosted.outcome).toBe('uploaded');
  // The whole file went up, in chunks no larger than the read size.
  expect(chunks.reduce((a, b) => a + b, 0)).toBe(size);
  expect(Math.max(...chunks)).toBeLessThanOrEqual(FILE_CHUNK_BYTES);
  const stored = await fetch(hosted.url, { method: 'GET', headers: { Range: 'bytes=0-0' } });
  await stored.body?.cancel();
  expect(stored.status).toBe(206);
  expect((await stat(path)).size).toBe(size);

  // s3rver runs in this process too, so this bounds both sides. Holding the file in memory would add ≥ 90 MB
  // of ArrayBuffers (Node's own fetch did exactly that: see node-transport.ts).
  const rssGrowth = peakRss - baseline.rss;
  const bufferGrowth = peakBuffers - baseline.arrayBuffers;
  console.info(
    `90 MB upload: peak live RSS +${(rssGrowth / 2 ** 20).toFixed(1)} MiB, ArrayBuffers +${(bufferGrowth / 2 ** 20).toFixed(1)} MiB over ${samples} samples`,
  );
  expect(samples).toBeGreaterThan(5);
  expect(bufferGrowth).toBeLessThan(24 * 1024 * 1024);
  expect(rssGrowth).toBeLessThan(40 * 1024 * 1024);
}, 60_000);
