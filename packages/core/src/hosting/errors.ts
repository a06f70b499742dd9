import { type ErrorCode, ReanimateError, type ReanimateErrorOptions } from '../errors.js';

/**
 * Why storage refused or failed, so a CLI or panel can react (highlight a setting, offer a retry) without
 * parsing messages.
 */
export type HostingErrorReason =
  /** The store does not know the access key id, or the signature (secret) does not match. */
  | 'bad_credentials'
  /** Credentials are valid but lack permission for this bucket or prefix. */
  | 'access_denied'
  | 'no_such_bucket'
  /** The region in the signature is not the bucket's region. */
  | 'wrong_region'
  /** The presigned URL was already expired when it arrived: usually this computer's clock is off. */
  | 'clock_skew'
  /** DNS, TCP or TLS failure, or the connection dropped, after retries. */
  | 'unreachable'
  /** 5xx or 429 after retries. */
  | 'unavailable'
  /** Any other refusal from the store. */
  | 'rejected'
  /** A local file was given but no storage is configured to upload it. */
  | 'not_configured'
  /** The file changed (size or modification time) between hashing and uploading. */
  | 'source_changed'
  /** The runtime lacks something hosting needs (WebCrypto, a file opener). */
  | 'unsupported_runtime';

/** Names of the S3 settings an error can point at, for the panel to highlight. */
export type S3SettingName =
  | 'endpoint'
  | 'region'
  | 'bucket'
  | 'prefix'
  | 'accessKeyId'
  | 'secretAccessKey'
  | 'sessionToken'
  | 'pathStyle'
  | 'urlExpiresInSec'
  | 'keep';

/**
 * Storage (S3-compatible store or URL passthrough) failed or refused. Messages name the endpoint, bucket and
 * key only: never a secret, never a presigned query string. `cause` is a sanitised copy, never the raw fetch
 * error, because Node prints causes in full.
 */
export class HostingError extends ReanimateError {
  readonly reason: HostingErrorReason;
  /** The setting the user should check, when one is to blame. */
  readonly setting: S3SettingName | undefined;
  /** HTTP status from the store, when it answered. */
  readonly status: number | undefined;
  /** The store's error code (`NoSuchBucket`, `SignatureDoesNotMatch`, ...), when it sent one. */
  readonly serviceCode: string | undefined;

  constructor(
    reason: HostingErrorReason,
    message: string,
    options: ReanimateErrorOptions & { setting?: S3SettingName; status?: number; serviceCode?: string } = {},
  ) {
    super('hosting' satisfies ErrorCode, message, options);
    this.name = 'HostingError';
    this.reason = reason;
    this.setting = options.setting;
    this.status = options.status;
    this.serviceCode = options.serviceCode;
  }

  static override isInstance(value: unknown): value is HostingError {
    return ReanimateError.isInstance(value) && value.code === 'hosting';
  }
}
