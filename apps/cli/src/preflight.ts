import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  assessProbe,
  type FieldIssue,
  InputError,
  MAX_INPUT_SECONDS,
  MediaError,
  type MediaProbe,
  ReanimateError,
} from '@reanimate/core';
import { checkInputsNode, probeFile } from '@reanimate/core/node';
import { isRemoteUrl } from './job-spec.js';

export interface LocalCheck {
  video: MediaProbe | undefined;
  audio: MediaProbe | undefined;
  /** Every problem, as a sentence naming the input. */
  problems: string[];
  /** An input is over react-1's limit: needs --split. */
  tooLong: boolean;
}

/**
 * Pre-flight of local files only: no network, no settings needed. With `split`, length and size limits apply to
 * the segments, not the whole file, so those two findings are not problems here.
 */
export async function checkLocalInputs(
  inputs: { video: string; audio: string; out: string },
  options: { split: boolean },
): Promise<LocalCheck> {
  const problems: string[] = [];
  let tooLong = false;
  const probes: { video: MediaProbe | undefined; audio: MediaProbe | undefined } = {
    video: undefined,
    audio: undefined,
  };
  for (const role of ['video', 'audio'] as const) {
    const input = inputs[role];
    if (isRemoteUrl(input)) {
      if (options.split) {
        problems.push(
          `${role} ${input}: --split needs local files (it cuts them with ffmpeg); download it first.`,
        );
      }
      continue;
    }
    let probe: MediaProbe;
    try {
      probe = await probeFile(input);
    } catch (error) {
      if (MediaError.isInstance(error)) {
        problems.push(`${role} ${error.message}`);
        continue;
      }
      throw error;
    }
    probes[role] = probe;
    for (const issue of assessProbe(role, probe, basename(input))) {
      if (issue.code === 'too_long') tooLong = true;
      // With --split, length and size are the segments' business.
      if (options.split && (issue.code === 'too_long' || issue.code === 'too_big')) continue;
      problems.push(issue.message);
    }
    if (probe.durationSec !== undefined && probe.durationSec > MAX_INPUT_SECONDS) tooLong = true;
  }
  const outInfo = await stat(inputs.out).catch(() => undefined);
  if (outInfo?.isDirectory())
    problems.push(`out ${inputs.out} is a folder: give a file name, e.g. ${inputs.out}/result.mp4.`);
  if (inputs.out === inputs.video || inputs.out === inputs.audio) {
    problems.push(`out ${inputs.out} is also an input: choose another output file.`);
  }
  return { ...probes, problems, tooLong };
}

/**
 * Checks inputs given as URLs (can the service fetch them, are they media, how long): a network call to the file
 * host, made only after the local files passed. Returns the problems, and the lengths it could read.
 */
export async function checkRemoteInputs(
  inputs: { video: string; audio: string },
  signal: AbortSignal,
): Promise<{ problems: string[]; videoSec?: number | undefined; audioSec?: number | undefined }> {
  if (!isRemoteUrl(inputs.video) && !isRemoteUrl(inputs.audio)) return { problems: [] };
  const source = (value: string) => (isRemoteUrl(value) ? value : { kind: 'file' as const, path: value });
  try {
    const checked = await checkInputsNode(
      { video: source(inputs.video), audio: source(inputs.audio) },
      { signal },
    );
    return {
      problems: [],
      videoSec: checked.video.probe?.durationSec,
      audioSec: checked.audio.probe?.durationSec,
    };
  } catch (error) {
    if (InputError.isInstance(error))
      return { problems: error.issues.map((issue: FieldIssue) => issue.message) };
    if (ReanimateError.isInstance(error)) return { problems: [error.message] };
    throw error;
  }
}

/** The pre-flight refusal: every problem, and the --split suggestion when length is one of them. */
export function preflightError(problems: readonly string[], suggestSplit: boolean): InputError {
  const lines = problems.map((problem) => `  - ${problem}`).join('\n');
  const split = suggestSplit
    ? ` For inputs longer than ${MAX_INPUT_SECONDS} s, add --split: Reanimate cuts them into aligned segments of at most ${MAX_INPUT_SECONDS} s, runs them, and joins the results.`
    : '';
  return new InputError(`These inputs cannot be used with react-1:\n${lines}`, {
    issues: problems.map((message) => ({ field: 'input', message })),
    hint: `Fix the inputs listed above; nothing was uploaded or sent.${split}`,
  });
}
