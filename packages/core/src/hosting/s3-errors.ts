import { redactSecrets, redactUrl } from '../redact.js';
import { HostingError, type HostingErrorReason, type S3SettingName } from './errors.js';

/**
 * Turning a store's refusal into an actionable `HostingError`. S3 error bodies can echo the request
 * (`SignatureProvided`, `StringToSign`, `CanonicalRequest`), so only `Code` and `Message` are read, and even
 * those are scrubbed.
 */

export interface S3ErrorBody {
  code: string | undefined;
  message: string | undefined;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]{0,500})</${tag}>`).exec(xml);
  return match?.[1]
    ?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name] ?? '')
    .trim();
}

/** Reads `<Code>` and `<Message>` of an S3 error response; HEAD responses have no body. */
export async function readS3Error(response: Response): Promise<S3ErrorBody> {
  let text = '';
  try {
    text = (await response.text()).slice(0, 64 * 1024);
  } catch {
    // A body we cannot read is as good as none.
  }
  return { code: xmlText(text, 'Code'), message: xmlText(text, 'Message') };
}

/** Context for messages: what we were doing and where, already safe to show. */
export interface S3ErrorContext {
  /** e.g. "Uploading face.mp4", "Checking the connection". */
  action: string;
  /** Redacted endpoint origin. */
  endpoint: string;
  bucket: string;
  /** Strings that must never appear in a message (secret, signatures of URLs in flight). */
  secrets: ReadonlyArray<string | undefined>;
}

interface Diagnosis {
  reason: HostingErrorReason;
  setting?: S3SettingName;
  what: string;
  hint: string;
}

function diagnose(
  status: number,
  code: string | undefined,
  message: string | undefined,
  ctx: S3ErrorContext,
): Diagnosis {
  switch (code) {
    case 'InvalidAccessKeyId':
      return {
        reason: 'bad_credentials',
        setting: 'accessKeyId',
        what: 'the store does not know this access key id',
        hint: 'Check the accessKeyId storage setting: copy the access key id again from your storage provider.',
      };
    case 'SignatureDoesNotMatch':
      return {
        reason: 'bad_credentials',
        setting: 'secretAccessKey',
        what: 'the request signature does not match',
        hint: 'Check the secretAccessKey storage setting (copy it again, without spaces); if it is right, check region.',
      };
    case 'InvalidToken':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return {
        reason: 'bad_credentials',
        setting: 'sessionToken',
        what: 'the session token is invalid or expired',
        hint: 'Renew the temporary credentials and update sessionToken, accessKeyId and secretAccessKey.',
      };
    case 'NoSuchBucket':
      return {
        reason: 'no_such_bucket',
        setting: 'bucket',
        what: `bucket "${ctx.bucket}" does not exist at this endpoint`,
        hint: 'Check the bucket storage setting (names are case-sensitive), or create the bucket in your storage console.',
      };
    case 'InvalidBucketName':
      return {
        reason: 'rejected',
        setting: 'bucket',
        what: `the store refuses the bucket name "${ctx.bucket}"`,
        hint: 'Check the bucket storage setting.',
      };
    case 'AuthorizationHeaderMalformed':
    case 'AuthorizationQueryParametersError':
    case 'IllegalLocationConstraintException':
    case 'PermanentRedirect':
      return {
        reason: 'wrong_region',
        setting: 'region',
        what: 'the region does not match the bucket',
        hint: `Set region to the bucket's region (or leave it empty to infer it from the endpoint), and check endpoint.`,
      };
    case 'RequestTimeTooSkewed':
      return {
        reason: 'clock_skew',
        what: "this computer's clock differs too much from the store's",
        hint: "Set this computer's clock automatically (network time), then try again.",
      };
    case 'AccessDenied':
      if (message && /expired/i.test(message)) {
        return {
          reason: 'clock_skew',
          what: 'the store considers the signed URL expired',
          hint: "Check this computer's clock (network time); presigned URLs are dated by it.",
        };
      }
      return {
        reason: 'access_denied',
        what: 'access denied',
        hint:
          'The credentials work but may not write, read or delete here: allow s3:PutObject, s3:GetObject and ' +
          's3:DeleteObject on the bucket and prefix for this key.',
      };
    case 'EntityTooLarge':
      return {
        reason: 'rejected',
        what: 'the store refuses an object this large',
        hint: 'react-1 accepts inputs up to 100 MB; use a smaller or shorter file.',
      };
    default:
      break;
  }
  if (status === 403) {
    return {
      reason: 'access_denied',
      what: 'access denied',
      hint: 'Check accessKeyId, secretAccessKey and region, and that the key may write, read and delete in the bucket.',
    };
  }
  if (status === 404) {
    return {
      reason: 'no_such_bucket',
      setting: 'bucket',
      what: 'not found',
      hint: 'Check the bucket and endpoint storage settings.',
    };
  }
  if (status === 301 || status === 307) {
    return {
      reason: 'wrong_region',
      setting: 'region',
      what: 'the store redirects elsewhere',
      hint: 'Use the endpoint of the region the bucket lives in, and set region to match.',
    };
  }
  if (status === 429 || status >= 500) {
    return {
      reason: 'unavailable',
      what: 'the store is unavailable',
      hint: 'The storage service is busy or failing; wait a little and try again.',
    };
  }
  return { reason: 'rejected', what: 'the store refused the request', hint: 'Check the storage settings.' };
}

