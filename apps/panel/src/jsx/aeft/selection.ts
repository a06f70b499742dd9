import type { ClipSelection, SelectionState } from '@reanimate/panel-ui/host-bridge';
import { timeFromSeconds } from '@reanimate/panel-ui/host-rules';
import { activeComp, clipIdOf, footageOf, unsupportedReason } from './common';

export function describeLayer(comp: CompItem, layer: AVLayer): ClipSelection {
  const footage = footageOf(layer);
  // stretch is a percentage: 200 plays at half speed, negative plays backwards.
  const stretch = layer.stretch === 0 ? 100 : layer.stretch;
  const speed = Math.abs(100 / stretch);
  const sourceIn = (layer.inPoint - layer.startTime) * (100 / stretch);
  const sourceOut = (layer.outPoint - layer.startTime) * (100 / stretch);
  return {
    clipId: clipIdOf(comp, layer),
    clipName: layer.name,
    containerId: String(comp.id),
    containerName: comp.name,
    start: timeFromSeconds(layer.inPoint),
    end: timeFromSeconds(layer.outPoint),
    inPoint: timeFromSeconds(Math.min(sourceIn, sourceOut)),
    outPoint: timeFromSeconds(Math.max(sourceIn, sourceOut)),
    durationSec: layer.outPoint - layer.inPoint,
    fps: comp.frameRate,
    mediaPath: footage?.file ? String(footage.file.fsName) : null,
    projectItemId: footage ? String(footage.id) : null,
    speed: layer.timeRemapEnabled ? 0 : speed,
    reversed: stretch < 0,
    // After Effects' own 1-based layer number, as shown in the timeline.
    trackIndex: layer.index,
    hasLinkedAudio: layer.hasAudio && layer.audioEnabled,
  };
}

export function readSelection(): SelectionState {
  const project = app.project;
  if (!project) {
    return { state: 'no-project' };
  }
  const comp = activeComp(project);
  if (!comp) {
    return { state: 'no-sequence' };
  }
  const layers = comp.selectedLayers;
  if (!layers || layers.length === 0) {
    return { state: 'none' };
  }
  const usable: ClipSelection[] = [];
  let firstReason = '';
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const reason = unsupportedReason(layer);
    if (reason === null && layer instanceof AVLayer) {
      usable.push(describeLayer(comp, layer));
    } else if (firstReason === '') {
      firstReason = reason || '';
    }
  }
  if (usable.length === 0) {
    return { state: 'unsupported', reason: firstReason };
  }
  return usable.length === 1 ? { state: 'single', clip: usable[0] } : { state: 'multiple', clips: usable };
}
