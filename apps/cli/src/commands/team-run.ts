import { resolve } from 'node:path';
import { createTeamClient, formatUsd, InputError, mediaInput, type TeamJob } from '@reanimate/core';
import { download, fileUploadSource } from '@reanimate/core/node';
import type { RunContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { normaliseInput } from '../job-spec.js';
import { type ParsedCommand, UsageError } from '../program.js';

type RunCommand = Extract<ParsedCommand, { command: 'run' }>;

const EXIT_FOR_STATE: Record<string, number> = {
  done: ExitCode.ok,
  ambiguous: ExitCode.ambiguous,
  refused: ExitCode.usage,
  unreachable: ExitCode.unreachable,
};

/**
 * `reanimate run --server URL` (or with `server.url` set): the job goes to the team server, which holds the
 * RunComfy token and runs it; this machine uploads local files to the team's bucket (its storage settings), submits,
 * shows the same progress, and downloads the result. Work another editor already asked for is joined, not paid for
 * again, unless --rerun.
 */
export async function teamRunCommand(ctx: RunContext, command: RunCommand, url: string): Promise<number> {
  const key = ctx.settings.server.key;
  if (!key) {
    throw new InputError('No key for the team server.', {
      hint: 'Ask your admin for one, then `reanimate config set server.key -` (reads it from stdin) or set REANIMATE_SERVER_KEY.',
    });
  }
  if (command.split) throw new UsageError('--split is not available with a team server yet.', 'run');
  const team = createTeamClient({ url, key, fetch: ctx.platform.fetch });
  const inputUrl = async (text: string, role: 'video' | 'audio') => {
    const input = mediaInput(normaliseInput(text));
    if (input.kind === 'url') return input.url;
    if (input.kind !== 'file') throw new InputError(`The ${role} must be a file or a URL.`);
    // The server fetches its inputs: a local file goes to the team's bucket first (content-addressed: an upload
    // another editor made of the same file is reused).
    const hosted = await ctx.host([input.path]).put(await fileUploadSource(input.path), {
      role,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return hosted.url;
  };
  const video = await inputUrl(command.video, 'video');
  const audio = await inputUrl(command.audio, 'audio');
  const body = { video: { url: video }, audio: { url: audio }, options: command.options };
  const estimate = await team.estimate(body);
  if (estimate.deduplicates && !command.rerun) {
    ctx.printer.err('Another request already has this work: joining it, nothing more to pay.');
  } else if (estimate.estimatedUsd !== null) {
    ctx.printer.err(`Estimated cost: ${formatUsd(estimate.estimatedUsd)}.`);
  }
  const job = await team.submit({ ...body, ...(command.rerun ? { rerun: true } : {}) });
  ctx.printer.err(
    `Team job ${job.id}${job.deduplicated ? ' (shared with an earlier request)' : ''} on ${new URL(url).origin}`,
  );
  let shown = '';
  const final: TeamJob = await team.follow(job.id, {
    signal: ctx.signal,
    onUpdate: (update) => {
      if (update.state === shown) return;
      shown = update.state;
      ctx.printer.err(`  ${update.state}`);
    },
  });
  const charged = final.run.chargedUsd === null ? '' : `, charged ${formatUsd(final.run.chargedUsd)}`;
  if (final.state !== 'done') {
    const why = final.run.error ? `: ${final.run.error.message}` : '';
    ctx.printer.err(`The team job ended ${final.state}${why}${charged}.`);
    if (command.json) ctx.printer.json({ status: final.state, job: final });
    return EXIT_FOR_STATE[final.state] ?? ExitCode.failed;
  }
  const out = resolve(command.out);
  const saved = await download(team.resultUrl(final), out, { fetch: team.fetch, conflict: 'fail' });
  if (command.json) ctx.printer.json({ status: 'done', out: saved.path, job: final });
  else {
    ctx.printer.out(
      `Saved ${saved.path} (request ${final.run.requestId ?? 'unknown'}${charged}${final.deduplicated ? ', shared' : ''})`,
    );
  }
  return ExitCode.ok;
}
