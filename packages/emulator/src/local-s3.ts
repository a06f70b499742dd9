/// <reference path="./s3rver.d.ts" />
// The local S3-compatible store that stands in for the user's bucket in tests and the demo.
/**
 * A real S3-compatible server on loopback for tests and the demo: s3rver, with a fresh temp directory.
 *
 * s3rver 3.7.1 checks that presigned URLs carry every SigV4 parameter, that they have not expired, and that
 * the access key id exists (its only key is S3RVER/S3RVER), but it does not verify signatures. To run the same
 * tests against a server that does (MinIO, R2), set REANIMATE_TEST_S3_ENDPOINT, REANIMATE_TEST_S3_BUCKET,
 * REANIMATE_TEST_S3_ACCESS_KEY_ID, REANIMATE_TEST_S3_SECRET_ACCESS_KEY (and optionally
 * REANIMATE_TEST_S3_REGION); nothing else changes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3SettingsInput } from '@reanimate/core';
import S3rver from 's3rver';

export interface LocalS3 {
  /** e.g. http://127.0.0.1:49152 */
  endpoint: string;
  bucket: string;
  /** Ready for `createS3Host` / `createNodeInputHost({ provider: 's3', s3: settings })`. */
  settings: S3SettingsInput;
  /** True when the server checks signatures (an external server configured by environment). */
  verifiesSignatures: boolean;
  close(): Promise<void>;
}

export async function startLocalS3(options: { bucket?: string } = {}): Promise<LocalS3> {
  const env = process.env;
  if (env.REANIMATE_TEST_S3_ENDPOINT) {
    const bucket = env.REANIMATE_TEST_S3_BUCKET ?? options.bucket ?? 'reanimate-test';
    return {
      endpoint: env.REANIMATE_TEST_S3_ENDPOINT,
      bucket,
      settings: {
        endpoint: env.REANIMATE_TEST_S3_ENDPOINT,
        bucket,
        ...(env.REANIMATE_TEST_S3_REGION ? { region: env.REANIMATE_TEST_S3_REGION } : {}),
        accessKeyId: env.REANIMATE_TEST_S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.REANIMATE_TEST_S3_SECRET_ACCESS_KEY ?? '',
        prefix: `reanimate-test/${Date.now().toString(36)}/`,
      },
      verifiesSignatures: true,
      close: async () => {},
    };
  }

  const bucket = options.bucket ?? 'bucket';
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
    settings: { endpoint, bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' },
    verifiesSignatures: false,
    async close() {
      // Keep-alive sockets from fetch would hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
