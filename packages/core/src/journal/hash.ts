import { JournalError } from './journal-error.js';

/** JSON with object keys sorted at every level and no whitespace, so equal inputs hash equal. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${entries.join(',')}}`;
}

/** sha-256 (lowercase hex) of the canonical JSON, via WebCrypto: the same code in Node, browsers and CEP. */
export async function hashInput(input: unknown): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new JournalError('WebCrypto (crypto.subtle) is not available in this runtime.', {
      hint: 'Use Node 20 or newer (Node 18 needs --experimental-global-webcrypto), or a secure browser context.',
    });
  }
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(input)));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
