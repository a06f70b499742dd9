import type { FieldIssue, IssueCode } from '../errors.js';
import { MAX_VIDEO_BYTES } from '../limits.js';
import { probeSource } from '../media/probe.js';
import { MediaError, type MediaProbe } from '../media/types.js';
import { assessProbe, tooBig, unknownDurationNote } from './assess.js';
import { type HttpAnswer, type HttpContext, request, Unreachable } from './http.js';
import { parseContentRange, RemoteRangeSource, RemoteReadStopped } from './remote-source.js';
import type { InputRole } from './types.js';
import { checkInputUrl } from './url.js';

/** The first Range GET: enough for the headers of every supported format when they sit at the start. */
export const REMOTE_PREFIX_BYTES = 2 * 1024 * 1024;

export interface RemoteOutcome {
  issues: FieldIssue[];
  probe?: MediaProbe;
  verified: boolean;
  notes: string[];
}

/**
 * Checks a URL the service will fetch. Refuses only what is certain to fail there too: a bad scheme, 401/403/404
 * /410, an unreachable host, a size over the limit, content that is not usable media. Anything we merely cannot
 * look at (no HEAD, no Range, moov beyond the budget) leaves the input accepted but "not verified".
 */
export async function checkRemoteInput(
  text: string,
  role: InputRole,
  label: string,
  context: HttpContext & { unreachable: 'refuse' | 'unverified' },
): Promise<RemoteOutcome> {
  const name = `${role} ${label}`;
  const outcome: RemoteOutcome = { issues: [], verified: false, notes: [] };
  const refuse = (message: string, code: IssueCode, limits: { limit?: number; actual?: number } = {}) => {
    outcome.issues.push({ field: role, code, message, ...limits });
    return outcome;
  };

  const checked = checkInputUrl(text);
  if (!checked.ok) return refuse(`${name} ${checked.problem}.`, 'bad_url');
  const url = checked.url.href;
  // Used only when the content cannot be probed; a probe's own size check covers it otherwise.
  const refuseIfTooBig = (sizeBytes: number | undefined) => {
    if (role === 'video' && sizeBytes !== undefined && sizeBytes > MAX_VIDEO_BYTES)
      refuse(tooBig(name, sizeBytes), 'too_big', { limit: MAX_VIDEO_BYTES, actual: sizeBytes });
    return outcome;
  };

  try {
    // HEAD alone never refuses: an S3 presigned GET URL answers HEAD with 403 (the signature covers the method),
    // though the GET react-1 makes works. Only the ranged GET's answer can refuse.
    const head = await request(context, url, { method: 'HEAD' }, 0);
    const headSize = isSuccess(head.status) ? contentLength(head) : undefined;
    if (!isSuccess(head.status)) outcome.notes.push(`the server did not answer HEAD (HTTP ${head.status})`);

    const first = await request(
      context,
      url,
      { method: 'GET', headers: { Range: `bytes=0-${REMOTE_PREFIX_BYTES - 1}` } },
      REMOTE_PREFIX_BYTES,
    );
    const firstRefusal = refusalFor(first.status, name);
    if (firstRefusal) return refuse(firstRefusal, 'unreachable');
    const start = firstBytes(first, headSize);
    if ('note' in start) {
      outcome.notes.push(start.note);
      return refuseIfTooBig(headSize ?? start.size);
    }

    const source = new RemoteRangeSource(context, url, start.size, start.bytes);
    const contentType = first.headers.get('content-type') ?? undefined;
    let probe: MediaProbe;
    try {
      probe = await probeSource(source, { fileName: label, mimeType: contentType });
    } catch (error) {
      // It answered a moment ago, so a failure now is a hiccup or a limit of ours, not a reason to refuse.
      if (error instanceof RemoteReadStopped || error instanceof Unreachable) {
        const reason =
          error instanceof Unreachable ? `the connection failed (${error.detail})` : error.reason;
        outcome.notes.push(`could not read enough of it to check its content: ${reason}`);
        return refuseIfTooBig(start.size);
      }
      throw error;
    }
    outcome.probe = probe;
    outcome.issues.push(...assessProbe(role, probe, label));
    outcome.verified = probe.durationSec !== undefined;
    if (probe.durationSec === undefined) outcome.notes.push(unknownDurationNote(label));
    return outcome;
  } catch (error) {
    if (error instanceof Unreachable) {
      const message = `${name} cannot be reached from here (${error.detail}): check the URL; react-1 fetches it from the internet and would most likely fail too.`;
      if (context.unreachable === 'refuse') return refuse(message, 'unreachable');
      outcome.notes.push(
        `could not reach it from here (${error.detail}); it may still be reachable by the service`,
      );
      return outcome;
    }
    // What the server serves is what react-1 will get: empty, unsupported or unreadable content is certain to fail.
    if (MediaError.isInstance(error)) return refuse(`${role} ${error.message}`, 'not_media');
    throw error;
  }
}

function refusalFor(status: number, name: string): string | undefined {
  if (status === 401 || status === 403) {
    return (
      `${name} is refused by its server (HTTP ${status}): react-1 fetches it without any login, so it would be ` +
      'refused too; use a public or presigned URL.'
    );
  }
  if (status === 404 || status === 410) {
    return `${name} was not found on its server (HTTP ${status}): react-1 could not fetch it either; check the URL.`;
  }
  return undefined;
}

/** What the first GET brought, or why the content cannot be looked at (with the size, when the GET said). */
type FirstBytes = { bytes: Uint8Array; size: number } | { note: string; size?: number };

function firstBytes(answer: HttpAnswer, headSize: number | undefined): FirstBytes {
  if (answer.status === 206) {
    const range = parseContentRange(answer.headers.get('content-range'));
    if (range?.start !== 0) return { note: 'the server answered the Range request with an unexpected range' };
    const size =
      range.total ??
      headSize ??
      (answer.bytes.byteLength < REMOTE_PREFIX_BYTES ? answer.bytes.byteLength : undefined);
    if (size === undefined) return { note: 'the server did not say how big the file is' };
    return { bytes: answer.bytes, size };
  }
  if (answer.status === 200) {
    // Range ignored: fine when the whole file fit in what we were willing to read.
    if (answer.complete) return { bytes: answer.bytes, size: answer.bytes.byteLength };
    const size = contentLength(answer);
    const note = 'the server does not support Range requests, so only its size could be checked';
    return size === undefined ? { note } : { note, size };
  }
  if (answer.status === 416 && parseTotalOf416(answer) === 0) return { bytes: new Uint8Array(0), size: 0 };
  return { note: `the server did not serve the start of the file (HTTP ${answer.status})` };
}

function parseTotalOf416(answer: HttpAnswer): number | undefined {
  const match = /^bytes\s+\*\/(\d+)$/i.exec(answer.headers.get('content-range')?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

function contentLength(answer: HttpAnswer): number | undefined {
  const header = answer.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
