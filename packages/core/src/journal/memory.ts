import type { ReanimateError } from '../errors.js';
import { JOB_ID_PATTERN } from './job-id.js';
import { JournalError } from './journal-error.js';
import { listUnfinishedOf } from './list-unfinished.js';
import { copyRecord } from './record-schema.js';
import { applyPatch, newRecord } from './transitions.js';
import type { JobPatch, JobRecord, Journal, JournalClaim, NewJobRecord } from './types.js';

export interface MemoryJournalOptions {
  /** Clock for createdAt/updatedAt (epoch ms). */
  now?: () => number;
}

/** A journal that lives as long as the process: tests, browsers without storage, and runJob's default. */
export function createMemoryJournal(options: MemoryJournalOptions = {}): Journal {
  const now = options.now ?? Date.now;
  const records = new Map<string, JobRecord>();
  const claimed = new Set<string>();
  const iso = () => new Date(now()).toISOString();

  const journal: Journal = {
    async create(init: NewJobRecord) {
      checkId(init.jobId);
      if (records.has(init.jobId)) throw exists(init.jobId);
      const record = newRecord(init, iso());
      records.set(init.jobId, copyRecord(record));
      return record;
    },
    async get(jobId) {
      const record = records.get(jobId);
      return record ? copyRecord(record) : undefined;
    },
    async update(jobId: string, patch: JobPatch) {
      const current = records.get(jobId);
      if (!current) throw missing(jobId);
      const next = applyPatch(current, patch, iso());
      records.set(jobId, copyRecord(next));
      return next;
    },
    async list() {
      return [...records.values()].map(copyRecord);
    },
    listUnfinished: () => listUnfinishedOf(journal),
    async claim(jobId): Promise<JournalClaim | undefined> {
      checkId(jobId);
      if (claimed.has(jobId)) return undefined;
      claimed.add(jobId);
      let released = false;
      return {
        jobId,
        async release() {
          if (released) return;
          released = true;
          claimed.delete(jobId);
        },
      };
    },
    async remove(jobId) {
      records.delete(jobId);
    },
  };
  return journal;
}

export function checkId(jobId: string): void {
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw new JournalError(`"${jobId}" is not a valid job id (letters, digits, - and _ only).`);
  }
}

export function exists(jobId: string): ReanimateError {
  return new JournalError(`Job ${jobId} is already in the journal.`);
}

export function missing(jobId: string): ReanimateError {
  return new JournalError(`Job ${jobId} is not in the journal.`, {
    hint: 'It may have been removed; list the journal to see the jobs it holds.',
  });
}
