import { createHash } from 'node:crypto';
import { InputError } from '@reanimate/core';
import type { Database } from '../db/pool.js';

/** react-1's own limit on an input; a larger body is not hashed to the end. */
const MAX_INPUT_BYTES = 100 * 1024 * 1024;

/**
 * The content hash of an input URL, for dedup: the same file under two URLs (two editors' uploads of one clip) is
 * one input. A URL already hashed with the same ETag (or Last-Modified) and length is answered from the database;
 * otherwise its body is streamed through SHA-256 once.
 */
export async function inputHash(
  db: Database,
  url: string,
  role: 'video' | 'audio',
  fetcher: typeof fetch = fetch,
): Promise<{ sha256: string; bytes: number }> {
  const where = `${role}.url`;
  let head: Response;
  try {
    head = await fetcher(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new InputError(`The ${role} URL could not be reached: ${(error as Error).message}.`, {
      hint: `Check ${where}: it must be a URL the server can fetch (the team's bucket).`,
    });
  }
  if (!head.ok) {
    throw new InputError(`The ${role} URL answered HTTP ${head.status}.`, {
      hint: `Check ${where}: the object must exist and be readable (a presigned URL may have expired).`,
    });
  }
  const validator = `${head.headers.get('etag') ?? head.headers.get('last-modified') ?? ''}|${head.headers.get('content-length') ?? ''}`;
  const known = validator.startsWith('|')
    ? undefined
    : (
        await db.query<{ sha256: string; bytes: string }>(
          'SELECT sha256, bytes FROM input_hashes WHERE url = $1 AND validator = $2',
          [url, validator],
        )
      ).rows[0];
  if (known) return { sha256: known.sha256, bytes: Number(known.bytes) };
  const response = await fetcher(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok || !response.body) {
    throw new InputError(`The ${role} URL answered HTTP ${response.status}.`, { hint: `Check ${where}.` });
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > MAX_INPUT_BYTES) {
      throw new InputError(`The ${role} file is larger than react-1's 100 MB limit.`, {
        hint: `Shorten or compress it (${where}).`,
      });
    }
    hash.update(chunk);
  }
  const sha256 = hash.digest('hex');
  if (!validator.startsWith('|')) {
    await db.query(
      'INSERT INTO input_hashes (url, validator, sha256, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [url, validator, sha256, bytes],
    );
  }
  return { sha256, bytes };
}
