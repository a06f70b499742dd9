import { InputError } from '../errors.js';
import { isLoopbackHost } from '../net.js';
import { redactUrl } from '../redact.js';
import { baseName } from './content-key.js';
import { HostingError } from './errors.js';
import type { HostedInput, HostInput, InputHost } from './types.js';

/** `http://` or `https://` at the start: a remote URL rather than a local path. */
const HTTP_RE = /^https?:\/\//i;
/** Some other scheme (`file:`, `data:`, `blob:`, `ftp:`); single letters are Windows drives (`C:\clip.mp4`). */
const OTHER_SCHEME_RE = /^[a-z][a-z0-9+.-]+:/i;

/** True when `input` is a URL to pass through rather than a file to upload. */
export function isRemoteUrl(input: HostInput): input is string | URL {
  if (input instanceof URL) return true;
  return typeof input === 'string' && (HTTP_RE.test(input.trim()) || isOtherScheme(input));
}

function isOtherScheme(input: string): boolean {
  const trimmed = input.trim();
  return OTHER_SCHEME_RE.test(trimmed) && !/^file:/i.test(trimmed);
}

/**
 * Checks a URL given for passthrough: react-1 only fetches public https URLs. Plain http is let through only
 * for this computer (the emulator and local tests). Returns the URL unchanged.
 */
export function checkRemoteUrl(input: string | URL): string {
  const text = String(input).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`"${redactUrl(text)}" is not a valid URL.`, {
      issues: [{ field: 'url', message: 'must be an https:// URL' }],
      hint: 'Give an https:// URL that anyone can download, or a local file with S3 storage configured.',
    });
  }
  // Other schemes are named, not shown: a data: URL can be megabytes long.
  const shown =
    url.protocol === 'http:' || url.protocol === 'https:' ? redactUrl(url) : `${url.protocol} URLs`;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new InputError(`${shown} cannot be used: react-1 only fetches public https:// URLs.`, {
      issues: [{ field: 'url', message: 'must be an https:// URL' }],
      hint: 'Host the file somewhere that serves it over https, or configure S3 storage so Reanimate uploads it.',
    });
  }
  if (url.username || url.password) {
    throw new InputError(`${shown} contains a user name or password, which would be sent to the service.`, {
      issues: [{ field: 'url', message: 'must not contain credentials' }],
      hint: 'Use a presigned or public URL instead of one with credentials in it.',
    });
  }
  return text;
}

export function passthrough(input: string | URL): HostedInput {
  return { url: checkRemoteUrl(input), expiresAt: null, outcome: 'passthrough' };
}

export function localFileNotHostable(input: HostInput): HostingError {
  const name = typeof input === 'string' ? baseName(input.replace(/^file:\/\//i, '')) : 'this file';
  return new HostingError(
    'not_configured',
    `"${name}" is a local file, and react-1 only fetches public https:// URLs: it has to be uploaded first.`,
    {
      hint:
        'Configure S3 storage (an S3-compatible bucket: AWS S3, Cloudflare R2, Backblaze B2, Wasabi, MinIO) so ' +
        'Reanimate can upload it, or give an https:// URL of media that is already hosted.',
    },
  );
}

/** Passthrough for media that is already hosted: returns URLs unchanged, refuses local files. */
export function createUrlHost(): InputHost {
  return {
    kind: 'url',
    async put(input, options = {}) {
      if (isRemoteUrl(input)) {
        const hosted = passthrough(input);
        options.onProgress?.({
          name: baseName(redactUrl(hosted.url).replace(/\?…$/, '')),
          ...(options.role === undefined ? {} : { role: options.role }),
          phase: 'done',
          sentBytes: 0,
          totalBytes: 0,
          attempt: 0,
          reused: true,
        });
        return hosted;
      }
      throw localFileNotHostable(input);
    },
    async delete() {
      return false;
    },
    async release() {
      return false;
    },
  };
}
