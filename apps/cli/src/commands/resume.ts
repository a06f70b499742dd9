import { basename } from 'node:path';
import type { JobRecord } from '@reanimate/core';
import type { RunContext } from '../context.js';
import { ExitCode, worstExitCode } from '../exit-codes.js';
import { cliMeta, segmentKey } from '../job-spec.js';
import { fileExists } from '../pipeline.js';
import type { ParsedCommand } from '../program.js';
import { printTable } from '../report.js';
import { processRows, type WorkRow } from '../work.js';

/**
 * The rows to resume: every unfinished CLI job, and every split job with a segment still unfinished or whose
 * segments are all in but were never joined (the join was interrupted).
 */
async function rowsToResume(ctx: RunContext): Promise<WorkRow[]> {
  const unfinished = await ctx.journal.listUnfinished();
  const all = (await ctx.journal.list()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const rows = new Map<string, WorkRow>();
  const newest = new Map<string, JobRecord>();
  for (const record of all) {
    const key = cliMeta(record)?.key;
    if (key && !newest.has(key)) newest.set(key, record);
  }
  const add = (record: JobRecord, key: string, out: string, label: string) => {
    const meta = cliMeta(record);
    if (!meta || rows.has(key)) return;
    rows.set(key, {
      key,
      label: label || basename(out),
      video: meta.video,
      audio: meta.audio,
      out,
      options: meta.options,
      manifest: meta.manifest,
    });
  };
  for (const record of unfinished) {
    const meta = cliMeta(record);
    // Only the newest record of a job counts: an older one was superseded by a re-run.
    if (!meta || newest.get(meta.key)?.jobId !== record.jobId) continue;
    if (meta.split) add(record, meta.split.parentKey, meta.split.parentOut, meta.split.parentLabel);
    else add(record, meta.key, meta.out, meta.label);
  }
  // Split jobs whose segments are all downloaded, still on disk, but not joined into the final file.
  const parents = new Map<string, JobRecord>();
  for (const record of all) {
    const split = cliMeta(record)?.split;
    if (split && !parents.has(split.parentKey)) parents.set(split.parentKey, record);
  }
  for (const [parentKey, record] of parents) {
    const split = cliMeta(record)?.split;
    if (!split || rows.has(parentKey) || (await fileExists(split.parentOut))) continue;
    let complete = true;
    for (let index = 0; index < split.count && complete; index++) {
      const segment = newest.get(segmentKey(parentKey, index, split.count));
      complete =
        segment?.status === 'downloaded' && !!segment.localPath && (await fileExists(segment.localPath));
    }
    if (complete) add(record, parentKey, split.parentOut, split.parentLabel);
  }
  return [...rows.values()];
}

/** `reanimate resume`: waits for every unfinished job and downloads it to its original --out; submits nothing. */
export async function resumeCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'resume' }>,
): Promise<number> {
  const rows = await rowsToResume(ctx);
  if (rows.length === 0) {
    ctx.progress.close();
    if (command.json) return ExitCode.ok;
    ctx.printer.err('Nothing to resume: every job in the journal is finished.');
    return ExitCode.ok;
  }
  const results = await processRows(ctx, rows, {
    split: false,
    concurrency: command.concurrency,
    policy: 'resume',
    retryFailed: false,
  });
  ctx.progress.close();
  printTable(ctx, results, { json: command.json });
  return worstExitCode(results.map((result) => result.exitCode));
}
