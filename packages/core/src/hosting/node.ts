// Input hosting, Node-only part: files on disk, streamed hashing and uploads.

import type { InputHostConfig } from './factory.js';
import { createInputHost } from './factory.js';
import { ensureWebCrypto, fileUploadSource } from './node-file.js';
import { nodeFetch } from './node-transport.js';
import type { S3Host, S3HostDeps } from './s3.js';
import type { S3Settings, S3SettingsInput } from './settings.js';
import type { InputHost } from './types.js';

export { ensureWebCrypto, FILE_CHUNK_BYTES, fileUploadSource, sha256File } from './node-file.js';
export { nodeFetch } from './node-transport.js';

/**
 * `createInputHost` for Node: uploads local paths, streamed from disk through node:http(s) (`nodeFetch`), so
 * memory stays flat whatever the file size.
 */
export function createNodeInputHost(
  config: { provider: 's3'; s3: S3SettingsInput | S3Settings },
  deps?: S3HostDeps,
): S3Host;
export function createNodeInputHost(config: InputHostConfig, deps?: S3HostDeps): InputHost;
export function createNodeInputHost(config: InputHostConfig, deps: S3HostDeps = {}): InputHost {
  ensureWebCrypto();
  return createInputHost(config, { openFile: (path) => fileUploadSource(path), fetch: nodeFetch, ...deps });
}
