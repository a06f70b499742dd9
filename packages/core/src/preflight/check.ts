import { type FieldIssue, InputError } from '../errors.js';
import { UNNAMED } from '../media/failures.js';
import { probeBlob } from '../media/probe.js';
import { MediaError, type MediaProbe } from '../media/types.js';
import { assessProbe, unknownDurationNote } from './assess.js';
import { checkRemoteInput } from './remote.js';
import type { CheckedInput, CheckedInputs, CheckInputsOptions, InputRole, InputSource } from './types.js';
import { urlLabel } from './url.js';

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Pre-flight: probes both inputs and applies react-1's rules before anything is uploaded or sent. Returns what
 * was found, or throws one InputError listing every problem with both inputs (`issues[].field` is `video` or
 * `audio`), each saying what is wrong and what to do.
 */
export async function checkInputs(
  inputs: { video: InputSource; audio: InputSource },
  options: CheckInputsOptions = {},
): Promise<CheckedInputs> {
  const [video, audio] = await Promise.all([
    checkOne('video', inputs.video, options),
    checkOne('audio', inputs.audio, options),
  ]);
  const issues = [...video.issues, ...audio.issues];
  if (issues.length > 0) throw refusal('These inputs', issues, 'Fix the inputs listed above and try again');
  return { video: video.checked, audio: audio.checked };
}

/** Pre-flight of one input on its own (a video checked without its dub): the same probe and rules. */
export async function checkInput(
  role: InputRole,
  source: InputSource,
  options: CheckInputsOptions = {},
): Promise<CheckedInput> {
  const { checked, issues } = await checkOne(role, source, options);
  if (issues.length > 0) throw refusal(`This ${role}`, issues, `Fix the ${role} and check it again`);
  return checked;
}

function refusal(subject: string, issues: FieldIssue[], fix: string): InputError {
  const lines = issues.map((issue) => `  - ${issue.message}`).join('\n');
  return new InputError(`${subject} cannot be used with react-1:\n${lines}`, {
    issues,
    hint: `${fix}; nothing was uploaded or sent.`,
  });
}

async function checkOne(
  role: InputRole,
  source: InputSource,
  options: CheckInputsOptions,
): Promise<{ checked: CheckedInput; issues: FieldIssue[] }> {
  if (typeof source === 'string' || source instanceof URL) {
    const text = String(source);
    const label = urlLabel(text);
    const fetcher = options.fetch ?? globalThis.fetch;
    const outcome = await checkRemoteInput(text, role, label, {
      fetch: fetcher,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      unreachable: options.unreachable ?? 'refuse',
    });
    const checked: CheckedInput = {
      role,
      source,
      label,
      remote: true,
      verified: outcome.verified,
      notes: outcome.notes,
    };
    if (outcome.probe) checked.probe = outcome.probe;
    return { checked, issues: outcome.issues };
  }

  const label = localLabel(source);
  const checked: CheckedInput = { role, source, label, remote: false, verified: false, notes: [] };
  let probe: MediaProbe;
  try {
    probe = await probeLocal(source, label, options);
  } catch (error) {
    if (!MediaError.isInstance(error) && !(error instanceof NoFileProber)) throw error;
    return { checked, issues: [{ field: role, code: 'unreadable', message: `${role} ${error.message}` }] };
  }
  checked.probe = probe;
  checked.verified = probe.durationSec !== undefined;
  if (probe.durationSec === undefined) checked.notes.push(unknownDurationNote(label));
  return { checked, issues: assessProbe(role, probe, label) };
}

function probeLocal(
  source: Exclude<InputSource, string | URL>,
  label: string,
  options: CheckInputsOptions,
): Promise<MediaProbe> {
  if (source.kind === 'blob') return probeBlob(source.blob, { fileName: label });
  if (!options.probeFile) throw new NoFileProber(source.path);
  return options.probeFile(source.path);
}

function localLabel(source: Exclude<InputSource, string | URL>): string {
  if (source.kind === 'file') return baseName(source.path);
  const fileName: unknown = (source.blob as Blob & { name?: unknown }).name;
  return source.name || (typeof fileName === 'string' && fileName ? fileName : UNNAMED);
}

/** The last segment of a POSIX or Windows path, without importing node:path into universal code. */
function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** A `{ kind: 'file' }` input reached code that cannot read files (a browser bundle without a probeFile). */
class NoFileProber extends Error {
  constructor(path: string) {
    super(
      `${baseName(path)} is a local file, which cannot be read here: check it with checkInputsNode from ` +
        '@reanimate/core/node, or pass it as a Blob.',
    );
    this.name = 'NoFileProber';
  }
}
