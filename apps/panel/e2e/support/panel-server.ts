import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DevServices,
  type DevServicesOptions,
  startDevServices,
} from '../../src/panel/dev-server/services.ts';

export const DIST = fileURLToPath(new URL('../../dist/cep/', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface PanelServer {
  url: string;
  services: DevServices;
  close(): Promise<void>;
}

/**
 * Serves a BUILT page plus the same dev services `vite preview` gives the panel: the CEP panel's dist/cep by
 * default, or another build folder (the UXP plugin's browser harness).
 */
export async function startPanelServer(
  options: DevServicesOptions = {},
  root: string = DIST,
): Promise<PanelServer> {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      root === DIST
        ? 'apps/panel/dist/cep is missing: run `npm run build -w apps/panel` (or `npx vite build`) first.'
        : `${root}/index.html is missing: build it first.`,
    );
  }
  const services = await startDevServices(options);
  const server = createServer((req, res) => {
    services.middleware(req, res, () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const file = normalize(join(root, path === '/' ? 'index.html' : path));
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    services,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
