import { hostError } from '../shared/result';

/**
 * After Effects lookups. Collections are 1-based (project.item(i), comp.layer(i), renderQueue.item(i)) except
 * comp.selectedLayers, which is a 0-based Array.
 *
 * Clip ids are `<comp id>:<layer id>`. The bridge comment suggests the layer index, but indices shift as soon
 * as a layer is added above (which placeResult does), while Layer.id (AE 22+) stays put.
 */

export function requireProject(): Project {
  if (!app.project) {
    throw hostError('no_project', 'No project is open in After Effects');
  }
  return app.project;
}

// The last composition seen active. activeItem is null while several Project-panel items are selected (AG
// project.md), though the user is still working in that comp. Lives as long as the host's script engine.
let lastCompId: number | null = null;

export function activeComp(project: Project): CompItem | null {
  const item = project.activeItem;
  if (item instanceof CompItem) {
    lastCompId = item.id;
    return item;
  }
  if (item === null && lastCompId !== null) {
    const remembered = project.itemByID(lastCompId);
    if (remembered instanceof CompItem) {
      return remembered;
    }
  }
  return null;
}

export function clipIdOf(comp: CompItem, layer: Layer): string {
  return `${comp.id}:${layer.id}`;
}

export interface LocatedLayer {
  comp: CompItem;
  layer: AVLayer;
}

export function requireLayer(project: Project, clipId: string): LocatedLayer {
  const parts = clipId.split(':');
  const comp = parts.length === 2 ? project.itemByID(Number(parts[0])) : null;
  if (!(comp instanceof CompItem)) {
    throw hostError('not_found', 'The composition of this layer is gone');
  }
  const layerId = Number(parts[1]);
  for (let i = 1; i <= comp.numLayers; i++) {
    const layer = comp.layer(i);
    if (layer.id === layerId && layer instanceof AVLayer) {
      return { comp: comp, layer: layer };
    }
  }
  throw hostError('not_found', 'The layer is no longer in the composition');
}

/** The footage file behind a layer, or null for text, shape, solid, null and precomp layers. */
export function footageOf(layer: Layer): FootageItem | null {
  if (!(layer instanceof AVLayer)) {
    return null;
  }
  const source: unknown = layer.source;
  return source instanceof FootageItem && source.file ? source : null;
}

export function unsupportedReason(layer: Layer): string | null {
  if (!(layer instanceof AVLayer)) {
    return `"${layer.name}" is not a footage layer`;
  }
  const source: unknown = layer.source;
  if (source instanceof CompItem) {
    return `"${layer.name}" is a nested composition`;
  }
  if (footageOf(layer) === null) {
    return `"${layer.name}" has no media file (text, shape, solid or null layer)`;
  }
  return null;
}

/** Frames of the layer's visible span in its comp. */
export function layerFrames(comp: CompItem, layer: Layer): number {
  return Math.round((layer.outPoint - layer.inPoint) * comp.frameRate);
}

export function undoGroup<T>(name: string, body: () => T): T {
  app.beginUndoGroup(name);
  try {
    return body();
  } finally {
    app.endUndoGroup();
  }
}
