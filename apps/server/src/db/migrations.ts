import type { Database } from './pool.js';

/**
 * The schema, as numbered migrations applied in order under an advisory lock (several servers and workers may
 * start at once; one migrates, the others wait and find it done). A migration is never edited once released: add
 * the next one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'team jobs, journal, leases, limits',
    sql: `
      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('admin', 'editor')),
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- One paid RunComfy job (one attempt of some inputs and options).
      CREATE TABLE runs (
        id text PRIMARY KEY,
        dedup_key text NOT NULL,
        attempt integer NOT NULL,
        spec jsonb NOT NULL,
        state text NOT NULL,
        requested_by text NOT NULL REFERENCES users (id),
        estimated_usd numeric,
        charged_usd numeric,
        request_id text,
        error jsonb,
        result_path text,
        output_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (dedup_key, attempt)
      );
      CREATE INDEX runs_unfinished ON runs (created_at) WHERE finished_at IS NULL;
      -- One editor's ask; several asks may share a run (the dedup).
      CREATE TABLE requests (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        run_id text NOT NULL REFERENCES runs (id),
        deduplicated boolean NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX requests_by_user ON requests (user_id, created_at DESC);
      -- core's journal, one record per job, and the leases that make "one owner at a time" hold across machines.
      CREATE TABLE journal (
        job_id text PRIMARY KEY,
        status text NOT NULL,
        revision integer NOT NULL,
        record jsonb NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE leases (
        job_id text PRIMARY KEY,
        owner text NOT NULL,
        until timestamptz NOT NULL
      );
      -- The account's concurrent RunComfy jobs: one row per slot.
      CREATE TABLE account_slots (
        slot integer PRIMARY KEY,
        run_id text,
        owner text,
        until timestamptz
      );
      -- When the service last asked every worker to back off (429 / Retry-After).
      CREATE TABLE rate_limit (
        id integer PRIMARY KEY CHECK (id = 1),
        resume_at timestamptz NOT NULL
      );
      INSERT INTO rate_limit (id, resume_at) VALUES (1, 'epoch');
      -- Content hashes of input URLs, so a URL seen before (same ETag and length) is not fetched again to hash it.
      CREATE TABLE input_hashes (
        url text NOT NULL,
        validator text NOT NULL,
        sha256 text NOT NULL,
        bytes bigint NOT NULL,
        PRIMARY KEY (url, validator)
      );
    `,
  },
  {
    version: 2,
    name: 'results kept in the team bucket',
    sql: `ALTER TABLE runs ADD COLUMN result_key text;`,
  },
];

const LOCK_ID = 0x7265616e; // "rean"

/** Applies what is missing, in one transaction per migration; safe to call from every process at start. */
export async function migrate(db: Database): Promise<{ applied: number[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied };
  });
}
