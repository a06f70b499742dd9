import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * The ffmpeg to use: `REANIMATE_FFMPEG` when set (a newer local build, or a platform the package lacks), else the
 * static build inside @ffmpeg-installer/ffmpeg (4.1 from 2018: `reverse`, `apad`, `setpts`, `concat` and
 * `-stream_loop` are there, newer filters are not), else `ffmpeg` on PATH; undefined when none runs.
 */
export function findFfmpeg(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const override = env.REANIMATE_FFMPEG?.trim();
  if (override) return override;
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

/** ffmpeg could not start, or exited non-zero; `stderr` holds its tail, the message its last error line. */
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

export interface RunOptions {
  /** Kills ffmpeg; the run then rejects with the signal's reason, as fetch does. */
  signal?: AbortSignal | undefined;
  /** Resolve with stderr whatever the exit code (`ffmpeg -i file` exits 1 by design: no output is named). */
  allowFailure?: boolean | undefined;
}

const KEEP_BYTES = 20_000;

/** Runs ffmpeg (no stdin, no banner) and resolves with its stderr: the head (stream summary) and the tail. */
export function runFfmpeg(
  ffmpeg: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Memory stays bounded on long runs; the header and the last lines are what anyone reads.
      stderr =
        stderr.length > 2 * KEEP_BYTES
          ? stderr.slice(0, KEEP_BYTES) + stderr.slice(-KEEP_BYTES) + chunk
          : stderr + chunk;
    });
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new FfmpegError(`ffmpeg could not be started: ${error.message}`, null, stderr));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (code === 0 || options.allowFailure) resolve(stderr);
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
  return lines[lines.length - 1] ?? 'no details';
}

export interface MediaInfo {
  /** Container duration, seconds; undefined when ffmpeg cannot tell. */
  durationSec: number | undefined;
  hasVideo: boolean;
  hasAudio: boolean;
  /** Frame rate of the first video stream (its "fps", else "tbr"). */
  fps: number | undefined;
  width: number | undefined;
  height: number | undefined;
}

/** Reads ffmpeg's stream summary (what `ffmpeg -i file` prints). */
export function parseMediaInfo(stderr: string): MediaInfo {
  const duration = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  const videoLine = stderr.split('\n').find((line) => /Stream #\d+:\d+.*: Video:/.test(line));
  const fps = videoLine ? (/([\d.]+) fps/.exec(videoLine) ?? /([\d.]+)k? tbr/.exec(videoLine)) : null;
  const size = videoLine ? /, (\d{2,5})x(\d{2,5})[,\s]/.exec(videoLine) : null;
  return {
    durationSec: duration
      ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])
      : undefined,
    hasVideo: videoLine !== undefined,
    hasAudio: /Stream #\d+:\d+.*: Audio:/.test(stderr),
    fps: fps ? normaliseFps(Number(fps[1])) : undefined,
    width: size ? Number(size[1]) : undefined,
    height: size ? Number(size[2]) : undefined,
  };
}

/** ffmpeg prints NTSC rates rounded (29.97, 23.98); the exact rational keeps frame boundaries exact. */
function normaliseFps(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  for (const base of [24, 30, 60, 120]) {
    const ntsc = (base * 1000) / 1001;
    if (Math.abs(value - ntsc) < 0.01) return ntsc;
  }
  return value;
}

/** What ffmpeg says a file holds. */
export async function mediaInfo(ffmpeg: string, input: string, signal?: AbortSignal): Promise<MediaInfo> {
  return parseMediaInfo(await runFfmpeg(ffmpeg, ['-i', input], { signal, allowFailure: true }));
}
