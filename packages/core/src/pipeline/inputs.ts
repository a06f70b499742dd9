import { redactUrl } from '../redact.js';

/**
 * What a job's video or audio is: a URL the service fetches as it is, a file on the platform's disk (uploaded
 * first), or a Blob the platform already holds (a browser's File, a UXP file read into memory).
 */
export type MediaInput =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string }
  | { kind: 'blob'; blob: Blob; name: string };

/**
 * The one place that decides "URL or local file" for what a user typed: `http(s)://` (or any other scheme, which
 * pre-flight then refuses by name) is a URL; a single letter before the colon is a Windows drive (`C:\clip.mp4`)
 * and `file://` is local.
 */
export function mediaInput(text: string): MediaInput {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]+:/i.test(trimmed) && !/^file:/i.test(trimmed)) return { kind: 'url', url: trimmed };
  return { kind: 'file', path: trimmed.replace(/^file:\/\//i, '') };
}

/** How an input is shown and stored: a path as it is, a URL without its query string (it may be presigned). */
export function describeInput(input: MediaInput): string {
  switch (input.kind) {
    case 'url':
      return redactUrl(input.url);
    case 'file':
      return input.path;
    case 'blob':
      return input.name;
  }
}

/** Whether the pipeline uploads this input (a URL passes through). */
export function needsUpload(input: MediaInput): boolean {
  return input.kind !== 'url';
}
