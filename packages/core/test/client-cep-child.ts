// Runs ky and our client with the APIs Chromium 88 (CEP 11) lacks removed, before and after the polyfills.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// Node's own fetch (undici) needs these, so they cannot simply be deleted: they read as missing to every caller
// except Node internals, which is what ky and our code see in Chromium 88.
function hideFromUserland(target: object, name: string) {
  const real = (target as Record<string, unknown>)[name];
  Object.defineProperty(target, name, {
    configurable: true,
    get() {
      const caller = new Error().stack?.split('\n')[2] ?? '';
      return caller.includes('node:internal') ? real : undefined;
    },
  });
}
hideFromUserland(Object, 'hasOwn');
hideFromUserland(Array.prototype, 'at');
hideFromUserland(AbortSignal.prototype, 'throwIfAborted');

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ request_id: 'r1', status: 'in_queue', queue_position: 4 }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { createClient, installCepPolyfills } = await import('../src/client/index.js');
const client = createClient({ token: 'cep-token', baseUrl, retry: { maxAttempts: 1 } });
const before = await client.getStatus('r1').then(
  () => 'ok',
  (error: unknown) => String(error),
);
const installed = installCepPolyfills();
const after = await client.getStatus('r1').then(
  (status) => `ok ${status.status} ${status.queuePosition}`,
  (error: unknown) => String(error),
);
server.closeAllConnections();
server.close();
process.stdout.write(`${JSON.stringify({ before, installed, after, again: installCepPolyfills() })}\n`);
