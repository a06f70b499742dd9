import { z } from 'zod';
import { type FieldIssue, InputError } from '../errors.js';
import { isLoopbackHost } from '../net.js';
import type { S3SettingName } from './errors.js';

/** SigV4 presigned URLs live at most 7 days. */
export const MAX_URL_EXPIRES_SEC = 604_800;
/** react-1 may queue a job for a while before fetching its inputs: shorter URLs are a foot-gun. */
export const MIN_URL_EXPIRES_SEC = 60;
export const DEFAULT_URL_EXPIRES_SEC = 3600;
export const DEFAULT_PREFIX = 'reanimate/';

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const ENDPOINT_EXAMPLES =
  'e.g. https://s3.us-east-1.amazonaws.com, https://<account-id>.r2.cloudflarestorage.com, ' +
  'https://s3.us-west-004.backblazeb2.com or http://127.0.0.1:9000';

function requiredString(setting: S3SettingName, what: string) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `${setting} is required: ${what}`
          : `${setting} must be a string: ${what}`,
    })
    .trim()
    .min(1, { error: `${setting} is required: ${what}` });
}

const endpointSchema = requiredString('endpoint', `the URL of the S3 API, ${ENDPOINT_EXAMPLES}`)
  .superRefine((value, ctx) => {
    const url = parseUrl(value);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
      ctx.addIssue({
        code: 'custom',
        message: `endpoint must be an https:// URL of the S3 API, ${ENDPOINT_EXAMPLES}`,
      });
      return;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'endpoint must use https://; plain http:// is allowed only for a server on this computer (localhost, 127.0.0.1)',
      });
    }
    // The message must not echo the value: it could carry credentials.
    if (url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'endpoint must not contain a user name or password: use accessKeyId and secretAccessKey',
      });
    }
    if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
      ctx.addIssue({
        code: 'custom',
        message:
          'endpoint must be only scheme, host and port (no path or query): put the bucket name in bucket and folders in prefix',
      });
    }
  })
  .transform((value) => new URL(value).origin);

/** AWS's rules, which every S3-compatible store we target accepts. */
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const bucketSchema = requiredString('bucket', 'the name of the bucket that receives uploads').refine(
  (value) => BUCKET_RE.test(value) && !value.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(value),
  {
    error:
      'bucket must be 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit',
  },
);

/** Kept to characters that need no escaping anywhere, so keys look the same in URLs, logs and consoles. */
const PREFIX_RE = /^[A-Za-z0-9._\-/]*$/;
const prefixSchema = z
  .string({ error: 'prefix must be a string, e.g. "reanimate/"' })
  .trim()
  .max(200, { error: 'prefix must be at most 200 characters' })
  .refine((value) => PREFIX_RE.test(value), {
    error: 'prefix may contain only letters, digits, ".", "_", "-" and "/"',
  })
  .refine((value) => !value.split('/').some((part) => part === '..' || part === '.'), {
    error: 'prefix must not contain "." or ".." folders',
  })
  // A folder, not a name fragment: "uploads" and "/uploads/" both mean "uploads/".
  .transform((value) => {
    const trimmed = value.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
    return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
  })
  .default(DEFAULT_PREFIX);

const regionSchema = z
  .string({ error: 'region must be a string, e.g. "us-east-1" or "auto"' })
  .trim()
  .refine((value) => /^[a-z0-9-]{1,40}$/.test(value), {
    error: 'region must look like "us-east-1", "eu-central-003" or "auto"',
  })
  .optional();

