import { AwsV4Signer } from 'aws4fetch';
import { HostingError } from './errors.js';

/**
 * SigV4 query-string signing (presigned URLs) through aws4fetch's `AwsV4Signer`: a few KB, WebCrypto only,
 * so the same code runs in Node ≥ 18, browsers and CEP's Chromium 88. Every request we make to a store is a
 * presigned URL, so this is the only signing code path, and it is the one tested against AWS's published
 * example.
 *
 * aws4fetch details that matter here: with `signQuery` and service `s3` it signs the payload as
 * `UNSIGNED-PAYLOAD` and does not add `X-Amz-Content-Sha256` (it only does that for header signing), signs
 * only the `host` header, and defaults `X-Amz-Expires` to 86400, so we always set it ourselves.
 */

export type PresignMethod = 'GET' | 'HEAD' | 'PUT' | 'DELETE';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  region: string;
}

export interface PresignRequest {
  method: PresignMethod;
  /** The object URL, without query. */
  url: string;
  expiresInSec: number;
  /** Signing time; the URL is valid from then for `expiresInSec`. */
  now: Date;
}

/** `YYYYMMDDTHHMMSSZ`, SigV4's timestamp form. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * Node 18 has WebCrypto only as `require('node:crypto').webcrypto` (the global came in Node 19); the Node entry
 * installs it. Browsers expose it only in secure contexts (https, file://, localhost).
 */
export function assertWebCrypto(): void {
  const subtle = (globalThis as { crypto?: { subtle?: unknown } }).crypto?.subtle;
  if (!subtle) {
    throw new HostingError(
      'unsupported_runtime',
      'This runtime has no WebCrypto (crypto.subtle), needed to sign storage requests.',
      {
        hint: 'In Node, import from @reanimate/core/node (it installs WebCrypto on Node 18); in a browser, load the page over https.',
      },
    );
  }
}

export async function presignUrl(credentials: SigningCredentials, request: PresignRequest): Promise<string> {
  assertWebCrypto();
  const url = new URL(request.url);
  url.search = '';
  url.searchParams.set('X-Amz-Expires', String(request.expiresInSec));
  const signer = new AwsV4Signer({
    method: request.method,
    url: url.toString(),
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    service: 's3',
    region: credentials.region,
    datetime: amzDate(request.now),
    signQuery: true,
  });
  const signed = await signer.sign();
  return signed.url.toString();
}