export function s3ResponseError(status: number, body: S3ErrorBody, ctx: S3ErrorContext): HostingError {
  const d = diagnose(status, body.code, body.message, ctx);
  const code = body.code ? ` ${body.code}` : '';
  const detail = body.message ? `: ${scrubUrls(redactSecrets(body.message, ctx.secrets))}` : '';
  return new HostingError(
    d.reason,
    `${ctx.action} failed: ${d.what} (HTTP ${status}${code} from ${ctx.endpoint}, bucket ${ctx.bucket})${detail}.`,
    {
      hint: d.hint,
      status,
      ...(d.setting ? { setting: d.setting } : {}),
      ...(body.code ? { serviceCode: body.code } : {}),
    },
  );
}

/**
 * A copy of a thrown value that is safe to keep as `cause`: name, code and scrubbed message only. fetch errors
 * can carry the request (and so the presigned URL) in nested causes.
 */
export function safeCause(error: unknown, secrets: ReadonlyArray<string | undefined>): Error {
  const raw = error instanceof Error ? error : new Error(String(error));
  const nested = (raw as { cause?: unknown }).cause;
  const code =
    (raw as { code?: unknown }).code ??
    (typeof nested === 'object' && nested !== null ? (nested as { code?: unknown }).code : undefined);
  const nestedMessage = nested instanceof Error ? ` (${nested.message})` : '';
  const message = scrubUrls(redactSecrets(`${raw.message}${nestedMessage}`, secrets));
  const copy = new Error(message);
  copy.name = raw.name;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}

/** Replaces any URL in free text by its redacted form (no query, no user info). */
export function scrubUrls(text: string): string {
  return text
    .replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url))
    .replace(/(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s"'<>]*/gi, '$1=***');
}

/** The low-level reason of a fetch failure, e.g. ECONNREFUSED, for messages. */
export function networkReason(error: unknown): string {
  const nested = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  const code =
    (typeof nested === 'object' && nested !== null ? (nested as { code?: unknown }).code : undefined) ??
    (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'network error';
}

export function unreachableError(action: string, error: unknown, ctx: S3ErrorContext): HostingError {
  return new HostingError(
    'unreachable',
    `${action} failed: could not reach the storage endpoint ${ctx.endpoint} (${networkReason(error)}).`,
    {
      setting: 'endpoint',
      hint: 'Check the endpoint storage setting and the network connection (VPN, proxy, firewall), then try again.',
      cause: safeCause(error, ctx.secrets),
    },
  );
}
