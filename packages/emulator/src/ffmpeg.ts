import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * The bundled static ffmpeg (@ffmpeg-installer, version 4.1 from 2018: `reverse`, `apad`, `setpts`, `concat` and
 * `-stream_loop` are there, newer filters are not), else `ffmpeg` on PATH, else undefined.
 */
export function findFfmpeg(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const installed = require('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    if (typeof installed.path === 'string' && runs(installed.path)) return installed.path;
  } catch {
    // Not installed for this platform: try PATH.
  }
  return runs('ffmpeg') ? 'ffmpeg' : undefined;
}

function runs(command: string): boolean {
  try {
    return (
      spawnSync(command, ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 }).status === 0
    );
  } catch {
    return false;
  }
}

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

/** Runs ffmpeg, resolving with its stderr; killed when `signal` aborts. */
export function runFfmpeg(ffmpeg: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FfmpegError('ffmpeg was not started: the job was stopped', null, ''));
      return;
    }
    const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Only the tail is useful for error messages; keep memory bounded on chatty runs.
      stderr = (stderr + chunk).slice(-20_000);
    });
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new FfmpegError(`ffmpeg could not be started: ${error.message}`, null, stderr));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (code === 0) resolve(stderr);
      else if (signal?.aborted)
        reject(new FfmpegError('ffmpeg was stopped: the job was stopped', code, stderr));
      else reject(new FfmpegError(`ffmpeg exited with code ${code}: ${lastLine(stderr)}`, code, stderr));
    });
  });
}

/** The last meaningful stderr line, which is where ffmpeg says what went wrong. */
export function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Conversion failed'));
  return lines.at(-1) ?? 'no details';
}

/**
 * The container duration ffmpeg reports for a file (`Duration: 00:00:04.50`), or undefined when it has none.
 * ffmpeg with only `-i` exits 1 ("At least one output file must be specified") by design, so the exit code is
 * ignored and only the header is read.
 */
export async function ffmpegDuration(
  ffmpeg: string,
  path: string,
  signal?: AbortSignal,
): Promise<number | undefined> {
  let stderr: string;
  try {
    stderr = await runFfmpeg(ffmpeg, ['-i', path], signal);
  } catch (error) {
    if (!(error instanceof FfmpegError)) throw error;
    stderr = error.stderr;
  }
  const match = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}
