// Universal journal pieces: the interface, the state machine, the in-memory journal, the input hash.

export { writeFileAtomic } from './atomic-write.js';
export { canonicalJson, hashInput } from './hash.js';
export { JOB_ID_PATTERN, newJobId } from './job-id.js';
export { JournalError } from './journal-error.js';
export { createKeyValueJournal, createMemoryKeyValueStore, type KeyValueStore } from './key-value.js';
// For journals kept elsewhere (the team server's Postgres): the same record rules, transitions and orphan handling.
export { listUnfinishedOf } from './list-unfinished.js';
export { createMemoryJournal, type MemoryJournalOptions } from './memory.js';
export { parseJobRecord } from './record-schema.js';
export {
  applyPatch,
  canTransition,
  isUnfinished,
  newRecord,
  TERMINAL_JOURNAL_STATUSES,
  TRANSITIONS,
} from './transitions.js';
export type {
  JobErrorSummary,
  JobPatch,
  JobRecord,
  Journal,
  JournalClaim,
  JournalStatus,
  NewJobRecord,
} from './types.js';
export { JOURNAL_STATUSES } from './types.js';
