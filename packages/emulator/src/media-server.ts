import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { delay } from './http.js';

/** How one path is answered instead of (or before) serving the file. */
export interface MediaRule {
  /** Answer with this status (and a short text body) instead of the file. */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Serve the file with this Content-Type instead of the one its extension implies. */
  contentType?: string;
  /** Answer 302 with this Location (absolute, or a path on this server). */
  redirectTo?: string;
  /** Send the file without Content-Length (chunked), as a server that does not know the size would. */
  chunked?: boolean;
  /** Drop the connection without an answer for the first N requests to this path (a host closing a socket). */
  dropFirst?: number;
}

export interface MediaServerOptions {
  /** The folder served at the root. */
  dir: string;
  host?: string;
  port?: number;
  /** Added before every answer. */
  delayMs?: number;
  /** Per-path behaviour, keyed by URL path (e.g. `/face.mp4`). */
  rules?: Record<string, MediaRule>;
  /** Extra files outside `dir`, keyed by URL path: `{ '/slow/face.mp4': samples.faceMp4 }`. */
  files?: Record<string, string>;
}

export interface MediaServer {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** URL of a file in `dir`, by name (`face.mp4`) or absolute path; query strings can be appended by the caller. */
  urlFor(file: string): string;
  /** Sets or clears (`undefined`) the rule for a URL path. */
  setRule(path: string, rule: MediaRule | undefined): void;
  /** Every request answered: method and path. */
  readonly requests: ReadonlyArray<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.m4v': 'video/x-m4v',
  '.webm': 'video/webm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
};

/**
 * A tiny static file server for tests and demos: it stands in for wherever input media is hosted (a CDN, a
 * presigned bucket), so the emulator can fetch inputs over real HTTP. Supports GET/HEAD, single byte ranges, and
 * per-path 404s or delays.
 */
export async function startMediaServer(options: MediaServerOptions): Promise<MediaServer> {
  const root = resolve(options.dir);
  const rules = new Map(Object.entries(options.rules ?? {}));
  const extraFiles = new Map(
    Object.entries(options.files ?? {}).map(([path, file]) => [path, resolve(file)]),
  );
  const requests: Array<{ method: string; path: string; status: number }> = [];
  const sockets = new Set<Socket>();
  const hits = new Map<string, number>();

  const server = createServer((req, res) => {
    void answer(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('internal error\n');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://media.invalid').pathname);
    } catch {
      pathname = '/';
    }
    res.on('finish', () => requests.push({ method, path: pathname, status: res.statusCode }));
    const rule = rules.get(pathname);
    const seen = (hits.get(pathname) ?? 0) + 1;
    hits.set(pathname, seen);
    if (rule?.dropFirst !== undefined && seen <= rule.dropFirst) {
      req.socket.destroy();
      return;
    }
    await delay((options.delayMs ?? 0) + (rule?.delayMs ?? 0));
    if (rule?.redirectTo !== undefined) {
      res.writeHead(302, { Location: rule.redirectTo }).end();
      return;
    }
    if (rule?.status !== undefined) {
      res.writeHead(rule.status, { 'Content-Type': 'text/plain' }).end(`${rule.status}\n`);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = extraFiles.get(pathname) ?? resolve(root, `.${pathname}`);
    if (!extraFiles.has(pathname) && !file.startsWith(root + sep)) {
      res.writeHead(404).end('not found\n');
      return;
    }
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const type = rule?.contentType ?? TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (range && start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(range ? 206 : 200, {
      'Content-Type': type,
      ...(rule?.chunked ? {} : { 'Content-Length': String(size === 0 ? 0 : end - start + 1) }),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    createReadStream(file, { start, end })
      .on('error', () => res.destroy())
      .pipe(res);
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    urlFor(fileName) {
      const rel = isAbsolute(fileName) ? relative(root, fileName) : fileName;
      return `${url}/${rel.split(sep).map(encodeURIComponent).join('/')}`;
    },
    setRule(path, rule) {
      if (rule) rules.set(path, rule);
      else rules.delete(path);
    },
    requests,
    close() {
      return new Promise<void>((done) => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
