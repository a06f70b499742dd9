import { abortReason, DownloadError, looksLikeMp4 } from '@reanimate/core';
import type { NodeClientRequest, NodeHttpModule, NodeIncoming } from './node-fetch.ts';

/** The parts of Node's fs a streamed download needs, typed narrowly: `require('fs')` in CEP. */
export interface NodeWritable {
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  once(event: 'drain' | 'close', fn: () => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
}
export interface NodeFsForDownload {
  createWriteStream(path: string, options: { flags: 'wx' }): NodeWritable;
  promises: {
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    link(existing: string, newPath: string): Promise<void>;
    rename(from: string, to: string): Promise<void>;
    rm(path: string, options: { force: true }): Promise<void>;
    stat(path: string): Promise<unknown>;
  };
}
interface NodeDownloadResponse {
  statusCode?: number | undefined;
  headers: NodeIncoming['headers'];
  on(event: 'data', fn: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', fn: () => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

const MAX_REDIRECTS = 5;
const SIGNATURE_BYTES = 8;

/** Folder, separator and file name of an absolute path (POSIX or Windows). */
const splitPath = (path: string) => {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) throw new DownloadError('write', `Not an absolute path: ${path}`);
  return { folder: path.slice(0, cut), sep: path.charAt(cut), name: path.slice(cut + 1) };
};

/** `name.mp4`, then `name (2).mp4`, `name (3).mp4`…: the n-th candidate for a file that must not overwrite. */
export function candidateName(destination: string, n: number): string {
  if (n <= 1) return destination;
  const { folder, sep, name } = splitPath(destination);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  return `${folder}${sep}${stem} (${n})${ext}`;
}

const exists = (fs: NodeFsForDownload, path: string) =>
  fs.promises.stat(path).then(
    () => true,
    () => false,
  );

/**
 * Moves the finished temp file to the first free name: a hard link fails with EEXIST instead of replacing a file
 * that appeared meanwhile; where links are not supported (FAT/exFAT, some shares), check, then rename.
 */
async function commit(fs: NodeFsForDownload, temp: string, destination: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const target = candidateName(destination, n);
    if (await exists(fs, target)) continue;
    try {
      await fs.promises.link(temp, target);
      await fs.promises.rm(temp, { force: true });
      return target;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EEXIST') continue;
      await fs.promises.rename(temp, target);
      return target;
    }
  }
  throw new DownloadError('exists', `No free file name beside ${destination}.`);
}

/**
 * Streams a result to disk with flat memory: Node http(s) GET (redirects followed) → a temp file beside the
 * destination → Content-Length (when sent) and an MP4/MOV signature checked → moved to a free name (never
 * overwriting: "name (2).mp4"). Any failure or abort removes the partial file. Returns the final path.
 */
export async function downloadToFile(
  modules: { http: NodeHttpModule; https: NodeHttpModule; fs: NodeFsForDownload },
  url: string,
  destination: string,
  signal?: AbortSignal,
): Promise<string> {
  if (signal?.aborted) throw abortReason(signal);
  const { fs } = modules;
  const { folder, sep, name } = splitPath(destination);
  // "/x.mp4": the root folder itself.
  await fs.promises.mkdir(folder || sep, { recursive: true });
  const temp = `${folder}${sep}.${name}.${Math.random().toString(36).slice(2, 10)}.part`;
  try {
    await stream(modules, new URL(url), temp, signal, 0);
    if (signal?.aborted) throw abortReason(signal);
    return await commit(fs, temp, destination);
  } catch (error) {
    await fs.promises.rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

function stream(
  modules: { http: NodeHttpModule; https: NodeHttpModule; fs: NodeFsForDownload },
  url: URL,
  temp: string,
  signal: AbortSignal | undefined,
  redirects: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let request: NodeClientRequest | undefined;
    let file: NodeWritable | undefined;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) return resolve();
      request?.destroy();
      if (!file) return reject(error);
      // Wait for the file to close, so the caller can remove it (Windows refuses to delete an open file).
      file.once('close', () => reject(error));
      file.destroy();
    };
    const onAbort = () => finish(abortReason(signal));
    signal?.addEventListener('abort', onAbort, { once: true });

    const transport = url.protocol === 'https:' ? modules.https : modules.http;
    request = transport.request(url, { method: 'GET', headers: {} }, (incoming) => {
      if (settled) return;
      const response = incoming as unknown as NodeDownloadResponse;
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && typeof location === 'string') {
        response.resume();
        if (redirects >= MAX_REDIRECTS) {
          finish(new DownloadError('http', 'Downloading the result failed: too many redirects.'));
          return;
        }
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        stream(modules, new URL(location, url), temp, signal, redirects + 1).then(resolve, reject);
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        finish(new DownloadError('http', `Downloading the result failed: HTTP ${status}.`, { status }));
        return;
      }
      const lengthHeader = response.headers['content-length'];
      const expected = typeof lengthHeader === 'string' ? Number(lengthHeader) : undefined;
      const out = modules.fs.createWriteStream(temp, { flags: 'wx' });
      file = out;
      out.on('error', (error) =>
        finish(new DownloadError('write', `Could not write ${temp}: ${error.message}`, { cause: error })),
      );
      let received = 0;
      let head = new Uint8Array(0);
      response.on('data', (chunk) => {
        if (settled) return;
        if (head.length < SIGNATURE_BYTES) {
          const joined = new Uint8Array(head.length + chunk.length);
          joined.set(head);
          joined.set(chunk, head.length);
          head = joined.subarray(0, Math.min(joined.length, SIGNATURE_BYTES));
          if (head.length >= SIGNATURE_BYTES && !looksLikeMp4(head)) {
            finish(notVideo());
            return;
          }
        }
        received += chunk.length;
        if (!out.write(chunk)) {
          response.pause();
          out.once('drain', () => response.resume());
        }
      });
      response.on('error', (error) =>
        finish(new DownloadError('truncated', `The download broke off: ${error.message}`, { cause: error })),
      );
      // A connection that drops without 'end' (or 'error', depending on the Node version) is a truncation.
      let ended = false;
      response.on('close', () => {
        if (!ended) finish(new DownloadError('truncated', `The download broke off after ${received} bytes.`));
      });
      response.on('end', () => {
        ended = true;
        if (settled) return;
        if (head.length < SIGNATURE_BYTES) return finish(notVideo());
        if (expected !== undefined && Number.isFinite(expected) && received !== expected) {
          return finish(
            new DownloadError(
              'truncated',
              `The download is incomplete: ${received} of ${expected} bytes arrived.`,
            ),
          );
        }
        out.once('close', () => finish());
        out.end();
      });
    });
    request.on('error', (error) =>
      finish(new DownloadError('http', `Downloading the result failed: ${error.message}`, { cause: error })),
    );
    request.end();
  });
}

const notVideo = () =>
  new DownloadError('not_video', 'The service returned something that is not an MP4/MOV video.');
