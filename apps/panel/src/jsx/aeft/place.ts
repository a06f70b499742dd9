import type { PlaceRequest, PlaceResult } from '@reanimate/panel-ui/host-bridge';
import { offsetFrames, timeFromSeconds } from '@reanimate/panel-ui/host-rules';
import { hostError } from '../shared/result';
import { layerFrames, requireLayer, requireProject, undoGroup } from './common';

/**
 * Adds the result as a new layer directly above the original, starting at the original's in point plus
 * `offsetSec` (whole frames) and ending with its footage or the original's out point, whichever comes first,
 * inside one undo group. `replace` (whole clips only: offset 0, a result as long as the clip) then removes the original layer (one Undo brings it back); `above` keeps it and
 * can disable it. The footage itself is never replaced (FootageItem.replace would change every layer using it).
 */
export function placeResult(request: PlaceRequest): PlaceResult {
  const project = requireProject();
  const located = requireLayer(project, request.clipId);
  const comp = located.comp;
  const original = located.layer;
  const footage = project.itemByID(Number(request.itemId));
  if (!(footage instanceof FootageItem)) {
    throw hostError('not_found', 'The imported result is no longer in the project');
  }
  const offset = offsetFrames(request.offsetSec || 0, layerFrames(comp, original), comp.frameDuration);
  const start = original.inPoint + offset / comp.frameRate;
  // Never past the original's end; a shorter result ends where its footage ends (AE cannot extend footage).
  const available = footage.duration > 0 ? footage.duration : original.outPoint - start;
  const end = Math.min(original.outPoint, start + available);
  const halfFrame = comp.frameDuration / 2;
  if (request.mode === 'replace') {
    // Replace swaps the whole layer: a part (a segment of a split clip) would delete the rest of the original.
    if (offset !== 0) {
      throw hostError('bad_request', 'Replace mode places a whole clip (offset 0); place segments above');
    }
    if (original.outPoint - end > comp.frameDuration * 1.5) {
      throw hostError(
        'bad_request',
        'Replace mode needs a result as long as the clip; place it above instead',
      );
    }
  }

  return undoGroup('Reanimate: place result', () => {
    let layer: AVLayer;
    try {
      layer = comp.layers.add(footage);
      // The result's first frame lands at the clip's start plus the offset; its span is clamped to the clip.
      layer.startTime = start;
      layer.inPoint = start;
      layer.outPoint = end;
      layer.moveBefore(original);
    } catch (error) {
      throw hostError('place_failed', `After Effects could not add the result layer: ${String(error)}`);
    }
    const source: unknown = layer.source;
    if (
      !(source instanceof FootageItem) ||
      source.id !== footage.id ||
      Math.abs(layer.inPoint - start) > halfFrame ||
      Math.abs(layer.outPoint - end) > halfFrame
    ) {
      try {
        layer.remove();
      } catch (_error) {}
      throw hostError('place_failed', 'The result layer did not land on the clip span');
    }
    if (request.audio === 'none' && layer.hasAudio) {
      layer.audioEnabled = false;
    }
    if (request.mode === 'replace') {
      original.remove();
    } else if (request.disableOriginal) {
      // `enabled` is the video switch only (AG avlayer.md); the sound has its own.
      original.enabled = false;
      if (original.hasAudio) {
        original.audioEnabled = false;
      }
    }
    return {
      trackIndex: layer.index,
      start: timeFromSeconds(layer.inPoint),
      end: timeFromSeconds(layer.outPoint),
    };
  });
}
