import { writeFile } from 'node:fs/promises';
import {
  MAX_INPUT_SECONDS,
  MAX_VIDEO_BYTES,
  MediaError,
  type MediaProbe,
  probeBytes,
  redactUrl,
} from '@reanimate/core';
import { mediaInfo } from '@reanimate/ffmpeg';

export type InputField = 'video_url' | 'audio_url';

/** An input the job cannot use. `message` is the readable reason the client sees as the job's `error`. */
export class InputFailure extends Error {
  constructor(
    readonly field: InputField,
    message: string,
  ) {
    super(message);
    this.name = 'InputFailure';
  }
}

export interface FetchedInput {
  field: InputField;
  path: string;
  sizeBytes: number;
  probe: MediaProbe;
  /** From the probe, or from ffmpeg when the container does not say; undefined when neither knows. */
  durationSec: number | undefined;
}

export interface FetchInputOptions {
  /** Where to write the downloaded bytes. */
  dest: string;
  signal: AbortSignal;
  timeoutMs: number;
  maxBytes?: number;
  ffmpeg: string | undefined;
}

const MB = 1000 * 1000;

/**
 * Downloads an input the way the service does (server-side GET, redirects followed, no cookies), then checks it is
 * media react-1 can use: the right kind of stream, decodable, and at most MAX_INPUT_SECONDS long.
 */
export async function fetchInput(
  field: InputField,
  url: string,
  options: FetchInputOptions,
): Promise<FetchedInput> {
  const shown = redactUrl(url);
  const maxBytes = options.maxBytes ?? MAX_VIDEO_BYTES;
  const { response, bytes } = await downloadWithRetry(field, url, shown, maxBytes, options);
  await writeFile(options.dest, bytes);

  let probe: MediaProbe;
  try {
    probe = await probeBytes(bytes, {
      fileName: fileNameOf(url),
      mimeType: response.headers.get('content-type') ?? undefined,
    });
  } catch (error) {
    throw new InputFailure(field, describeMediaError(field, error, shown));
  }

  if (field === 'video_url' && !probe.hasVideo) {
    throw new InputFailure(field, `video_url has no video stream (${probe.container}, audio only): ${shown}`);
  }
  if (field === 'audio_url' && !probe.hasAudio) {
    throw new InputFailure(
      field,
      `audio_url has no audio stream (${probe.container} without sound): ${shown}`,
    );
  }

  let durationSec = probe.durationSec;
  if (durationSec === undefined && options.ffmpeg) {
    durationSec = (await mediaInfo(options.ffmpeg, options.dest, options.signal)).durationSec;
  }
  if (durationSec !== undefined && durationSec > MAX_INPUT_SECONDS) {
    throw new InputFailure(
      field,
      `${field} is ${durationSec.toFixed(1)} s long; react-1 accepts at most ${MAX_INPUT_SECONDS} s: ${shown}`,
    );
  }
  return { field, path: options.dest, sizeBytes: bytes.length, probe, durationSec };
}

function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${+(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1000) return `${+(bytes / 1000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

function fileNameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/** Short reasons, like a service's: the probe's own messages are written for someone holding a local file. */
function describeMediaError(field: InputField, error: unknown, shown: string): string {
  if (!MediaError.isInstance(error)) return `${field} could not be read as media: ${shown}`;
  switch (error.reason) {
    case 'empty':
      return `${field} is an empty file (0 bytes): ${shown}`;
    case 'unsupported':
      return `${field} is not a supported media file (expected MP4, MOV, M4V or WebM video, or WAV, MP3, M4A or AAC audio): ${shown}`;
    default:
      return `${field} could not be decoded: the file is damaged or cut short: ${shown}`;
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the download stalled',
};

/** undici hides the reason in `cause` (often nested); only codes and fixed phrases reach the message, never URLs. */
function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return `${NETWORK_CODES[code] ?? 'network error'} (${code})`;
    current = (current as { cause?: unknown }).cause;
  }
  return 'network error';
}

/** The connection failed or dropped (refused, reset, closed mid-body): retried; an HTTP answer or a timeout is not. */
class NetworkFailure extends InputFailure {}

const FETCH_ATTEMPTS = 3;

/**
 * A server-side fetcher retries a connection that failed: a keep-alive socket the file host closed just as the GET
 * went out (UND_ERR_SOCKET, seen from s3rver on a loaded machine) is the host's housekeeping, not a bad input. The
 * last failure fails the job, with its reason.
 */
async function downloadWithRetry(
  field: InputField,
  url: string,
  shown: string,
  maxBytes: number,
  options: FetchInputOptions,
): Promise<{ response: Response; bytes: Buffer }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadOnce(field, url, shown, maxBytes, options);
    } catch (error) {
      if (!(error instanceof NetworkFailure) || attempt >= FETCH_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function downloadOnce(
  field: InputField,
  url: string,
  shown: string,
  maxBytes: number,
  options: FetchInputOptions,
): Promise<{ response: Response; bytes: Buffer }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: { 'User-Agent': 'reanimate-emulator' },
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (timeout.aborted)
      throw new InputFailure(
        field,
        `${field} could not be fetched from ${shown}: no answer within ${options.timeoutMs} ms`,
      );
    throw new NetworkFailure(
      field,
      `${field} could not be fetched from ${shown}: ${describeNetworkError(error)}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new InputFailure(field, `${field} could not be fetched: HTTP ${response.status} from ${shown}`);
  }

  const tooLarge = () =>
    new InputFailure(
      field,
      `${field} is too large: larger than ${formatBytes(maxBytes)}, the most the service downloads: ${shown}`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }

  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          // Stop at the limit rather than after the whole file: the declared length may be absent or a lie.
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    }
  } catch (error) {
    if (error instanceof InputFailure || options.signal.aborted) throw error;
    if (timeout.aborted) {
      throw new InputFailure(
        field,
        `${field} could not be fetched from ${shown}: download did not finish within ${options.timeoutMs} ms`,
      );
    }
    throw new NetworkFailure(
      field,
      `${field} could not be fetched from ${shown}: ${describeNetworkError(error)}`,
    );
  }
  return { response, bytes: Buffer.concat(chunks, size) };
}
