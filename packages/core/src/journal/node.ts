// Node-only journal: one JSON file per job, atomic writes, cross-process claims.
export { createFileJournal, type FileJournalOptions } from './file.js';
