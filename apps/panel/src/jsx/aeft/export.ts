import type { ExportProgress, ExportRequest, ExportResult } from '../../shared/bridge';
import { HOST_EVENTS } from '../../shared/bridge';
import { dispatchEvent } from '../shared/events';
import { rangeFrames } from '../shared/range';
import { hostError } from '../shared/result';
import { layerFrames, requireLayer, requireProject, undoGroup, unsupportedReason } from './common';

/**
 * Output-module template names are translated and user-editable, so templates are chosen by matching the names
 * the render queue offers (om.templates), never by one hard-coded English name. "H.264" and "WAV" are format
 * names that stay untranslated.
 */
const VIDEO_TEMPLATES = [/h\.?264/i];
const AUDIO_TEMPLATES = [/wav/i, /audio only|sound only|nur audio|audio uniquement|solo audio/i, /aiff/i];

function progress(value: ExportProgress): void {
  dispatchEvent(HOST_EVENTS.exportProgress, value);
}

export function pickTemplate(templates: string[], patterns: RegExp[]): string | null {
  for (let p = 0; p < patterns.length; p++) {
    for (let t = 0; t < templates.length; t++) {
      // Templates starting with "_HIDDEN" are AE internals.
      if (patterns[p].test(templates[t]) && templates[t].indexOf('_HIDDEN') !== 0) {
        return templates[t];
      }
    }
  }
  return null;
}

function format(module: OutputModule): string {
  try {
    return String(module.getSetting('Format'));
  } catch (_error) {
    return '';
  }
}

function configureVideo(item: RenderQueueItem, path: string): void {
  const module = item.outputModule(1);
  const template = pickTemplate(module.templates, VIDEO_TEMPLATES);
  if (template === null) {
    throw hostError(
      'export_failed',
      'No H.264 output module template (After Effects 2023 or later is needed)',
    );
  }
  module.applyTemplate(template);
  item.outputModule(1).file = new File(path);
}

function configureAudio(item: RenderQueueItem, path: string): void {
  let module = item.outputModule(1);
  const template = pickTemplate(module.templates, AUDIO_TEMPLATES);
  if (template !== null) {
    module.applyTemplate(template);
  }
  // Re-fetch after each change: AE documents that a modified OutputModule object can go stale.
  module = item.outputModule(1);
  if (!/wav/i.test(format(module))) {
    module.setSettings({ Format: 'WAV', 'Output Audio': 'On', 'Video Output': false });
    module = item.outputModule(1);
  }
  if (!/wav/i.test(format(module))) {
    throw hostError('export_failed', 'No WAV output module is available: add a "WAV" output module template');
  }
  module.file = new File(path);
}

interface SavedRender {
  item: RenderQueueItem;
  render: boolean;
}

/** Unqueues every item the user had queued so rq.render() renders only ours. */
function unqueueOthers(queue: RenderQueue): SavedRender[] {
  const saved: SavedRender[] = [];
  for (let i = 1; i <= queue.numItems; i++) {
    const item = queue.item(i);
    if (item.render) {
      saved.push({ item: item, render: true });
      item.render = false;
    }
  }
  return saved;
}

function soloOnly(comp: CompItem, target: Layer): boolean[] {
  const saved: boolean[] = [];
  // By index, not identity: DOM wrappers are not guaranteed to be the same object on each read.
  const targetIndex = target.index;
  for (let i = 1; i <= comp.numLayers; i++) {
    const layer = comp.layer(i);
    saved.push(layer.solo);
    if (layer.solo !== (i === targetIndex)) {
      layer.solo = i === targetIndex;
    }
  }
  return saved;
}

function restoreSolo(comp: CompItem, saved: boolean[]): void {
  for (let i = 1; i <= comp.numLayers && i <= saved.length; i++) {
    const layer = comp.layer(i);
    if (layer.solo !== saved[i - 1]) {
      layer.solo = saved[i - 1];
    }
  }
}

export function exportSelection(request: ExportRequest): ExportResult {
  const project = requireProject();
  const located = requireLayer(project, request.clipId);
  const comp = located.comp;
  const layer = located.layer;
  const reason = unsupportedReason(layer);
  if (reason !== null) {
    throw hostError('unsupported', reason);
  }
  const clipFrames = layerFrames(comp, layer);
  // The part to render: the whole layer span, or the requested range snapped to the comp's frames. Only our
  // own render-queue items get this time span; the comp's work area is never touched.
  const span = rangeFrames(request.range, clipFrames, comp.frameDuration, layer.outPoint - layer.inPoint);
  const frames = span.endFrame - span.startFrame;
  const durationSec = frames / comp.frameRate;
  const spanStart = layer.inPoint + span.startFrame / comp.frameRate;

  return undoGroup('Reanimate: export clip', () => {
    const queue = project.renderQueue;
    const ours: RenderQueueItem[] = [];
    let savedRender: SavedRender[] = [];
    let savedSolo: boolean[] = [];
    try {
      savedRender = unqueueOthers(queue);
      // Solo isolates the layer from titles, B-roll and music in the same comp (picture and sound).
      savedSolo = soloOnly(comp, layer);
      const video = queue.items.add(comp);
      ours.push(video);
      video.timeSpanStart = spanStart;
      video.timeSpanDuration = durationSec;
      configureVideo(video, request.videoPath);
      if (request.audioPath !== null) {
        const audio = queue.items.add(comp);
        ours.push(audio);
        audio.timeSpanStart = spanStart;
        audio.timeSpanDuration = durationSec;
        configureAudio(audio, request.audioPath);
      }
      progress({ phase: 'video', fraction: null });
      if (request.audioPath !== null) {
        progress({ phase: 'audio', fraction: null });
      }
      try {
        // Blocks until every queued item is done; only ours are queued now.
        queue.render();
      } catch (error) {
        throw hostError('export_failed', `After Effects could not render: ${String(error)}`);
      }
      if (!new File(request.videoPath).exists) {
        throw hostError('export_failed', `After Effects did not write ${request.videoPath}`);
      }
      progress({ phase: 'video', fraction: 1 });
      if (request.audioPath !== null) {
        if (!new File(request.audioPath).exists) {
          throw hostError('export_failed', `After Effects did not write ${request.audioPath}`);
        }
        progress({ phase: 'audio', fraction: 1 });
      }
    } finally {
      for (let i = ours.length - 1; i >= 0; i--) {
        try {
          ours[i].remove();
        } catch (_error) {}
      }
      for (let i = 0; i < savedRender.length; i++) {
        try {
          savedRender[i].item.render = savedRender[i].render;
        } catch (_error) {}
      }
      try {
        restoreSolo(comp, savedSolo);
      } catch (_error) {}
    }
    return {
      videoPath: request.videoPath,
      audioPath: request.audioPath,
      durationSec: durationSec,
      frames: frames,
      method: 'render',
    };
  });
}
