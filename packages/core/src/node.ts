// Node-only entry: core's file-system and socket code bound to Node's own modules. The code itself is universal
// (it takes the modules as an argument, see platform/node-modules.ts); only this file imports `node:`.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadWith } from './client/download.js';
import type { DownloadOptions, DownloadResult } from './client/download-types.js';
import { createInputHost, type InputHostConfig } from './hosting/factory.js';
import { fileUploadSourceWith, sha256FileWith } from './hosting/node-file.js';
import type { S3Host, S3HostDeps } from './hosting/s3.js';
import type { S3Settings, S3SettingsInput } from './hosting/settings.js';
import type { InputHost, UploadSource } from './hosting/types.js';
import { createFileJournalWith, type FileJournalOptions } from './journal/file.js';
import type { Journal } from './journal/types.js';
import { type FileByteSource, openFileByteSource } from './media/file-source.js';
import type { ProbeOptions } from './media/probe.js';
import { probeFileWith } from './media/probe-file.js';
import type { MediaProbe } from './media/types.js';
import { createNodeFetch, type NodeFetch } from './platform/node-fetch.js';
import type { NodeModules } from './platform/node-modules.js';
import { createNodePlatform, type NodePlatformOptions } from './platform/node-platform.js';
import type { Platform } from './platform/types.js';
import { checkInput, checkInputs } from './preflight/check.js';
import type {
  CheckedInput,
  CheckedInputs,
  CheckInputsOptions,
  InputRole,
  InputSource,
} from './preflight/types.js';

export type { DownloadOptions, DownloadProgress, DownloadResult } from './client/download-types.js';
export { FILE_CHUNK_BYTES } from './hosting/node-file.js';
export type { FileJournalOptions } from './journal/file.js';

/** Node's own modules, in the shape core's universal code takes them. */
export const nodeModules: NodeModules = { fs, path, os, crypto, http, https, process };

/**
 * Node 18 has WebCrypto only as `node:crypto`'s `webcrypto`; the global arrived in Node 19. The signer
 * (aws4fetch) and the journal's input hash use the global, so install it when missing.
 */
export function ensureWebCrypto(): void {
  const g = globalThis as { crypto?: { subtle?: unknown } };
  if (!g.crypto?.subtle) {
    Object.defineProperty(globalThis, 'crypto', {
      value: crypto.webcrypto,
      configurable: true,
      writable: true,
    });
  }
}

/** The file journal: one JSON file per job, atomic writes, cross-process claims. */
export function createFileJournal(options: FileJournalOptions): Journal {
  return createFileJournalWith(nodeModules, options);
}

/** Streams an output to disk, atomically (see downloadWith). */
export function download(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  return downloadWith(nodeModules, url, dest, options);
}

/** Probes a file on disk without reading it whole. */
export function probeFile(file: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  return probeFileWith(nodeModules, file, options);
}

export function openFileSource(file: string): Promise<FileByteSource> {
  return openFileByteSource(nodeModules, file);
}

/** SHA-256 of a file, read chunk by chunk. */
export function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  return sha256FileWith(nodeModules, file, signal);
}

/** A file on disk (a path or a file: URL) as an upload source: hashed and uploaded by streaming. */
export function fileUploadSource(
  pathOrUrl: string | URL,
  options: { name?: string; contentType?: string } = {},
): Promise<UploadSource> {
  ensureWebCrypto();
  const file =
    pathOrUrl instanceof URL || /^file:\/\//i.test(pathOrUrl) ? fileURLToPath(pathOrUrl) : pathOrUrl;
  return fileUploadSourceWith(nodeModules, file, options);
}

/** fetch for Node: streamed request bodies through node:http(s) (flat memory), everything else Node's fetch. */
export const nodeFetch: NodeFetch = createNodeFetch(nodeModules, {
  fallback: (input, init) => globalThis.fetch(input, init),
});

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
  return createInputHost(config, { openFile: (file) => fileUploadSource(file), fetch: nodeFetch, ...deps });
}

/** `checkInputs` able to probe `{ kind: 'file', path }` inputs on disk (streamed, never read whole). */
export function checkInputsNode(
  inputs: { video: InputSource; audio: InputSource },
  options: CheckInputsOptions = {},
): Promise<CheckedInputs> {
  return checkInputs(inputs, { probeFile: (file) => probeFile(file), ...options });
}

/** `checkInput` (one input on its own) able to probe a `{ kind: 'file', path }` on disk. */
export function checkInputNode(
  role: InputRole,
  source: InputSource,
  options: CheckInputsOptions = {},
): Promise<CheckedInput> {
  return checkInput(role, source, { probeFile: (file) => probeFile(file), ...options });
}

/** The Node platform on Node's own modules (the CLI's); see createNodePlatform. */
export function nodePlatform(options: Omit<NodePlatformOptions, 'fetchFallback'>): Platform {
  ensureWebCrypto();
  return createNodePlatform(nodeModules, {
    ...options,
    fetchFallback: (input, init) => globalThis.fetch(input, init),
  });
}
