// Peak memory of hashing and uploading a 100 MB input through the UXP platform (UXP `fs` reads a file whole), to a
// real S3-compatible store (s3rver). Run: npm run bench -w @reanimate/uxp. Node stands in for UXP's engine here;
// the figure to read is the growth over the file's own size.
import { mkdtempSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3Host } from '@reanimate/core';
import { startLocalS3 } from '@reanimate/emulator';
import { createUxpPlatform } from '../src/platform/uxp-platform.ts';
import { nodeUxpFs } from '../test/node-uxp-fs.ts';

const MB = 1024 * 1024;
const folder = mkdtempSync(join(tmpdir(), 'reanimate-uxp-bench-'));
const path = join(folder, 'input.mp4');
// An MP4-looking header, then 100 MB: the store does not care what is inside.
// Just under react-1's 100 MB (decimal) limit for video.
const bytes = new Uint8Array(99_900_000);
bytes.set(new TextEncoder().encode('\0\0\0\x18ftypisom'), 0);
for (let i = 64; i < bytes.length; i += 4096) bytes[i] = i & 0xff;
writeFileSync(path, bytes);

const uxpFs = nodeUxpFs();

const s3 = await startLocalS3({ bucket: 'bench' });
const platform = createUxpPlatform({
  fs: uxpFs,
  secureStorage: { getItem: async () => undefined, setItem: async () => {}, removeItem: async () => {} },
  dataFolder: join(folder, 'data'),
  tempFolder: join(folder, 'tmp'),
  pluginFolder: folder,
});
const host = createS3Host(s3.settings, { fetch: (url, init) => platform.core.fetch(url, init) });
globalThis.gc?.();
const base = process.memoryUsage().rss;
let peak = base;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const started = performance.now();
const source = await platform.core.files?.uploadSource(path);
if (!source) throw new Error('no upload source');
const put = await host.put(source);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const figures = {
  file_mb: Math.round((bytes.length / MB) * 10) / 10,
  rss_growth_mb: Math.round(((peak - base) / MB) * 10) / 10,
  seconds: Math.round(performance.now() - started) / 1000,
  uploaded: Boolean(put.url),
};
console.log(JSON.stringify(figures));
await s3.close();
await fs.rm(folder, { recursive: true, force: true });