export const s3SettingsSchema = z
  .strictObject(
    {
      endpoint: endpointSchema,
      /** Inferred from the endpoint when absent; see `inferRegion`. */
      region: regionSchema,
      bucket: bucketSchema,
      prefix: prefixSchema,
      accessKeyId: requiredString('accessKeyId', 'the access key id of the storage credentials'),
      secretAccessKey: z
        .string({
          error: (issue) =>
            issue.input === undefined
              ? 'secretAccessKey is required: the secret access key of the storage credentials'
              : 'secretAccessKey must be a string',
        })
        .min(1, { error: 'secretAccessKey is required: the secret access key of the storage credentials' }),
      /** For temporary (STS) credentials. */
      sessionToken: z.string({ error: 'sessionToken must be a string' }).min(1).optional(),
      /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`; defaulted by `defaultPathStyle`. */
      pathStyle: z.boolean({ error: 'pathStyle must be true or false' }).optional(),
      urlExpiresInSec: z
        .number({ error: `urlExpiresInSec must be a number of seconds` })
        .int({ error: 'urlExpiresInSec must be a whole number of seconds' })
        .min(MIN_URL_EXPIRES_SEC, {
          error: `urlExpiresInSec must be at least ${MIN_URL_EXPIRES_SEC} seconds: react-1 may queue a job before fetching its inputs`,
        })
        .max(MAX_URL_EXPIRES_SEC, {
          error: `urlExpiresInSec must be at most ${MAX_URL_EXPIRES_SEC} seconds (7 days), the limit of S3 presigned URLs`,
        })
        .default(DEFAULT_URL_EXPIRES_SEC),
      /** Keep uploads after the job ends (they are deleted by default). */
      keep: z.boolean({ error: 'keep must be true or false' }).default(false),
    },
    {
      error: (issue) => (issue.code === 'invalid_type' ? 'S3 settings must be an object' : undefined),
    },
  )
  .transform((value) => ({
    ...value,
    region: value.region ?? inferRegion(value.endpoint),
    pathStyle: value.pathStyle ?? defaultPathStyle(value.endpoint, value.bucket),
  }));

/** What the user or config file provides. */
export type S3SettingsInput = z.input<typeof s3SettingsSchema>;
/** Validated, with every default filled in. */
export type S3Settings = z.output<typeof s3SettingsSchema>;

/**
 * The SigV4 region when none is given: read from well-known endpoints (AWS, Backblaze B2, Wasabi), `auto` for
 * Cloudflare R2, and `us-east-1` otherwise (MinIO's default, and what most self-hosted stores accept).
 */
export function inferRegion(endpoint: string): string {
  const host = parseUrl(endpoint)?.hostname.toLowerCase() ?? '';
  if (host.endsWith('.r2.cloudflarestorage.com')) return 'auto';
  const named =
    /^s3[.-](?:dualstack\.)?([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host) ??
    /^s3\.([a-z0-9-]+)\.backblazeb2\.com$/.exec(host) ??
    /^s3\.([a-z0-9-]+)\.wasabisys\.com$/.exec(host);
  return named?.[1] ?? 'us-east-1';
}

/**
 * Path-style everywhere except AWS, which prefers virtual-hosted buckets; buckets with dots stay path-style
 * there too, since `a.b.s3.amazonaws.com` does not match AWS's TLS certificate.
 */
export function defaultPathStyle(endpoint: string, bucket: string): boolean {
  const host = parseUrl(endpoint)?.hostname.toLowerCase() ?? '';
  const isAws = host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn');
  return !isAws || bucket.includes('.');
}

function issuesOf(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          field: key,
          message: `unknown setting "${key}": S3 storage takes endpoint, region, bucket, prefix, accessKeyId, secretAccessKey, sessionToken, pathStyle, urlExpiresInSec, keep`,
        });
      }
      continue;
    }
    issues.push({ field: issue.path.length ? issue.path.join('.') : '(root)', message: issue.message });
  }
  return issues;
}

/** Validates and fills defaults, or throws an `InputError` naming each bad setting (never echoing values). */
export function parseS3Settings(input: unknown): S3Settings {
  const result = s3SettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const lines = issues.map((issue) => `  - ${issue.message}`).join('\n');
  throw new InputError(`Invalid S3 storage settings:\n${lines}`, {
    issues,
    hint: 'Fix the storage settings listed above; nothing was uploaded.',
  });
}
