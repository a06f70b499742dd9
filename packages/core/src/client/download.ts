import { abortReason, throwIfAborted } from '../abort.js';
import { ApiError, NetworkError } from '../errors.js';
import { errnoCode } from '../platform/node-modules.js';
import { redactUrl } from '../redact.js';
import { defaultSleep } from '../sleep.js';
import { classifyTransportError } from './classify-error.js';
import { DownloadError } from './download-error.js';
import { IdleTimeout, RetryableStatus, type TransferState, transferOnce } from './download-transfer.js';
import type { DownloadDeps, DownloadOptions, DownloadResult } from './download-types.js';

type Deps = DownloadDeps;

import { backoffDelay, DEFAULT_RETRY_POLICY } from './retry-policy.js';

/**
 * Streams `url` to `dest` with Node's file system (given, not imported: the CEP panel passes its own, the UXP
 * plugin an adapter of UXP's `fs`). Writes to a
 * temp file beside `dest` and moves it into place only once it is complete: the Content-Length matches and the
 * bytes start like an MP4/MOV. Any failure removes the temp file. Memory stays flat: each chunk is written before
 * the next is read. No Authorization header is sent: output URLs are on a CDN, and our token has no business there.
 */
export async function downloadWith(
  node: Deps,
  url: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const { resolve, join, dirname, basename } = node.path;
  const target = resolve(dest);
  const shown = redactUrl(url);
  const conflict = options.conflict ?? (options.overwrite ? 'replace' : 'fail');
  if (conflict === 'fail' && (await exists(node, target))) {
    throw new DownloadError('exists', `Not downloading ${shown}: ${target} already exists.`, {
      hint: 'Choose another output path, or allow overwriting.',
    });
  }
  // The output's folder is created as needed: a shell says where the result goes, core makes it so.
  await node.fs.mkdir(dirname(target), { recursive: true });
  await removeOrphanedParts(node, target);
  const temp = join(
    dirname(target),
    `.${basename(target)}.${node.process.pid}.${Math.random().toString(36).slice(2, 10)}.part`,
  );
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const state: TransferState = { received: 0, total: undefined, validator: undefined };
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await transferOnce(node, url, temp, state, options);
        break;
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        if (!isRetryable(error) || attempt >= maxAttempts) throw finalError(error, shown, state);
        await sleep(backoffDelay(attempt, DEFAULT_RETRY_POLICY), signal);
      }
    }
    if (state.total !== undefined && state.received !== state.total) {
      throw new DownloadError(
        'truncated',
        `Download of ${shown} ended at ${state.received} of ${state.total} bytes.`,
      );
    }
    const handle = await node.fs.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const path = await moveIntoPlace(node, temp, target, conflict, shown);
    return { path, bytes: state.received };
  } catch (error) {
    await node.fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof RetryableStatus || error instanceof IdleTimeout) return true;
  if (DownloadError.isInstance(error) || ApiError.isInstance(error)) return false;
  // Transport failures of a GET are always safe to repeat.
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';
}

function finalError(error: unknown, shown: string, state: TransferState): unknown {
  if (DownloadError.isInstance(error) || ApiError.isInstance(error)) return error;
  // The connection broke mid-body on every attempt: the file server cut it short, not a network outage.
  if (state.received > 0 && (error as { name?: unknown } | undefined)?.name === 'TypeError') {
    const of = state.total === undefined ? '' : ` of ${state.total}`;
    return new DownloadError(
      'truncated',
      `Download of ${shown} broke off after ${state.received}${of} bytes.`,
      {
        hint: 'Check the network connection and try again.',
      },
    );
  }
  if (error instanceof RetryableStatus) {
    return error.status === 0
      ? new DownloadError('truncated', `Download of ${shown} kept breaking off before the end.`, {
          hint: 'Check the network connection and try again.',
        })
      : new ApiError(error.status, `The file server answered HTTP ${error.status} for ${shown}.`, {
          hint: 'Try again in a few minutes.',
        });
  }
  if (error instanceof IdleTimeout) {
    return new NetworkError(`Download of ${shown} stalled: ${error.message}.`);
  }
  const code = errnoCode(error);
  if (code !== undefined) {
    return new DownloadError('write', `Could not write the download (${code}).`, {
      hint: 'Check that the output folder exists and is writable, and that the disk has space.',
    });
  }
  const failure = classifyTransportError(error);
  return new NetworkError(
    `Download of ${shown} failed: ${failure.message}${failure.code ? ` (${failure.code})` : ''}.`,
  );
}

