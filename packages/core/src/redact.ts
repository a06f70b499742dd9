/**
 * What of a URL may be shown to a user or written to a log: scheme, host, port and path. Query strings carry
 * presigned signatures and user info carries credentials, so both are dropped.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '<invalid url>';
  }
  const query = parsed.search ? '?…' : '';
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}

/** Replaces every occurrence of each secret in `text`; secrets shorter than 4 characters are left alone. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
