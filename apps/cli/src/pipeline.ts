/**
 * One CLI job through core's pipeline, and its outcome in the CLI's terms (status, exit code, what to tell the
 * user). Uploading, submitting, following, downloading, journaling and releasing are core's; this file only
 * turns progress into the progress line and outcomes into exit codes.
 */
import { stat } from 'node:fs/promises';
import type { JobRecord, PipelineOutcome, PipelineProgress } from '@reanimate/core';
import type { RunContext } from './context.js';
import { describeError } from './errors-to-exit.js';
import { ExitCode } from './exit-codes.js';
import { CLI_APP, cliMeta, type JobSpec, shellMetaFor, toMediaInput } from './job-spec.js';
import type { ProgressState } from './progress.js';

export type JobReportStatus =
  | 'lost'
  | 'expired'
  | 'unreachable'
  | 'done'
  | 'skipped'
  | 'failed'
  | 'cancelled'
  | 'ambiguous'
  | 'interrupted'
  | 'invalid'
  | 'busy';

/** What the CLI prints about one job (named apart from core's JobResult, the service's answer). */
export interface JobReport {
  label: string;
  key: string;
  out: string;
  status: JobReportStatus;
  exitCode: number;
  jobId?: string | undefined;
  requestId?: string | undefined;
  /** What to tell the user besides the status ("already done", "resumed request …"). */
  note?: string | undefined;
  error?: { code: string; message: string; hint?: string | undefined } | undefined;
  /** A done result that would slip against its source (the drift check): say it before anyone places it. */
  warning?: string | undefined;
  /** Of the written output, seconds. */
  durationSec?: number | undefined;
  elapsedMs: number;
}

export type Report = (state: ProgressState) => void;

function forward(report: Report) {
  return (progress: PipelineProgress) => {
    switch (progress.stage) {
      case 'waiting':
        report({ phase: 'waiting', detail: 'another reanimate process is running this job' });
        return;
      case 'processing':
        if (progress.unreachableSince !== undefined) {
          const since = new Date(progress.unreachableSince).toISOString().slice(11, 19);
          report({
            phase: 'processing',
            detail: `service unreachable since ${since} UTC, still following request ${progress.requestId ?? ''}`,
          });
          return;
        }
        report({ phase: 'processing' });
        return;
      case 'checking':
      case 'submitting':
        report({ phase: progress.stage });
        return;
      case 'uploading':
      case 'downloading':
        report({
          phase: progress.stage,
          percent: progress.fraction === undefined ? undefined : progress.fraction * 100,
        });
        return;
      case 'queued':
        report({ phase: 'queued', queuePosition: progress.queuePosition });
        return;
      case 'done':
        return;
    }
  };
}

/** A pipeline outcome as the CLI reports it. */
function toReport(
  spec: Pick<JobSpec, 'label' | 'key' | 'out'>,
  outcome: PipelineOutcome,
  startedAt: number,
  report: Report,
  note?: string,
): JobReport {
  const base = {
    label: spec.label,
    key: spec.key,
    out: spec.out,
    jobId: outcome.jobId,
    requestId: outcome.requestId,
    elapsedMs: Date.now() - startedAt,
  };
  switch (outcome.status) {
    case 'done':
      report({ phase: outcome.reused ? 'skipped' : 'done' });
      return {
        ...base,
        status: outcome.reused ? 'skipped' : 'done',
        exitCode: ExitCode.ok,
        durationSec: outcome.durationSec,
        note: outcome.reused ? 'already done' : note,
        warning: outcome.drift?.message,
      };
    case 'cancelled':
      report({ phase: 'cancelled' });
      return {
        ...base,
        status: 'cancelled',
        exitCode: ExitCode.failed,
        note: `Cancelled request ${outcome.requestId} while it was queued; nothing was charged.`,
      };
    case 'interrupted':
      report({ phase: 'interrupted' });
      return {
        ...base,
        status: 'interrupted',
        exitCode: ExitCode.interrupted,
        note: outcome.keepsRunning
          ? `${outcome.note} Run \`reanimate resume\` to collect the result.`
          : outcome.note,
      };
    case 'elsewhere':
      report({ phase: 'skipped' });
      return {
        ...base,
        status: 'busy',
        exitCode: ExitCode.failed,
        note: 'another reanimate process is running this job',
      };
    case 'ambiguous': {
      report({ phase: 'failed' });
      const described = describeError(outcome.error);
      const sent = outcome.error.submittedAt ? ` It was sent at ${outcome.error.submittedAt}.` : '';
      return {
        ...base,
        status: 'ambiguous',
        exitCode: described.exitCode,
        error: {
          code: described.code,
          message: described.message,
          hint:
            `${described.hint ?? ''}${sent} Local job id: ${outcome.jobId}. If the dashboard shows no such request, ` +
            `run \`reanimate jobs forget ${outcome.jobId}\` and submit again.`,
        },
      };
    }
    default: {
      report({ phase: 'failed' });
      const described = describeError(outcome.error);
      return {
        ...base,
        status:
          outcome.status === 'refused'
            ? 'invalid'
            : outcome.status === 'lost' || outcome.status === 'expired' || outcome.status === 'unreachable'
              ? outcome.status
              : 'failed',
        exitCode: described.exitCode,
        error: { code: described.code, message: described.message, hint: described.hint },
      };
    }
  }
}

