import type { ExportProgress, ExportRequest, ExportResult } from '@reanimate/panel-ui/host-bridge';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { rangeFrames } from '@reanimate/panel-ui/host-rules';
import { dispatchEvent } from '../shared/events';
import { clearTarget, staleOutput } from '../shared/output-file';
import { hostError } from '../shared/result';
import { layerFrames, requireLayer, requireProject, undoGroup, unsupportedReason } from './common';

/**
 * Output-module template names are translated and user-editable, so templates are chosen by matching the names
 * the render queue offers (om.templates), never by one hard-coded English name. "H.264" and "WAV" are format
 * names that stay untranslated.
 */
const VIDEO_TEMPLATES = [/h\.?264/i];
/**
 * A WAV template if the user made one; else stock AE's audio-only template, "AIFF 48kHz" (no stock template
 * writes WAV, and the Format of an output module cannot be set by script: AG outputmodule.md).
 */
const AUDIO_TEMPLATES = [/wav/i, /aiff/i, /audio only|sound only|nur audio|audio uniquement|solo audio/i];
/** "Best Settings", as AE names it in its languages; the user's default may be a draft at half resolution. */
const BEST_RENDER_SETTINGS = [/best|optimal|optimaux|óptim|ottimal|最良|최상/i];

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

function formatOf(module: OutputModule): string {
  try {
    return String(module.getSetting('Format'));
  } catch (_error) {
    return '';
  }
}

/** Applies "Best Settings" where the item offers it; an AE without it keeps its default. */
function applyBestSettings(item: RenderQueueItem): void {
  try {
    const best = pickTemplate(item.templates, BEST_RENDER_SETTINGS);
    if (best !== null) {
      item.applyTemplate(best);
    }
  } catch (_error) {}
}

/** Sets the output file and answers the path AE will really write: it forces its format's extension. */
function setOutput(item: RenderQueueItem, path: string): string {
  item.outputModule(1).file = new File(path);
  // Re-fetch: AE documents that a modified OutputModule object can go stale.
  const written = item.outputModule(1).file;
  const real = written ? String(written.fsName) : path;
  clearTarget(real);
  return real;
}

function configureVideo(item: RenderQueueItem, path: string): string {
  const module = item.outputModule(1);
  const template = pickTemplate(module.templates, VIDEO_TEMPLATES);
  if (template === null) {
    throw hostError(
      'export_failed',
      'No H.264 output module template (After Effects 2023 or later is needed)',
    );
  }
  module.applyTemplate(template);
  return setOutput(item, path);
}

function configureAudio(item: RenderQueueItem, path: string): string {
  const module = item.outputModule(1);
  const template = pickTemplate(module.templates, AUDIO_TEMPLATES);
  if (template === null) {
    throw hostError(
      'export_failed',
      'No audio-only output module template: restore After Effects\u2019 "AIFF 48kHz" template, or bring a dub file',
    );
  }
  module.applyTemplate(template);
  const format = formatOf(item.outputModule(1));
  if (format !== '' && !/aiff|wav/i.test(format)) {
    throw hostError('export_failed', `The audio template "${template}" writes ${format}, not AIFF or WAV`);
  }
  return setOutput(item, path);
}

/** A render counts only when AE says DONE: render() returns without an error when the user stops it (AG). */
function requireDone(item: RenderQueueItem, phase: string): void {
  if (item.status !== RQItemStatus.DONE) {
    const stopped = item.status === RQItemStatus.USER_STOPPED || item.status === RQItemStatus.ERR_STOPPED;
    throw hostError(
      'export_failed',
      stopped
        ? `After Effects stopped rendering the ${phase} before it finished: render again`
        : `After Effects did not finish rendering the ${phase}`,
    );
  }
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
  // Never outside the comp: AE refuses a render span beyond it, and a layer may run past the comp's end.
  const spanStart = Math.max(0, layer.inPoint + span.startFrame / comp.frameRate);
  const spanEnd = Math.min(comp.duration, layer.inPoint + span.endFrame / comp.frameRate);
  const frames = Math.round((spanEnd - spanStart) / comp.frameDuration);
  if (frames < 1) {
    throw hostError('bad_request', 'The clip lies outside its composition: nothing to render');
  }
  const durationSec = frames / comp.frameRate;

  return undoGroup('Reanimate: export clip', () => {
    const queue = project.renderQueue;
    const ours: RenderQueueItem[] = [];
    let savedRender: SavedRender[] = [];
    let savedSolo: boolean[] = [];
    let videoPath = request.videoPath;
    let audioPath: string | null = null;
    const started = new Date();
    try {
      savedRender = unqueueOthers(queue);
      // Solo isolates the layer from titles, B-roll and music in the same comp (picture and sound).
      savedSolo = soloOnly(comp, layer);
      const video = queue.items.add(comp);
      ours.push(video);
      video.timeSpanStart = spanStart;
      video.timeSpanDuration = durationSec;
      applyBestSettings(video);
      videoPath = configureVideo(video, request.videoPath);
      if (request.audioPath !== null) {
        const audio = queue.items.add(comp);
        ours.push(audio);
        audio.timeSpanStart = spanStart;
        audio.timeSpanDuration = durationSec;
        applyBestSettings(audio);
        audioPath = configureAudio(audio, request.audioPath);
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
      requireDone(ours[0], 'video');
      const staleVideo = staleOutput(videoPath, started);
      if (staleVideo !== null) {
        throw hostError('export_failed', `After Effects did not write ${videoPath}: ${staleVideo}`);
      }
      progress({ phase: 'video', fraction: 1 });
      if (audioPath !== null) {
        requireDone(ours[1], 'sound');
        const staleAudio = staleOutput(audioPath, started);
        if (staleAudio !== null) {
          throw hostError('export_failed', `After Effects did not write ${audioPath}: ${staleAudio}`);
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
      // The paths AE wrote: it forces its format's extension (the sound comes back as .aif).
      videoPath: videoPath,
      audioPath: audioPath,
      durationSec: durationSec,
      frames: frames,
      method: 'render',
    };
  });
}
