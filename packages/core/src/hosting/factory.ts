import { InputError } from '../errors.js';
import { createS3Host, type S3Host, type S3HostDeps } from './s3.js';
import type { S3Settings, S3SettingsInput } from './settings.js';
import type { InputHost } from './types.js';
import { createUrlHost } from './url.js';

/** Which host to use, as a CLI config or the panel stores it. */
export type InputHostConfig = { provider: 'url' } | { provider: 's3'; s3: S3SettingsInput | S3Settings };

export function createInputHost(
  config: { provider: 's3'; s3: S3SettingsInput | S3Settings },
  deps?: S3HostDeps,
): S3Host;
export function createInputHost(config: InputHostConfig, deps?: S3HostDeps): InputHost;
export function createInputHost(config: InputHostConfig, deps: S3HostDeps = {}): InputHost {
  const provider = (config as { provider?: unknown } | undefined)?.provider;
  if (provider === 's3') return createS3Host((config as { s3: S3SettingsInput }).s3, deps);
  if (provider === 'url') return createUrlHost();
  throw new InputError('Invalid storage settings: provider must be "s3" or "url".', {
    issues: [
      { field: 'provider', message: 'must be "s3" (upload local files) or "url" (already hosted media)' },
    ],
    hint: 'Use "s3" to upload local files to your own bucket, or "url" for media that already has an https URL.',
  });
}
