import type { ReanimateError } from '../errors.js';
import { errnoCode, type NodeModules } from '../platform/node-modules.js';
import { writeFileAtomic } from './atomic-write.js';
import { tryLock } from './file-lock.js';
import { JOB_ID_PATTERN } from './job-id.js';
import { JournalError } from './journal-error.js';
import { listUnfinishedOf } from './list-unfinished.js';
import { checkId, exists, missing } from './memory.js';
import { parseJobRecord } from './record-schema.js';
import { applyPatch, newRecord } from './transitions.js';
import type { JobPatch, JobRecord, Journal, JournalClaim, NewJobRecord } from './types.js';

export interface FileJournalOptions {
  /** The folder; created if missing. One `<jobId>.json` per job, plus `<jobId>.lock` while a process owns it. */
  dir: string;
  /** A claim whose owner stopped refreshing it this long ago is taken over (default 30 s). */
  staleClaimMs?: number;
  /** Clock for createdAt/updatedAt (epoch ms). */
  now?: () => number;
  /**
   * A record that cannot be read (not JSON, not a job) is moved aside as `<file>.corrupt` so that every other job
   * keeps working; this hears of each, with the path it was moved to and why.
   */
  onCorrupt?: ((movedTo: string, problem: string) => void) | undefined;
}

const TEMP_FILE = /\.tmp$/;
const ABANDONED_TEMP_MS = 10 * 60_000;

/**
 * The Node journal: one JSON file per job, replaced atomically (temp + fsync + rename), so a reader in another
 * process never sees a torn record. Writers must hold the job's claim (an exclusive lock file); runJob and resumeJob
 * do, so two processes never submit or poll the same job at once.
 */
export function createFileJournalWith(node: NodeModules, options: FileJournalOptions): Journal {
  const { dir } = options;
  const { join } = node.path;
  const { mkdir, readdir, readFile } = node.fs;
  const staleMs = options.staleClaimMs ?? 30_000;
  const now = options.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const recordPath = (jobId: string) => join(dir, `${jobId}.json`);
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => {
    ready ??= mkdir(dir, { recursive: true }).catch((error: unknown) => {
      ready = undefined; // Try again next time: the folder may be fixed meanwhile.
      throw journalIoError('create the folder', error);
    });
    return ready;
  };

  async function read(jobId: string): Promise<JobRecord | undefined> {
    checkId(jobId);
    let text: string;
    try {
      text = await readFile(recordPath(jobId), 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw journalIoError(`read job ${jobId}`, error);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new JournalError(`Journal record ${recordPath(jobId)} is not valid JSON.`, {
        hint: 'Move the file out of the journal folder; the other jobs are unaffected.',
      });
    }
    return parseJobRecord(value, recordPath(jobId));
  }

  async function write(record: JobRecord): Promise<void> {
    await ensureDir();
    try {
      await writeFileAtomic(node, recordPath(record.jobId), `${JSON.stringify(record, null, 2)}\n`);
    } catch (error) {
      throw journalIoError(`write job ${record.jobId}`, error);
    }
  }

  const journal: Journal = {
    async create(init: NewJobRecord) {
      checkId(init.jobId);
      if (await read(init.jobId)) throw exists(init.jobId);
      const record = newRecord(init, iso());
      await write(record);
      return record;
    },
    get: read,
    async update(jobId: string, patch: JobPatch) {
      const current = await read(jobId);
      if (!current) throw missing(jobId);
      const next = applyPatch(current, patch, iso());
      await write(next);
      return next;
    },
    async list() {
      await ensureDir();
      const names = await readdir(dir);
      const records: JobRecord[] = [];
      for (const name of names) {
        if (TEMP_FILE.test(name)) {
          await removeIfAbandoned(node, join(dir, name));
          continue;
        }
        if (!name.endsWith('.json')) continue;
        const jobId = name.slice(0, -'.json'.length);
        if (!JOB_ID_PATTERN.test(jobId)) continue; // Not a job of ours: left alone.
        let record: JobRecord | undefined;
        try {
          record = await read(jobId);
        } catch (error) {
          if (!JournalError.isInstance(error) || error.reason === 'io') throw error;
          // One broken record must not stop every job: move it aside, say so, carry on.
          const movedTo = `${join(dir, name)}.corrupt`;
          await node.fs.rename(join(dir, name), movedTo).catch(() => undefined);
          options.onCorrupt?.(movedTo, error.message);
          continue;
        }
        if (record) records.push(record);
      }
      return records;
    },
    listUnfinished: () => listUnfinishedOf(journal),
    async claim(jobId): Promise<JournalClaim | undefined> {
      checkId(jobId);
      try {
        await ensureDir();
        const lock = await tryLock(node, join(dir, `${jobId}.lock`), { staleMs });
        return lock ? { jobId, release: () => lock.release() } : undefined;
      } catch (error) {
        // Checked first of all, before any upload: a journal folder that cannot be written is said plainly.
        throw journalIoError(`claim job ${jobId}`, error);
      }
    },
    async remove(jobId) {
      checkId(jobId);
      await node.fs.unlink(recordPath(jobId)).catch((error: unknown) => {
        if (errnoCode(error) !== 'ENOENT') throw journalIoError(`remove job ${jobId}`, error);
      });
    },
  };
  return journal;
}

async function removeIfAbandoned(node: NodeModules, path: string): Promise<void> {
  const info = await node.fs.stat(path).catch(() => undefined);
  if (info && Date.now() - info.mtimeMs > ABANDONED_TEMP_MS)
    await node.fs.unlink(path).catch(() => undefined);
}

function journalIoError(action: string, error: unknown): ReanimateError {
  if (JournalError.isInstance(error)) return error;
  const errno = error as { message?: string; name?: string };
  const cause = new Error(errno.message);
  cause.name = errno.name ?? 'Error';
  return new JournalError(
    `Could not ${action} in the journal folder (${errnoCode(error) ?? errno.message}).`,
    {
      hint: 'Check that the journal folder (REANIMATE_HOME for the CLI) exists and is writable.',
      cause,
      reason: 'io',
    },
  );
}
