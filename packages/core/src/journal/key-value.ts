import { JournalError } from './journal-error.js';
import { applyPatch, isUnfinished, newRecord } from './transitions.js';
import type { JobPatch, JobRecord, Journal, NewJobRecord } from './types.js';

/** A small key → JSON store: IndexedDB in a browser, UXP's data folder, a test's memory. Never localStorage. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix: string): Promise<string[]>;
}

const PREFIX = 'job:';
const ORPHANED = {
  code: 'ambiguous_submit',
  message:
    'The app closed while this job was being submitted; the service may or may not have received it. It was not sent again.',
};

/**
 * A Journal over a key-value store (the browser platform's IndexedDB), so jobs survive a reload. Claims live in
 * memory: such a store belongs to one page, so after a reload nothing holds them, and an interrupted submit is
 * turned `ambiguous` by listUnfinished (never re-sent). Where two processes share jobs, use the file journal.
 */
export function createKeyValueJournal(store: KeyValueStore, now: () => number = Date.now): Journal {
  const claimed = new Set<string>();
  const iso = () => new Date(now()).toISOString();
  const read = (jobId: string) => store.get<JobRecord>(PREFIX + jobId);

  const journal: Journal = {
    async create(init: NewJobRecord) {
      if (await read(init.jobId)) throw new JournalError(`Job ${init.jobId} is already in the journal.`);
      const record = newRecord(init, iso());
      await store.set(PREFIX + init.jobId, record);
      return record;
    },
    get: read,
    async update(jobId: string, patch: JobPatch) {
      const current = await read(jobId);
      if (!current) throw new JournalError(`Job ${jobId} is not in the journal.`);
      const next = applyPatch(current, patch, iso());
      await store.set(PREFIX + jobId, next);
      return next;
    },
    async list() {
      const keys = await store.keys(PREFIX);
      const records = await Promise.all(keys.map((key) => store.get<JobRecord>(key)));
      return records
        .filter((record): record is JobRecord => record !== undefined)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async listUnfinished() {
      const out: JobRecord[] = [];
      for (const record of await journal.list()) {
        if (!isUnfinished(record.status)) continue;
        // Nobody in this panel is submitting it, so its owner is gone: the POST's fate is unknown.
        if (record.status === 'submitting' && !claimed.has(record.jobId)) {
          out.push(await journal.update(record.jobId, { status: 'ambiguous', error: ORPHANED }));
        } else out.push(record);
      }
      return out;
    },
    async claim(jobId) {
      if (claimed.has(jobId)) return undefined;
      claimed.add(jobId);
      return { jobId, release: async () => void claimed.delete(jobId) };
    },
    async remove(jobId) {
      await store.delete(PREFIX + jobId);
    },
  };
  return journal;
}

/** A key-value store in memory: tests, and runtimes with nowhere to persist (values are copied as JSON). */
export function createMemoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    async get<T>(key: string) {
      const value = map.get(key);
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    async set(key, value) {
      map.set(key, JSON.stringify(value));
    },
    async delete(key) {
      map.delete(key);
    },
    async keys(prefix) {
      return [...map.keys()].filter((key) => key.startsWith(prefix));
    },
  };
}
