import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AuthResult = { ok: true } | { ok: false; message: string };

/**
 * Checks `Authorization: Bearer <token>` against the accepted tokens. Tokens are compared as SHA-256 digests in
 * constant time, and only digests are kept, so a token never sits in the emulator's state or leaks through a
 * timing difference. Messages say what is wrong without ever repeating what was sent.
 */
export function createAuthenticator(tokens: readonly string[]): (req: IncomingMessage) => AuthResult {
  const digests = tokens.map(digest);
  return (req) => {
    const header = req.headers.authorization;
    if (!header) {
      return { ok: false, message: 'Missing Authorization header: send "Authorization: Bearer <token>".' };
    }
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      return { ok: false, message: 'Malformed Authorization header: expected "Bearer <token>".' };
    }
    const given = digest(match[1]);
    let accepted = false;
    for (const known of digests) accepted = timingSafeEqual(given, known) || accepted;
    return accepted ? { ok: true } : { ok: false, message: 'Invalid API token.' };
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
