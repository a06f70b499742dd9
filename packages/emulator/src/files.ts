import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { sendError } from './http.js';

interface StoredOutput {
  path: string;
  expiresAt: number;
}

/**
 * Hosted output files, like the service's CDN: each URL carries an expiry and a signature (a presigned URL), and
 * stops working `ttlMs` after the job finished, when the file is also deleted.
 */
export class OutputStore {
  private readonly outputs = new Map<string, StoredOutput>();
  private readonly secret = randomBytes(32);
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(Math.max(ttlMs, 1000), 60_000));
    this.sweeper.unref();
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** Where the renderer writes the output of job `id`. */
  pathFor(id: string): string {
    return join(this.dir, `${id}.mp4`);
  }

  /** Makes the file downloadable; returns its path and query, to be put on the server's origin. */
  publish(id: string, finishedAt: number): string {
    const expiresAt = finishedAt + this.ttlMs;
    this.outputs.set(id, { path: this.pathFor(id), expiresAt });
    const expires = String(Math.ceil(expiresAt / 1000));
    return `/files/${encodeURIComponent(id)}/output.mp4?Expires=${expires}&Signature=${this.sign(id, expires)}`;
  }

  async serve(req: IncomingMessage, res: ServerResponse, id: string, query: URLSearchParams): Promise<void> {
    const stored = this.outputs.get(id);
    if (!stored) {
      sendError(res, 404, 'not_found', 'No such file.');
      return;
    }
    if (this.now() >= stored.expiresAt) {
      await this.expire(id);
      sendError(
        res,
        404,
        'output_expired',
        'This output has expired: output files are kept for a limited time.',
      );
      return;
    }
    const expires = query.get('Expires') ?? '';
    const signature = query.get('Signature') ?? '';
    if (!this.verify(id, expires, signature)) {
      sendError(
        res,
        403,
        'signature_mismatch',
        'The URL signature is missing or does not match: use the URL as given.',
      );
      return;
    }

    let size: number;
    try {
      size = (await stat(stored.path)).size;
    } catch {
      sendError(res, 404, 'not_found', 'No such file.');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': 'video/mp4',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, max-age=0',
      'Last-Modified': new Date(stored.expiresAt - this.ttlMs).toUTCString(),
    };
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      sendError(
        res,
        416,
        'range_not_satisfiable',
        `The file has ${size} bytes.`,
        {},
        { 'Content-Range': `bytes */${size}` },
      );
      return;
    }
    const [start, end] = range ?? [0, size - 1];
    const length = size === 0 ? 0 : end - start + 1;
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'Content-Length': String(length),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(stored.path, { start, end });
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  }

  /** Deletes every output whose time is up. */
  async sweep(): Promise<void> {
    const now = this.now();
    const expired = [...this.outputs].filter(([, stored]) => now >= stored.expiresAt).map(([id]) => id);
    await Promise.all(expired.map((id) => this.expire(id)));
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private async expire(id: string): Promise<void> {
    const stored = this.outputs.get(id);
    if (!stored) return;
    // Kept in the map so later requests still get "expired" rather than "never existed".
    await rm(stored.path, { force: true });
  }

  private sign(id: string, expires: string): string {
    return createHmac('sha256', this.secret).update(`${id}\n${expires}`).digest('hex');
  }

  private verify(id: string, expires: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(id, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** A single `bytes=` range; undefined means serve the whole file (absent, multi-range or not understood). */
export function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  let start: number;
  let end: number;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}