/**
 * Runs `spec` as attempt `attempt` of its key. The job id follows from both, so a second process deciding the same
 * waits for the first and picks up its record instead of paying again.
 */
export async function runSpec(
  ctx: RunContext,
  spec: JobSpec,
  attempt: number,
  report: Report,
  options: { checked?: boolean; note?: string; estimatedUsd?: number | undefined } = {},
): Promise<JobReport> {
  const startedAt = Date.now();
  const outcome = await ctx.pipeline().run(
    {
      video: toMediaInput(spec.video),
      audio: toMediaInput(spec.audio),
      options: spec.options,
      out: spec.out,
      conflict: 'replace',
      app: CLI_APP,
      key: spec.key,
      attempt,
      shell: { ...shellMetaFor(spec) },
    },
    {
      signal: ctx.signal,
      onProgress: forward(report),
      checked: options.checked ?? false,
      estimatedUsd: options.estimatedUsd,
    },
  );
  const made = toReport(spec, outcome, startedAt, report, options.note ?? resumedNote(outcome));
  return ctx.team ? asTeamReport(made, outcome) : made;
}

/** A team job's report: what to do next is said in the server's terms (it keeps the job, not this machine). */
function asTeamReport(made: JobReport, outcome: PipelineOutcome): JobReport {
  switch (made.status) {
    case 'skipped':
      return { ...made, note: `joined team job ${outcome.jobId}: the team already asked for this work` };
    case 'interrupted':
      return {
        ...made,
        note: `${outcome.status === 'interrupted' ? outcome.note : ''} Run the same command again to collect the result (nothing is paid twice).`.trim(),
      };
    case 'ambiguous':
      return made.error
        ? {
            ...made,
            error: {
              ...made.error,
              hint: 'The team server could not tell whether the service accepted it and will not send it again. An admin checks the RunComfy dashboard; if there is no such request, run again with --rerun.',
            },
          }
        : made;
    default:
      return made;
  }
}

function resumedNote(outcome: PipelineOutcome): string | undefined {
  return outcome.status === 'done' && outcome.resumed && !outcome.reused
    ? `resumed request ${outcome.requestId}, which another run had submitted`
    : undefined;
}

/** Follows a job already in the journal (never submits): waits, downloads to its original out, records it. */
export async function followRecord(
  ctx: RunContext,
  record: JobRecord,
  report: Report,
  note?: string,
): Promise<JobReport> {
  const startedAt = Date.now();
  const meta = cliMeta(record);
  const spec = { label: meta?.label ?? '', key: meta?.key ?? record.jobId, out: meta?.out ?? '' };
  const outcome = await ctx.pipeline().resume(record, { signal: ctx.signal, onProgress: forward(report) });
  return toReport(spec, outcome, startedAt, report, note);
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