const PART = /^\.(.+)\.(\d+)\.[a-z0-9]+\.part$/;
const ORPHAN_AGE_MS = 24 * 60 * 60_000;

/**
 * Temp files a killed download left beside `target` (`.<name>.<pid>.<random>.part`): removed when the process
 * that wrote one is gone, or it is a day old (a pid may be reused, or the writer ran on another machine).
 */
async function removeOrphanedParts(node: Deps, target: string): Promise<void> {
  const folder = node.path.dirname(target);
  const name = node.path.basename(target);
  let entries: string[];
  try {
    entries = await node.fs.readdir(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = PART.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    const path = node.path.join(folder, entry);
    let alive = true;
    try {
      node.process.kill(pid, 0);
    } catch (error) {
      alive = errnoCode(error) === 'EPERM';
    }
    const info = await node.fs.stat(path).catch(() => undefined);
    const old = info !== undefined && Date.now() - info.mtimeMs > ORPHAN_AGE_MS;
    if ((!alive && pid !== node.process.pid) || old) await node.fs.unlink(path).catch(() => undefined);
  }
}

/** `name.mp4`, then `name (2).mp4`, `name (3).mp4`…: the n-th candidate for a file that must not overwrite. */
export function candidateName(node: Pick<DownloadDeps, 'path'>, target: string, n: number): string {
  if (n <= 1) return target;
  const { dirname, basename, join } = node.path;
  const name = basename(target);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  return join(dirname(target), `${stem} (${n})${ext}`);
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV']);

/**
 * Moves the finished temp file to `target` and returns where it went. `replace` renames over it; `fail` and
 * `rename` hard-link, which fails with EEXIST instead of clobbering a file that appeared meanwhile (`rename` then
 * tries "name (2).mp4" and on). Where links are not supported (FAT/exFAT, some shares), check, then rename.
 */
async function moveIntoPlace(
  node: Deps,
  temp: string,
  target: string,
  conflict: NonNullable<DownloadOptions['conflict']>,
  shown: string,
): Promise<string> {
  if (conflict === 'replace') {
    await node.fs.rename(temp, target);
    return target;
  }
  for (let n = 1; n < 1000; n++) {
    const candidate = candidateName(node, target, n);
    try {
      await node.fs.link(temp, candidate);
      await node.fs.unlink(temp);
      return candidate;
    } catch (error) {
      const code = errnoCode(error) ?? '';
      if (code === 'EEXIST') {
        if (conflict === 'rename') continue;
        throw new DownloadError('exists', `Not downloading ${shown}: ${target} appeared while downloading.`, {
          hint: 'Choose another output path, or allow overwriting.',
        });
      }
      if (!NO_HARD_LINKS.has(code)) throw error;
      if (await exists(node, candidate)) {
        if (conflict === 'rename') continue;
        throw new DownloadError('exists', `Not downloading ${shown}: ${target} appeared while downloading.`);
      }
      await node.fs.rename(temp, candidate);
      return candidate;
    }
  }
  throw new DownloadError('exists', `No free file name beside ${target}.`, {
    hint: 'Clean up the output folder or choose another one.',
  });
}

async function exists(node: Deps, path: string): Promise<boolean> {
  try {
    await node.fs.stat(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}
