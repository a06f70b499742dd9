import { formatUsd, InputError, type JobRecord, redactUrl, type TeamJob } from '@reanimate/core';
import type { RunContext, TeamServer } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { cliMeta } from '../job-spec.js';
import { type ParsedCommand, UsageError } from '../program.js';
import { sanitize } from '../progress.js';

function jobJson(record: JobRecord): Record<string, unknown> {
  const meta = cliMeta(record);
  return {
    jobId: record.jobId,
    requestId: record.requestId ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    status: record.status,
    out: meta?.out ?? record.localPath ?? null,
    label: meta?.label || null,
    error: record.error ?? null,
    submittedAt: record.submittedAt ?? null,
    cost: { estimatedUsd: record.cost?.estimatedUsd ?? null, chargedUsd: record.cost?.chargedUsd ?? null },
    ...(meta?.manifest ? { manifest: meta.manifest } : {}),
    ...(meta?.split
      ? { split: { parentOut: meta.split.parentOut, segment: meta.split.index + 1, of: meta.split.count } }
      : {}),
    // Output URLs expire and may be signed: shown without their query string.
    outputs: (record.outputs ?? []).map((url) => redactUrl(url)),
  };
}

/** States shown in words where the bare status would not say enough. */
const STATUS_WORDS: Partial<Record<JobRecord['status'], string>> = {
  lost: 'lost by the service',
  expired: 'output expired',
};

/** What the service charged, else the estimate (marked), else a dash. */
function costText(record: JobRecord): string {
  if (record.cost?.chargedUsd !== undefined) return formatUsd(record.cost.chargedUsd);
  if (record.cost?.estimatedUsd !== undefined) return `~${formatUsd(record.cost.estimatedUsd)}`;
  return '-';
}

/** `reanimate jobs`: the journal, newest first. `jobs forget <id>` dismisses an ambiguous submit. */
export async function jobsCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'jobs' }>,
): Promise<number> {
  if (command.forget) return forget(ctx, command.forget);
  if (ctx.team) return teamJobs(ctx, ctx.team, command);
  if (command.all)
    throw new UsageError('--all lists a team server’s jobs: give --server or set server.url', 'jobs');
  const records = (await ctx.journal.list()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (command.json) {
    for (const record of records) ctx.printer.json(jobJson(record));
    return ExitCode.ok;
  }
  if (records.length === 0) {
    ctx.printer.err(`No jobs yet (journal: ${ctx.settings.home}).`);
    return ExitCode.ok;
  }
  const rows = records.map((record) => {
    const meta = cliMeta(record);
    const out = meta?.split
      ? `${meta.split.parentOut} [${meta.split.index + 1}/${meta.split.count}]`
      : (meta?.out ?? record.localPath ?? '-');
    return [
      record.jobId,
      record.requestId ?? '-',
      record.createdAt.replace(/\.\d+Z$/, 'Z'),
      STATUS_WORDS[record.status] ?? record.status,
      costText(record),
      out,
      sanitize(record.error?.message.replace(/\s+/g, ' ') ?? ''),
    ];
  });
  printColumns(ctx, ['JOB ID', 'REQUEST ID', 'CREATED', 'STATUS', 'COST', 'OUT', 'ERROR'], rows);
  return ExitCode.ok;
}

/** A table on stdout: columns padded to their widest cell, the last one left as it is. */
function printColumns(ctx: RunContext, header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number)))
      .join('  ');
  ctx.printer.out(line(header));
  for (const row of rows) ctx.printer.out(line(row));
}

/** What a team job cost: the charge (once, for the editor who first asked; "shared" for the others), or ~estimate. */
function teamCost(job: TeamJob): string {
  const { chargedUsd, estimatedUsd } = job.run;
  const amount =
    chargedUsd !== null ? formatUsd(chargedUsd) : estimatedUsd !== null ? `~${formatUsd(estimatedUsd)}` : '-';
  return job.deduplicated && amount !== '-' ? `${amount} shared` : amount;
}

/** `reanimate jobs` with a team server: the editor's requests there (an admin's `--all`: everyone's), newest first. */
async function teamJobs(
  ctx: RunContext,
  team: TeamServer,
  command: Extract<ParsedCommand, { command: 'jobs' }>,
): Promise<number> {
  const jobs = await team.client.jobs({ all: command.all });
  if (command.json) {
    for (const job of jobs) ctx.printer.json({ ...job });
    return ExitCode.ok;
  }
  if (jobs.length === 0) {
    ctx.printer.err(`No team jobs yet on ${team.url} (this machine's own: reanimate jobs --local).`);
    return ExitCode.ok;
  }
  const rows = jobs.map((job) => [
    job.id,
    job.state,
    job.createdAt.replace(/\.\d+Z$/, 'Z'),
    job.requestedBy,
    teamCost(job),
    job.run.requestId ?? '-',
    sanitize((job.run.error?.message ?? job.label ?? '').replace(/\s+/g, ' ')),
  ]);
  printColumns(ctx, ['JOB ID', 'STATE', 'CREATED', 'ASKED BY', 'COST', 'REQUEST ID', 'LABEL / ERROR'], rows);
  return ExitCode.ok;
}

/**
 * The user checked the dashboard and found no request for an ambiguous submit: mark it not submitted, so the
 * next run or batch may send it. Only ambiguous records can be forgotten; everything else has a real state.
 */
async function forget(ctx: RunContext, id: string): Promise<number> {
  // Ambiguous submits, and jobs the service lost or whose output expired (terminal, but still in the way).
  const records = [
    ...(await ctx.journal.listUnfinished()),
    ...(await ctx.journal.list()).filter((r) => r.status === 'lost' || r.status === 'expired'),
  ];
  const matches = records.filter(
    (record) => record.jobId === id || (id.length >= 8 && record.jobId.startsWith(id)),
  );
  const record = matches[0];
  if (!record || matches.length > 1) {
    throw new InputError(
      matches.length > 1 ? `"${id}" matches several jobs: give more of the id.` : `No job ${id} to forget.`,
      {
        hint: 'See `reanimate jobs` for the ids.',
      },
    );
  }
  if (record.status === 'lost' || record.status === 'expired') {
    const claim = await ctx.journal.claim(record.jobId);
    if (!claim) throw new InputError(`Job ${record.jobId} is being handled by another reanimate process.`);
    try {
      await ctx.journal.remove(record.jobId);
    } finally {
      await claim.release();
    }
    ctx.printer.out(
      `Forgot job ${record.jobId} (${record.status === 'lost' ? 'lost by the service' : 'output expired'}); running it again submits a new, paid job.`,
    );
    return ExitCode.ok;
  }
  if (record.status !== 'ambiguous') {
    throw new InputError(
      `Job ${record.jobId} is ${record.status}, not ambiguous: only a submit with an unknown outcome can be forgotten.`,
      {
        hint: record.requestId
          ? `Its request is ${record.requestId}; cancel it with \`reanimate cancel ${record.requestId}\` if it is queued.`
          : undefined,
      },
    );
  }
  const claim = await ctx.journal.claim(record.jobId);
  if (!claim) throw new InputError(`Job ${record.jobId} is being handled by another reanimate process.`);
  try {
    await ctx.journal.update(record.jobId, {
      status: 'not_submitted',
      error: { code: 'dismissed', message: 'Dismissed by the user: no matching request on the dashboard.' },
    });
  } finally {
    await claim.release();
  }
  ctx.printer.out(
    `Forgot the ambiguous submit of job ${record.jobId}; running the job again will submit it.`,
  );
  return ExitCode.ok;
}
