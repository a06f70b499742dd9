import type { PlaceRequest } from '../host-bridge.ts';
import type { SegmentResult } from './types.ts';

/**
 * Where a result goes: over its original clip; a segment of a split clip at its own start within it. The hosts
 * refuse `replace` with an offset (it swaps a whole clip), so a segment "placed in place" goes above at its offset
 * with the original disabled: the same picture, and the original stays in the sequence to undo with.
 */
export function placeRequestFor(
  result: Pick<SegmentResult, 'clipId' | 'range'>,
  itemId: string,
  mode: PlaceRequest['mode'],
  options: { videoOnly?: boolean } = {},
): PlaceRequest {
  // The result carries the new speech: it goes on an audio track free over the span unless the user wants video only.
  const audio: PlaceRequest['audio'] = options.videoOnly ? 'none' : 'free-track';
  if (!result.range) return { itemId, clipId: result.clipId, mode, audio };
  return {
    itemId,
    clipId: result.clipId,
    mode: 'above',
    offsetSec: result.range.startSec,
    audio,
    ...(mode === 'replace' ? { disableOriginal: true } : {}),
  };
}
