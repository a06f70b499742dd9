import { MediaError } from '@reanimate/core';

export interface FrameSourceOptions {
  /** Width frames are drawn at (default 640, as in the CLI; never above the video's own). */
  analysisWidth?: number;
  signal?: AbortSignal;
  /** How long one seek may take before the media counts as unreadable, ms (default 15 000). */
  seekTimeoutMs?: number;
  doc?: Document;
}

export interface DrawnFrame {
  canvas: HTMLCanvasElement;
  /** The media time the frame was drawn at. */
  mediaSec: number;
}

function once(
  target: HTMLVideoElement,
  event: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      target.removeEventListener(event, onEvent);
      target.removeEventListener('error', onError);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onEvent = () => done(resolve);
    const onError = () =>
      done(() =>
        reject(
          new MediaError(
            'unreadable',
            `The clip's media cannot be decoded here (${target.error?.message || `media error ${target.error?.code ?? '?'}`}).`,
            {
              hint: 'The face check needs media Chromium can play (H.264, VP8/9, AV1); generating is not affected.',
            },
          ),
        ),
      );
    const onAbort = () => done(() => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError')));
    const timer = setTimeout(
      () =>
        done(() =>
          reject(
            new MediaError(
              'unreadable',
              `The clip's media did not answer a seek within ${Math.round(timeoutMs / 1000)} s.`,
              {
                hint: 'The file may be offline or still being written; check that it plays in the Source Monitor.',
              },
            ),
          ),
        ),
      timeoutMs,
    );
    target.addEventListener(event, onEvent);
    target.addEventListener('error', onError);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * Draws the frames of a video at the given media times, one after another, on a canvas it reuses: a hidden
 * <video> seeks to each time and the frame is drawn scaled to `analysisWidth`. The canvas is yielded before the
 * next seek, so a consumer reads it at once.
 */
export async function* videoFrames(
  url: string,
  mediaTimes: readonly number[],
  options: FrameSourceOptions = {},
): AsyncGenerator<DrawnFrame> {
  const { signal } = options;
  const doc = options.doc ?? document;
  const timeoutMs = options.seekTimeoutMs ?? 15_000;
  const video = doc.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  // Only media of another web origin is fetched with CORS; a file:// clip in CEP must not be (Chromium refuses CORS
  // for file://), and the manifest's --allow-file-access-from-files already lets the panel read its pixels.
  if (/^https?:/i.test(url) && new URL(url, doc.baseURI).origin !== new URL(doc.baseURI).origin) {
    video.crossOrigin = 'anonymous';
  }
  const ready = once(video, 'loadeddata', timeoutMs, signal);
  video.src = url;
  try {
    await ready;
    const width = Math.min(options.analysisWidth ?? 640, video.videoWidth || 640);
    const canvas = doc.createElement('canvas');
    canvas.width = Math.max(2, Math.round(width));
    canvas.height = Math.max(
      2,
      Math.round((canvas.width * (video.videoHeight || 360)) / (video.videoWidth || 640)),
    );
    const context = canvas.getContext('2d');
    if (!context) throw new MediaError('unreadable', 'This panel cannot draw video frames (no 2D canvas).');
    // The last frame starts a little before the end; seeking to the very end may show nothing.
    const lastSec = Number.isFinite(video.duration)
      ? Math.max(0, video.duration - 0.001)
      : Number.POSITIVE_INFINITY;
    for (const time of mediaTimes) {
      signal?.throwIfAborted();
      const mediaSec = Math.min(Math.max(0, time), lastSec);
      if (Math.abs(video.currentTime - mediaSec) > 1e-4 || video.readyState < 2) {
        const seeked = once(video, 'seeked', timeoutMs, signal);
        video.currentTime = mediaSec;
        await seeked;
      }
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      yield { canvas, mediaSec };
    }
  } finally {
    video.removeAttribute('src');
    video.load();
  }
}
