import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { canonicalJson, type JobRecord, type MediaInput, mediaInput, pipelineMeta } from '@reanimate/core';
import type { JobOptions } from './job-options.js';

/** A segment of a split job: which parent it belongs to and where the joined result goes. */
export interface SplitLink {
  /** The key of the whole (unsplit) job. */
  parentKey: string;
  /** The joined result: the user's --out. */
  parentOut: string;
  parentLabel: string;
  /** From 0. */
  index: number;
  count: number;
  /** The segment's planned length (its video's), seconds. */
  durationSec: number;
  fps: number | undefined;
  /** Working folder of the split (segment files and results). */
  dir: string;
}

/** One react-1 job the CLI wants done. */
export interface JobSpec {
  /**
   * Stable identity: the same job (same inputs, options, out; for a manifest row, same manifest and row) always
   * gets the same key, so a re-run finds the journal record and resumes instead of submitting again.
   */
  key: string;
  /** How progress and the summary name it: "" for a single run, "row 3", "segment 2/3". */
  label: string;
  /** Absolute local path, or an http(s) URL passed through. */
  video: string;
  audio: string;
  /** Absolute path of the result. */
  out: string;
  options: JobOptions;
  manifest?: { path: string; row: number } | undefined;
  split?: SplitLink | undefined;
}

/** What the CLI keeps as the shell's part of a record's meta (the pipeline keeps key, out, inputs, uploads). */
export interface CliShellMeta {
  label: string;
  options: JobOptions;
  manifest?: { path: string; row: number };
  split?: SplitLink;
}

/** A record as the CLI reads it: the pipeline's meta plus the CLI's own part. */
export interface CliMeta extends CliShellMeta {
  key: string;
  attempt: number;
  out: string;
  /** The inputs as shown (URLs without query strings). */
  video: string;
  audio: string;
}

export const CLI_APP = 'reanimate-cli';

/** Whether `input` is a URL passed through rather than a file to upload: core's one decision. */
export function isRemoteUrl(input: string): boolean {
  return mediaInput(input).kind === 'url';
}

/** Local paths made absolute (against `base`), URLs left alone. */
export function normaliseInput(input: string, base = process.cwd()): string {
  const parsed = mediaInput(input);
  if (parsed.kind !== 'file') return input.trim();
  return isAbsolute(parsed.path) ? parsed.path : resolve(base, parsed.path);
}

/** What core's pipeline takes for an input the user typed (already normalised). */
export function toMediaInput(input: string): MediaInput {
  return mediaInput(input);
}

export function hashKey(prefix: string, value: unknown): string {
  return `${prefix}:${createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32)}`;
}

export function runKey(video: string, audio: string, out: string, options: JobOptions): string {
  return hashKey('run', { video, audio, out, options });
}

export function rowKey(
  manifestPath: string,
  row: number,
  video: string,
  audio: string,
  out: string,
  options: JobOptions,
) {
  return hashKey('row', { manifest: manifestPath, row, video, audio, out, options });
}

export function segmentKey(parentKey: string, index: number, count: number): string {
  return `${parentKey}#${index + 1}/${count}`;
}

/** The CLI's part of the meta the pipeline stores with a job. */
export function shellMetaFor(spec: JobSpec): CliShellMeta {
  return {
    label: spec.label,
    options: spec.options,
    ...(spec.manifest ? { manifest: spec.manifest } : {}),
    ...(spec.split ? { split: spec.split } : {}),
  };
}

/** The CLI's view of a record, or undefined for records another app (the panel) or an old version wrote. */
export function cliMeta(record: JobRecord): CliMeta | undefined {
  const meta = pipelineMeta(record);
  if (!meta || meta.app !== CLI_APP || meta.key === undefined) return undefined;
  const shell = (meta.shell ?? {}) as Partial<CliShellMeta>;
  return {
    key: meta.key,
    attempt: meta.attempt ?? 1,
    out: meta.out,
    video: meta.shown.video,
    audio: meta.shown.audio,
    label: typeof shell.label === 'string' ? shell.label : '',
    options: shell.options ?? {},
    ...(shell.manifest ? { manifest: shell.manifest } : {}),
    ...(shell.split ? { split: shell.split } : {}),
  };
}
