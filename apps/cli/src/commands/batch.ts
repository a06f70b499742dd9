import { dirname } from 'node:path';
import type { RunContext } from '../context.js';
import { worstExitCode } from '../exit-codes.js';
import { rowKey } from '../job-spec.js';
import { readManifest } from '../manifest.js';
import type { ParsedCommand } from '../program.js';
import { printTable } from '../report.js';
import { processRows, type WorkRow } from '../work.js';

/** `reanimate batch`: every row of a manifest; re-running it resumes instead of re-submitting. */
export async function batchCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'batch' }>,
  io: { interactive: boolean },
): Promise<number> {
  const manifest = await readManifest(command.manifest);
  const rows: WorkRow[] = manifest.rows.map((row) => ({
    key: rowKey(manifest.path, row.row, row.video, row.audio, row.out, row.options),
    label: `row ${row.row}`,
    video: row.video,
    audio: row.audio,
    out: row.out,
    options: row.options,
    manifest: { path: manifest.path, row: row.row },
  }));
  const results = await processRows(ctx, rows, {
    split: command.split,
    concurrency: command.concurrency,
    policy: 'batch',
    retryFailed: command.retryFailed,
    faceCheck: command.faceCheck,
    confirm: {
      yes: command.yes,
      maxCostUsd: command.maxCostUsd,
      interactive: io.interactive,
      thresholdUsd: confirmThreshold(ctx.env.REANIMATE_CONFIRM_ABOVE_USD),
    },
  });
  ctx.progress.close();
  printTable(ctx, results, { json: command.json, base: dirname(manifest.path) });
  return worstExitCode(results.map((result) => result.exitCode));
}

/** REANIMATE_CONFIRM_ABOVE_USD, when it is a usable amount. */
function confirmThreshold(raw: string | undefined): number | undefined {
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
