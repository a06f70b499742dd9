import type { PlaceRequest, PlaceResult } from '../../shared/bridge';
import { hostError } from '../shared/result';
import { timeFromSeconds } from '../shared/ticks';
import { requireLayer, requireProject, undoGroup } from './common';

/**
 * Adds the result as a new layer directly above the original, covering exactly the original's span, inside
 * one undo group. `replace` then removes the original layer (one Undo brings it back); `above` keeps it and
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
  const start = original.inPoint;
  const end = original.outPoint;
  const halfFrame = comp.frameDuration / 2;

  return undoGroup('Reanimate: place result', () => {
    let layer: AVLayer;
    try {
      layer = comp.layers.add(footage);
      // The result's first frame is the clip's first frame; clamp its span to the clip.
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
    if (request.mode === 'replace') {
      original.remove();
    } else if (request.disableOriginal) {
      original.enabled = false;
    }
    return {
      trackIndex: layer.index,
      start: timeFromSeconds(layer.inPoint),
      end: timeFromSeconds(layer.outPoint),
    };
  });
}
