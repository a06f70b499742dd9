// Input hosting, universal part: no node: imports (file access lives in ./node.ts). Exports are listed one by
// one so generic helpers (sleep, hex, retry parsing) stay internal and cannot clash with other modules at the
// package root.

// Storage retries follow the client's one retry policy, with a longer cap.
export {
  DEFAULT_STORAGE_RETRY_POLICY as DEFAULT_HOSTING_RETRY_POLICY,
  type RetryPolicy as HostingRetryPolicy,
} from '../client/retry-policy.js';
export { contentKey, contentTypeFor, extensionOf, sha256Blob } from './content-key.js';
export { HostingError, type HostingErrorReason, type S3SettingName } from './errors.js';
export { createInputHost, type InputHostConfig } from './factory.js';
export * from './release-unused.js';
export {
  type ConnectionCheck,
  createS3Host,
  type FetchLike,
  type S3Host,
  type S3HostDeps,
} from './s3.js';
export {
  DEFAULT_PREFIX,
  DEFAULT_URL_EXPIRES_SEC,
  defaultPathStyle,
  inferRegion,
  MAX_URL_EXPIRES_SEC,
  MIN_URL_EXPIRES_SEC,
  parseS3Settings,
  type S3Settings,
  type S3SettingsInput,
  s3SettingsSchema,
} from './settings.js';
export { type PresignMethod, type PresignRequest, presignUrl, type SigningCredentials } from './sigv4.js';
export { blobUploadSource } from './sources.js';
export type {
  HostedInput,
  HostInput,
  HostingPhase,
  HostingProgress,
  InputHost,
  PutOptions,
  UploadBody,
  UploadSource,
} from './types.js';
export { checkRemoteUrl, createUrlHost } from './url.js';
