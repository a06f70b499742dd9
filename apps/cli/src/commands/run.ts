import { resolve } from 'node:path';
import type { RunContext } from '../context.js';
import { normaliseInput, runKey } from '../job-spec.js';
import type { ParsedCommand } from '../program.js';
import { printSingle } from '../report.js';
import { processRows } from '../work.js';

/** `reanimate run`: one job (or, with --split, its segments) from the command line. */
export async function runCommand(
  ctx: RunContext,
  command: Extract<ParsedCommand, { command: 'run' }>,
): Promise<number> {
  const video = normaliseInput(command.video);
  const audio = normaliseInput(command.audio);
  const out = resolve(command.out);
  const [result] = await processRows(
    ctx,
    [
      {
        key: runKey(video, audio, out, command.options),
        label: '',
        video,
        audio,
        out,
        options: command.options,
      },
    ],
    {
      split: command.split,
      concurrency: command.concurrency,
      policy: 'run',
      retryFailed: false,
      faceCheck: command.faceCheck,
    },
  );
  ctx.progress.close();
  if (!result) return 1;
  printSingle(ctx, result, command.json);
  return result.exitCode;
}
