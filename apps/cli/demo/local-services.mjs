// Local stand-ins for the two services a real run talks to, on free loopback ports: the react-1 emulator
// (RunComfy's Model API) and s3rver (S3-compatible storage for uploads). Used by the demo and the CLI tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@reanimate/emulator';
import S3rver from 's3rver';

/**
 * s3rver 3.7 accepts only the access key S3RVER/S3RVER and checks presigned URLs' parameters and expiry, not
 * their signatures; every request goes to 127.0.0.1.
 */
export async function startLocalS3({ bucket = 'reanimate' } = {}) {
  const directory = await mkdtemp(join(tmpdir(), 'reanimate-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    /** Environment for the CLI: every storage setting it needs. */
    env: {
      REANIMATE_S3_ENDPOINT: endpoint,
      REANIMATE_S3_BUCKET: bucket,
      REANIMATE_S3_REGION: 'us-east-1',
      REANIMATE_S3_ACCESS_KEY_ID: 'S3RVER',
      REANIMATE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    directory,
    async close() {
      // fetch's keep-alive sockets would otherwise hold close() open.
      server.httpServer?.closeAllConnections?.();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The emulator and the local S3 together, plus the environment that points the CLI at both. */
export async function startServices({ token = 'demo-token', emulator: emulatorOptions = {} } = {}) {
  const s3 = await startLocalS3();
  let emulator;
  try {
    emulator = await startEmulator({
      port: 0,
      tokens: [token],
      processing: { fixedMs: 50 },
      ...emulatorOptions,
    });
  } catch (error) {
    await s3.close();
    throw error;
  }
  return {
    emulator,
    s3,
    env: { RUNCOMFY_BASE_URL: emulator.url, RUNCOMFY_API_TOKEN: token, ...s3.env },
    async close() {
      await Promise.allSettled([emulator.close(), s3.close()]);
    },
  };
}
