import { resolve } from 'node:path';
import { formatUsd, type JobSpec, type PipelineOutcome } from '@reanimate/core';
import type { RunContext, TeamServer } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { normaliseInput, toMediaInput } from '../job-spec.js';
import type { ParsedCommand } from '../program.js';

type RunCommand = Extract<ParsedCommand, { command: 'run' }>;

const EXIT_FOR_STATUS: Partial<Record<PipelineOutcome['status'], number>> = {
  done: ExitCode.ok,
  ambiguous: ExitCode.ambiguous,
  refused: ExitCode.usage,
  interrupted: ExitCode.interrupted,
  unreachable: ExitCode.unreachable,
};

/**
 * `reanimate run --server URL` (or with `server.url` set): core's team pipeline — local pre-flight, local files
 * uploaded through the server into the team's bucket, the server runs the job (it holds the RunComfy token), the
 * result is saved to --out. Work another editor already asked for is joined, not paid for again, unless --rerun.
 */
export async function teamRunCommand(
  ctx: RunContext,
  command: RunCommand,
  { url, client: team }: TeamServer,
): Promise<number> {
  // Local files go to the team bucket through the server: storage keys live there, not on editors' machines.
  const pipeline = ctx.pipeline();
  const spec: JobSpec = {
    video: toMediaInput(normaliseInput(command.video)),
    audio: toMediaInput(normaliseInput(command.audio)),
    options: command.options,
    out: resolve(command.out),
    conflict: 'fail',
    app: 'reanimate-cli',
  };
  const { estimate } = await pipeline.estimate(spec, { signal: ctx.signal });
  if (estimate)
    ctx.printer.err(
      `Estimated cost: ${formatUsd(estimate.usd)} (nothing more if another editor already asked for it).`,
    );
  let shown = '';
  let announced = false;
  const outcome = await pipeline.run(spec, {
    checked: true,
    signal: ctx.signal,
    onProgress: (progress) => {
      if (!announced && progress.jobId) {
        announced = true;
        ctx.printer.err(`Team job ${progress.jobId} on ${new URL(url).origin}`);
      }
      if (progress.stage === shown) return;
      shown = progress.stage;
      ctx.printer.err(`  ${progress.stage}`);
    },
  });
  if (command.json)
    ctx.printer.json({ status: outcome.status, jobId: outcome.jobId, requestId: outcome.requestId });
  // What it cost, as the server recorded it (a shared job was paid once, by whoever asked first).
  const charged = outcome.jobId
    ? (await team.job(outcome.jobId).catch(() => undefined))?.run.chargedUsd
    : undefined;
  const cost = charged === null || charged === undefined ? '' : `, charged ${formatUsd(charged)}`;
  if (outcome.status === 'done') {
    if (!command.json) {
      ctx.printer.out(
        `Saved ${outcome.path} (request ${outcome.requestId}${cost}${outcome.reused ? ', shared with an earlier request' : ''})`,
      );
    }
    return ExitCode.ok;
  }
  const why =
    'error' in outcome
      ? `: ${outcome.error.message}`
      : outcome.status === 'interrupted'
        ? `: ${outcome.note}`
        : '';
  ctx.printer.err(`The team job ended ${outcome.status}${why}${cost}`);
  return EXIT_FOR_STATUS[outcome.status] ?? ExitCode.failed;
}
