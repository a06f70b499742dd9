import { type CheckedInput, InputError } from '@reanimate/core';
import { checkInputNode } from '@reanimate/core/node';
import type { RunContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { describeFinding, faceFindingsFor } from '../face-check.js';
import { isRemoteUrl, normaliseInput, toMediaInput } from '../job-spec.js';
import type { ParsedCommand } from '../program.js';

/** `reanimate check`: pre-flight and the face check, locally; nothing is uploaded or sent. */
export async function checkCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'check' }>,
): Promise<number> {
  const video = normaliseInput(command.video);
  const audio = command.audio ? normaliseInput(command.audio) : undefined;
  // Without a dub, the video is checked alone (its own sound is not required).
  const checked: { video: CheckedInput; audio?: CheckedInput } = audio
    ? await ctx
        .pipeline()
        .check({ video: toMediaInput(video), audio: toMediaInput(audio) }, { signal: ctx.signal })
    : await checkVideoAlone(video);
  const findings = command.faceCheck ? await faceFindingsFor(video, ctx.signal) : undefined;
  const refused = (findings ?? []).some((finding) => finding.severity === 'refuse');
  if (command.json) {
    ctx.printer.json({
      video: { durationSec: checked.video.probe?.durationSec ?? null, notes: checked.video.notes },
      ...(checked.audio
        ? { audio: { durationSec: checked.audio.probe?.durationSec ?? null, notes: checked.audio.notes } }
        : {}),
      faceCheck: findings ?? null,
    });
    return refused ? ExitCode.usage : ExitCode.ok;
  }
  ctx.printer.out(
    `${video}: ${checked.video.probe?.durationSec?.toFixed(2) ?? '?'} s, accepted by react-1's limits.`,
  );
  if (checked.audio)
    ctx.printer.out(`${audio}: ${checked.audio.probe?.durationSec?.toFixed(2) ?? '?'} s, accepted.`);
  if (findings === undefined) {
    ctx.printer.out(
      command.faceCheck ? 'Face check: not run on a URL (download it to check it).' : 'Face check: off.',
    );
  } else if (findings.length === 0) {
    ctx.printer.out('Face check: one face throughout; nothing to fix.');
  } else {
    for (const finding of findings) ctx.printer.out(describeFinding(video, finding));
  }
  return refused ? ExitCode.usage : ExitCode.ok;
}

/** Pre-flight of a video on its own: core's probe and react-1's rules for a video. */
async function checkVideoAlone(video: string): Promise<{ video: CheckedInput }> {
  if (isRemoteUrl(video)) {
    throw new InputError('`check` without --audio needs a local video file; give --audio to check a URL.', {
      issues: [{ field: 'video', message: 'a URL needs --audio to be checked' }],
    });
  }
  return { video: await checkInputNode('video', { kind: 'file', path: video }) };
}
