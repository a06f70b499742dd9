import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** `missing`: no Authorization header at all (RunComfy's 401001), else a token it does not accept (400004). */
export type AuthResult = { ok: true } | { ok: false; message: string; missing: boolean };

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
      return {
        ok: false,
        missing: true,
        message: 'Missing Authorization header: send "Authorization: Bearer <token>".',
      };
    }
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      return {
        ok: false,
        missing: true,
        message: 'Malformed Authorization header: expected "Bearer <token>".',
      };
    }
    const given = digest(match[1]);
    let accepted = false;
    for (const known of digests) accepted = timingSafeEqual(given, known) || accepted;
    return accepted ? { ok: true } : { ok: false, missing: false, message: 'Invalid API token.' };
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
