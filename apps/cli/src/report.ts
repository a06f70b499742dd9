import { relative } from 'node:path';
import type { RunContext } from './context.js';
import { formatError } from './errors-to-exit.js';
import { ExitCode } from './exit-codes.js';
import { formatElapsed, sanitize } from './progress.js';
import type { RowResult } from './work.js';

/** A result as printed by --json: one object per job, stable field names. */
export function resultJson(result: RowResult): Record<string, unknown> {
  return {
    ...(result.label ? { label: result.label } : {}),
    status: result.status,
    exitCode: result.exitCode,
    out: result.out,
    requestId: result.requestId ?? null,
    jobId: result.jobId ?? null,
    durationSec: result.durationSec ?? null,
    elapsedMs: result.elapsedMs,
    ...(result.note ? { note: result.note } : {}),
    ...(result.warning ? { warning: result.warning } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.segments ? { segments: result.segments.map((segment) => resultJson(segment)) } : {}),
  };
}

function seconds(value: number | undefined): string {
  return value === undefined ? '' : `${value.toFixed(2)} s`;
}

/** A single run's outcome: the saved path on stdout, everything else on stderr. */
export function printSingle(ctx: RunContext, result: RowResult, json: boolean): void {
  if (json) {
    ctx.printer.json(resultJson(result));
    if (result.error) ctx.printer.err(formatError(result.error));
    return;
  }
  if (result.status === 'done' || result.status === 'skipped') {
    if (result.note) ctx.printer.err(result.note);
    if (result.warning) ctx.printer.err(`Warning: ${result.warning}`);
    const parts = [seconds(result.durationSec), result.requestId ? `request ${result.requestId}` : ''].filter(
      Boolean,
    );
    ctx.printer.out(`Saved ${result.out}${parts.length ? ` (${parts.join(', ')})` : ''}`);
    return;
  }
  if (result.error) ctx.printer.err(formatError(result.error));
  if (result.note) ctx.printer.err(result.note);
  if (!result.error && !result.note) ctx.printer.err(`${result.status}`);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The table at the end of a batch (or resume): one line per row, then counts. */
export function printTable(
  ctx: RunContext,
  results: readonly RowResult[],
  options: { json: boolean; base?: string },
): void {
  if (options.json) {
    for (const result of results) ctx.printer.json(resultJson(result));
    return;
  }
  const rows = results.map((result) => {
    const detail =
      result.status === 'done'
        ? [seconds(result.durationSec), result.note, result.warning && `warning: ${result.warning}`]
            .filter(Boolean)
            .join(', ')
        : result.status === 'skipped'
          ? (result.note ?? '')
          : [result.error?.message, result.note].filter(Boolean).join(' ');
    return [
      result.label || '-',
      result.status,
      result.requestId ?? '-',
      options.base ? relative(options.base, result.out) || result.out : result.out,
      sanitize(detail.replace(/\s+/g, ' ')),
    ];
  });
  const header = ['JOB', 'STATUS', 'REQUEST', 'OUT', 'DETAIL'];
  const widths = header.map((title, column) =>
    Math.min(60, Math.max(title.length, ...rows.map((row) => (row[column] as string).length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column] as number)))
      .join('  ');
  ctx.printer.out(line(header));
  for (const row of rows) ctx.printer.out(line(row));
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
  const limited =
    ctx.limiter.hits > 0
      ? ` · rate limited ${ctx.limiter.hits} time${ctx.limiter.hits === 1 ? '' : 's'}`
      : '';
  const elapsed = Date.now() - ctx.startedAt;
  ctx.printer.out(
    `${results.length} job${results.length === 1 ? '' : 's'}: ${summary}${limited} · ${formatElapsed(elapsed)}`,
  );
  const hints = new Set(
    results
      .filter((result) => result.exitCode !== ExitCode.ok)
      .map((result) => result.error?.hint)
      .filter(Boolean),
  );
  for (const hint of hints) ctx.printer.err(hint as string);
}
