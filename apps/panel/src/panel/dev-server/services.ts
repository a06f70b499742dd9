// Node only: the local stand-ins the browser harness runs against (emulator, S3 store, sample media), used by
// `vite` / `vite preview` through vite.config.ts and by the e2e suite's static server.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { type Emulator, type LocalS3, startEmulator, startLocalS3 } from '@reanimate/emulator';
import { mediaDir } from '@reanimate/samples';
import parseRange from 'range-parser';
import { DEV_CONFIG_PATH, type DevConfig, MEDIA_PATH } from '../dev-config.ts';
import { type CorsProxy, startCorsProxy } from './cors-proxy.ts';

export interface DevServices {
  config: DevConfig;
  emulator: Emulator;
  s3: LocalS3;
  /** Connect-style middleware: serves the dev config and the sample media; calls `next` for anything else. */
  middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  close(): Promise<void>;
}

export interface DevServicesOptions {
  token?: string;
  /** Minimum processing time of a job in the emulator. */
  processingMs?: number;
  workers?: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export async function startDevServices(options: DevServicesOptions = {}): Promise<DevServices> {
  const token = options.token ?? 'dev-token';
  const emulator = await startEmulator({
    tokens: [token],
    processing: { fixedMs: options.processingMs ?? 300 },
    workers: options.workers ?? 2,
  });
  const s3 = await startLocalS3({ bucket: 'reanimate' });
  const proxies: CorsProxy[] = [await startCorsProxy(emulator.url), await startCorsProxy(s3.endpoint)];
  const [apiProxy, s3Proxy] = proxies as [CorsProxy, CorsProxy];

  const config = (origin: string): DevConfig => ({
    apiBaseUrl: apiProxy.url,
    token,
    s3: {
      endpoint: s3Proxy.url,
      bucket: s3.bucket,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      region: 'us-east-1',
    },
    mediaBaseUrl: `${origin}${MEDIA_PATH}`,
  });

  return {
    config: config(''),
    emulator,
    s3,
    middleware(req, res, next) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === DEV_CONFIG_PATH) {
        const origin = `http://${req.headers.host ?? 'localhost'}`;
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(config(origin)));
        return;
      }
      if (url.pathname.startsWith(MEDIA_PATH)) {
        const file = join(mediaDir, basename(decodeURIComponent(url.pathname.slice(MEDIA_PATH.length))));
        if (!existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        const ext = file.slice(file.lastIndexOf('.'));
        const size = statSync(file).size;
        const headers = {
          'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
          'access-control-allow-origin': '*',
          // A <video> seeks only in media served with byte ranges, as CEP's file:// media is; the face check seeks.
          'accept-ranges': 'bytes',
        };
        const ranges = req.headers.range ? parseRange(size, req.headers.range) : undefined;
        if (ranges === -1) {
          res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
          return;
        }
        const range = Array.isArray(ranges) && ranges.type === 'bytes' ? ranges[0] : undefined;
        if (range) {
          res.writeHead(206, {
            ...headers,
            'content-range': `bytes ${range.start}-${range.end}/${size}`,
            'content-length': String(range.end - range.start + 1),
          });
          createReadStream(file, { start: range.start, end: range.end }).pipe(res);
          return;
        }
        res.writeHead(200, { ...headers, 'content-length': String(size) });
        createReadStream(file).pipe(res);
        return;
      }
      next();
    },
    async close() {
      await Promise.all(proxies.map((proxy) => proxy.close()));
      await Promise.all([emulator.close(), s3.close()]);
    },
  };
}
