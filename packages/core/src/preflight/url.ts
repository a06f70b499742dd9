import { isLoopbackHost } from '../net.js';
import { redactUrl } from '../redact.js';

export type UrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/**
 * react-1 fetches inputs itself, over the internet: only http(s), and plain http only for this computer (the
 * emulator and tests), since a public service will not fetch from the user's loopback anyway.
 */
export function checkInputUrl(text: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      ok: false,
      problem: 'is neither an http(s) URL nor a file: give an https:// URL or a local file',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // Named, not shown: a data: URL can be megabytes long.
    return {
      ok: false,
      problem:
        'cannot be fetched by react-1, which takes only https:// URLs: give an https:// URL or a local file',
    };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem:
        'uses plain http://: react-1 fetches inputs over https only; use the https:// address of the file',
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      problem:
        'contains a user name or password, which would be sent to the service: use a presigned or public URL',
    };
  }
  return { ok: true, url };
}

/** How messages show a URL: no query string (presigned signatures), no credentials, no data: payloads. */
export function urlLabel(text: string): string {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    const head = trimmed.split('?')[0] ?? '';
    return `"${head.length > 80 ? `${head.slice(0, 77)}…` : head}"`;
  }
  // A data: or blob: URL has no host and can be megabytes long: name its scheme only.
  return url.host ? redactUrl(url) : `a ${url.protocol} URL`;
}
