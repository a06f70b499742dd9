import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/pool.js';

export type Role = 'admin' | 'editor';

export interface User {
  id: string;
  name: string;
  role: Role;
}

/** `rk_` and 32 random bytes: long enough that a plain SHA-256 of it is a safe thing to store (no salt needed). */
export function newApiKey(): string {
  return `rk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Adds a user and returns their key: shown once, stored only hashed. */
export async function addUser(db: Database, name: string, role: Role): Promise<{ user: User; key: string }> {
  const key = newApiKey();
  const id = `u_${randomBytes(8).toString('hex')}`;
  await db.query('INSERT INTO users (id, name, role, key_hash) VALUES ($1, $2, $3, $4)', [
    id,
    name,
    role,
    hashApiKey(key),
  ]);
  return { user: { id, name, role }, key };
}

/** The user a bearer key belongs to, or undefined. Looked up by hash: the key itself is never stored or logged. */
export async function userForKey(db: Database, key: string): Promise<User | undefined> {
  if (!/^rk_[A-Za-z0-9_-]{20,}$/.test(key)) return undefined;
  const row = await db.query<User>('SELECT id, name, role FROM users WHERE key_hash = $1', [hashApiKey(key)]);
  return row.rows[0];
}
