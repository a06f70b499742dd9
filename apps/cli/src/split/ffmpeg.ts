import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ReanimateError } from '@reanimate/core';

/**
 * The ffmpeg that ships inside an npm package (@ffmpeg-installer/ffmpeg, a static 4.1 build), so splitting needs
 * no system install. REANIMATE_FFMPEG overrides it (a newer local build, or a platform the package lacks).
 */
export function ffmpegPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = env.REANIMATE_FFMPEG?.trim();
  if (override) return override;
  try {
    const require = createRequire(import.meta.url);
    const installed = require('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    if (typeof installed.path === 'string') return installed.path;
  } catch {
    // Fall through to the error below.
  }
  throw new ReanimateError(
    'media',
    'ffmpeg is not available, and --split needs it to cut and join the media.',
    {
      hint: 'Reinstall (npm install) so @ffmpeg-installer/ffmpeg is present, or set REANIMATE_FFMPEG to an ffmpeg binary.',
    },
  );
}

/** ffmpeg failed; the message carries its last error line (never a URL's query string: inputs are local here). */
export class FfmpegError extends ReanimateError {
  readonly exitCode: number | null;
  constructor(message: string, exitCode: number | null) {
    super('media', message, {
      hint: 'Check that the input files play, and that the output folder is writable; then try again.',
    });
    this.name = 'FfmpegError';
    this.exitCode = exitCode;
  }
}

function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Conversion failed'));
  return lines[lines.length - 1] ?? 'no details';
}

/** Runs ffmpeg and resolves with its stderr; killed when `signal` aborts. */
export function runFfmpeg(
  ffmpeg: string,
  args: readonly string[],
  options: { signal?: AbortSignal | undefined; allowFailure?: boolean } = {},
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
      // Only the header and the tail matter; keep memory bounded on long runs.
      stderr =
        stderr.length > 40_000 ? stderr.slice(0, 20_000) + stderr.slice(-20_000) + chunk : stderr + chunk;
    });
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new FfmpegError(`ffmpeg could not be started: ${error.message}`, null));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (code === 0 || options.allowFailure) resolve(stderr);
      else reject(new FfmpegError(`ffmpeg exited with code ${code}: ${lastLine(stderr)}`, code));
    });
  });
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

/** Reads ffmpeg's stream summary (`ffmpeg -i file`, which exits 1 by design: no output is named). */
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

export async function mediaInfo(ffmpeg: string, input: string, signal?: AbortSignal): Promise<MediaInfo> {
  const stderr = await runFfmpeg(ffmpeg, ['-i', input], { signal, allowFailure: true });
  return parseMediaInfo(stderr);
}
