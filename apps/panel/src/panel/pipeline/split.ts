import type { ExportRange } from '../../shared/bridge.ts';

export const MAX_SEGMENT_SEC = 15;

/**
 * Cuts a clip into the fewest equal segments of at most 15 s, on frame boundaries so no frame is lost or doubled
 * between two segments. Equal lengths avoid a last sliver too short to carry a face.
 */
export function splitRanges(durationSec: number, fps: number, maxSec = MAX_SEGMENT_SEC): ExportRange[] {
  const totalFrames = Math.round(durationSec * fps);
  const maxFrames = Math.floor(maxSec * fps);
  const count = Math.max(1, Math.ceil(totalFrames / maxFrames));
  const ranges: ExportRange[] = [];
  for (let i = 0; i < count; i++) {
    const startFrame = Math.round((i * totalFrames) / count);
    const endFrame = Math.round(((i + 1) * totalFrames) / count);
    ranges.push({ startSec: startFrame / fps, endSec: endFrame / fps });
  }
  return ranges;
}
