import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { canonicalJson, type JobRecord, redactUrl } from '@reanimate/core';
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

/** What the CLI keeps in a journal record's `meta`; `app` tells our records from the panel's. */
export interface CliMeta {
  app: 'reanimate-cli';
  key: string;
  label: string;
  out: string;
  /** The inputs as the user gave them (URLs without query strings: they may be presigned). */
  video: string;
  audio: string;
  options: JobOptions;
  /** Inputs we uploaded (their URLs are in the record's input), to delete them when the job ends. */
  uploaded: ('video' | 'audio')[];
  manifest?: { path: string; row: number };
  split?: SplitLink;
}

export const CLI_APP = 'reanimate-cli';

/**
 * A URL to pass through rather than a file to upload: `http(s)://`, or any other scheme (which the hosting layer
 * then refuses with a clear message). Single letters are Windows drives (`C:\\clip.mp4`), `file://` is local.
 */
export function isRemoteUrl(input: string): boolean {
  const text = input.trim();
  return /^[a-z][a-z0-9+.-]+:/i.test(text) && !/^file:/i.test(text);
}

export function isLocal(input: string): boolean {
  return !isRemoteUrl(input);
}

/** Local paths made absolute (against `base`), URLs left alone. */
export function normaliseInput(input: string, base = process.cwd()): string {
  const trimmed = input.trim();
  if (isRemoteUrl(trimmed)) return trimmed;
  const path = trimmed.replace(/^file:\/\//i, '');
  return isAbsolute(path) ? path : resolve(base, path);
}

/** How an input is shown and stored in meta: a path as is, a URL without its query string. */
export function displayInput(input: string): string {
  return isRemoteUrl(input) ? redactUrl(input) : input;
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

export function metaFor(spec: JobSpec, uploaded: ('video' | 'audio')[]): CliMeta {
  return {
    app: CLI_APP,
    key: spec.key,
    label: spec.label,
    out: spec.out,
    video: displayInput(spec.video),
    audio: displayInput(spec.audio),
    options: spec.options,
    uploaded,
    ...(spec.manifest ? { manifest: spec.manifest } : {}),
    ...(spec.split ? { split: spec.split } : {}),
  };
}

/** The CLI's meta of a record, or undefined for records another app (the panel) wrote. */
export function cliMeta(record: JobRecord): CliMeta | undefined {
  const meta = record.meta as Partial<CliMeta>;
  if (meta.app !== CLI_APP || typeof meta.key !== 'string' || typeof meta.out !== 'string') return undefined;
  return {
    app: CLI_APP,
    key: meta.key,
    label: typeof meta.label === 'string' ? meta.label : '',
    out: meta.out,
    video: typeof meta.video === 'string' ? meta.video : '',
    audio: typeof meta.audio === 'string' ? meta.audio : '',
    options: (meta.options ?? {}) as JobOptions,
    uploaded: Array.isArray(meta.uploaded)
      ? meta.uploaded.filter((role) => role === 'video' || role === 'audio')
      : [],
    ...(meta.manifest ? { manifest: meta.manifest } : {}),
    ...(meta.split ? { split: meta.split } : {}),
  };
}
