import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real HTTP server for pre-flight tests, on 127.0.0.1 and a free port. Files are served by name under
 * several routes that behave like the servers users point us at:
 *   /media/<name>     HEAD and Range, like S3 or any CDN
 *   /no-head/<name>   405 for HEAD, Range on GET
 *   /no-range/<name>  ignores Range: always 200 with the whole body
 *   /bare/<name>      both: 405 for HEAD, and Range ignored
 *   /missing/<name>   404          /private/<name>  403
 *   /page             an HTML page (a share link instead of a file)
 *   /hang             never answers
 */
export interface MediaServer {
  base: string;
  /** Every request served, with the body bytes actually written. */
  requests: Array<{
    method: string;
    path: string;
    range: string | undefined;
    status: number;
    bytesSent: number;
  }>;
  close(): Promise<void>;
}

export async function startMediaServer(files: Record<string, string>): Promise<MediaServer> {
  const requests: MediaServer['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record = { method: req.method ?? 'GET', path, range: req.headers.range, status: 0, bytesSent: 0 };
    requests.push(record);
    const send = (status: number, headers: Record<string, string | number>, body?: string) => {
      record.status = status;
      res.writeHead(status, headers);
      if (body !== undefined && req.method !== 'HEAD') record.bytesSent += Buffer.byteLength(body);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/hang') {
      hanging.add(res);
      return;
    }
    if (path === '/page') {
      const html =
        '<!DOCTYPE html><html><head><title>Shared video</title></head><body>Download</body></html>';
      return send(
        200,
        { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) },
        html,
      );
    }
    const [, route, name] = /^\/([a-z-]+)\/([^/]+)$/.exec(path) ?? [];
    if (route === 'missing') return send(404, { 'content-type': 'text/plain' }, 'Not Found');
    if (route === 'private') return send(403, { 'content-type': 'text/plain' }, 'Forbidden');
    const file = name === undefined ? undefined : files[name];
    if (!file || !['media', 'no-head', 'no-range', 'bare', 'presigned'].includes(route ?? ''))
      return send(404, {}, 'Not Found');
    // An S3 presigned GET URL: the signature covers the method, so HEAD is refused (403) and GET works.
    if (route === 'presigned' && req.method === 'HEAD')
      return send(403, { 'content-type': 'application/xml' });
    if ((route === 'no-head' || route === 'bare') && req.method === 'HEAD')
      return send(405, { allow: 'GET' });
    serveFile(req, res, file, route === 'media' || route === 'no-head' || route === 'presigned', record);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  rangesAllowed: boolean,
  record: MediaServer['requests'][number],
): void {
  const size = statSync(file).size;
  const headers = {
    'content-type': 'application/octet-stream',
    'accept-ranges': rangesAllowed ? 'bytes' : 'none',
  };
  const match = rangesAllowed ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
  let start = 0;
  let end = size - 1;
  if (match) {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    if (start >= size) {
      record.status = 416;
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    record.status = 206;
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': end - start + 1,
    });
  } else {
    record.status = 200;
    res.writeHead(200, { ...headers, 'content-length': size });
  }
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('data', (chunk) => {
    record.bytesSent += chunk.length;
  });
  // A client that stops reading (as the probe does when Range is ignored) closes the connection early.
  res.on('close', () => stream.destroy());
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
