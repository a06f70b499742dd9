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

/**
 * Whether a binary starts, asked once per process: the answer is a blocking spawn, and callers (the face check of
 * each batch row, each split job) ask again and again while polls and uploads wait on the event loop.
 */
const starts = new Map<string, boolean>();

function runs(command: string): boolean {
  let known = starts.get(command);
  if (known === undefined) {
    try {
      known =
        spawnSync(command, ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
    } catch {
      known = false;
    }
    starts.set(command, known);
  }
  return known;
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

export interface RawFrameOptions {
  /** Frames per second to take (ffmpeg's fps filter: the first at 0). Without it, every frame. */
  fps?: number | undefined;
  /** Output size: frames are scaled to it (keep it even). */
  width: number;
  height: number;
  /** Start this many seconds before the end (`-sseof`), e.g. to grab the last frame. */
  fromEndSec?: number | undefined;
  /** At most this many frames. */
  maxFrames?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Decodes frames as raw RGB (width × height × 3 bytes each), one at a time as the caller takes them: ffmpeg's
 * stdout is paused while the caller works, so memory holds a frame or two whatever the video's length.
 */
export async function* rawFrames(
  ffmpeg: string,
  input: string,
  options: RawFrameOptions,
): AsyncGenerator<Uint8Array> {
  const { width, height, signal } = options;
  const filters = [...(options.fps ? [`fps=${options.fps}`] : []), `scale=${width}:${height}`].join(',');
  const args = [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    ...(options.fromEndSec !== undefined ? ['-sseof', `-${options.fromEndSec}`] : []),
    '-i',
    input,
    '-an',
    '-vf',
    filters,
    ...(options.maxFrames !== undefined ? ['-frames:v', String(options.maxFrames)] : []),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ];
  if (signal?.aborted) throw signal.reason;
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-KEEP_BYTES);
  });
  const onAbort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const frameBytes = width * height * 3;
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= frameBytes) {
        yield new Uint8Array(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
      }
    }
    const code = await closed;
    if (signal?.aborted) throw signal.reason;
    if (code !== 0)
      throw new FfmpegError(`ffmpeg exited with code ${code}: ${lastLine(stderr)}`, code, stderr);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Whether frame durations vary (ffmpeg's vfrdet): phone and screen recordings often do. */
export async function variableFrameRate(
  ffmpeg: string,
  input: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const stderr = await runFfmpeg(ffmpeg, ['-i', input, '-an', '-vf', 'vfrdet', '-f', 'null', '-'], {
    signal,
    allowFailure: true,
  });
  const match = /VFR:([\d.]+)/.exec(stderr);
  return match ? Number(match[1]) > 0 : false;
}
