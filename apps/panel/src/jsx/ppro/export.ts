import type { ExportProgress, ExportRequest, ExportResult } from '../../shared/bridge';
import { HOST_EVENTS } from '../../shared/bridge';
import { dispatchEvent } from '../shared/events';
import { rangeFrames } from '../shared/range';
import { hostError } from '../shared/result';
import { framesIn, parseTicks, ticksToSeconds } from '../shared/ticks';
import {
  frameTicksOf,
  mediaPathOf,
  requireProject,
  requireSequence,
  requireVideoClip,
  unsupportedReason,
} from './common';
import { type EncoderJob, mediaEncoderAvailable, queueEncoderJobs } from './encoder';
import { audioPreset, videoPreset } from './presets';
import { removeTemporary } from './temporary';

/** Sequence.exportAsMediaDirect's work-area argument for "the whole (temporary) sequence". */
const ENCODE_ENTIRE = 0;

function progress(value: ExportProgress): void {
  dispatchEvent(HOST_EVENTS.exportProgress, value);
}

/** A plain file at normal speed can be sent as its source range instead of rendering it (no effects/grade). */
function fastPathAllowed(clip: TrackItem): boolean {
  const item = clip.projectItem;
  if (!item || mediaPathOf(item) === null) {
    return false;
  }
  if (clip.getSpeed() !== 1 || Number(clip.isSpeedReversed()) === 1 || clip.isAdjustmentLayer()) {
    return false;
  }
  return !item.isSequence() && !item.isMultiCamClip() && !item.isMergedClip();
}

interface SavedState {
  inSeconds: number;
  outSeconds: number;
  selected: TrackItem[];
}

function saveState(sequence: Sequence): SavedState {
  const selected: TrackItem[] = [];
  const current = sequence.getSelection();
  if (current) {
    for (let i = 0; i < current.length; i++) {
      selected.push(current[i]);
    }
  }
  return {
    inSeconds: sequence.getInPointAsTime().seconds,
    outSeconds: sequence.getOutPointAsTime().seconds,
    selected: selected,
  };
}

function forEachClip(sequence: Sequence, visit: (clip: TrackItem) => void): void {
  const groups = [sequence.videoTracks, sequence.audioTracks];
  for (let g = 0; g < groups.length; g++) {
    for (let t = 0; t < groups[g].numTracks; t++) {
      const clips = groups[g][t].clips;
      for (let c = 0; c < clips.numItems; c++) {
        if (clips[c]) {
          visit(clips[c]);
        }
      }
    }
  }
}

/** createSubsequence(true) takes the selection: make it exactly the clip and its linked audio. */
function selectOnly(sequence: Sequence, clip: TrackItem): void {
  forEachClip(sequence, (other) => {
    if (other.isSelected()) {
      other.setSelected(false, false);
    }
  });
  clip.setSelected(true, false);
  const linked = clip.getLinkedItems();
  if (linked) {
    for (let i = 0; i < linked.numItems; i++) {
      if (linked[i]) {
        linked[i].setSelected(true, false);
      }
    }
  }
}

function restoreSelection(sequence: Sequence, saved: TrackItem[]): void {
  forEachClip(sequence, (other) => {
    if (other.isSelected()) {
      other.setSelected(false, false);
    }
  });
  for (let i = 0; i < saved.length; i++) {
    saved[i].setSelected(true, i === saved.length - 1);
  }
}

/** Sets in/out to the clip (or the requested part of it) and reads them back: a half-frame error would export one frame more or less. */
function setRange(sequence: Sequence, startTicks: number, endTicks: number, frameTicks: number): void {
  sequence.setInPoint(ticksToSeconds(startTicks));
  sequence.setOutPoint(ticksToSeconds(endTicks));
  const readIn = parseTicks(sequence.getInPointAsTime().ticks);
  const readOut = parseTicks(sequence.getOutPointAsTime().ticks);
  const tolerance = frameTicks / 2;
  if (Math.abs(readIn - startTicks) >= tolerance || Math.abs(readOut - endTicks) >= tolerance) {
    throw hostError('export_failed', 'Premiere did not accept the clip bounds as in/out points');
  }
}

function exportOne(temporary: Sequence, path: string, preset: string, phase: 'video' | 'audio'): void {
  progress({ phase: phase, fraction: null });
  let exported = false;
  let reason = '';
  try {
    // Documented as boolean, typed as string: only an explicit false counts as refusal, the file decides.
    const returned: unknown = temporary.exportAsMediaDirect(path, preset, ENCODE_ENTIRE);
    exported = returned !== false && returned !== 0 && returned !== 'false';
  } catch (error) {
    reason = `: ${String(error)}`;
  }
  if (!exported || !new File(path).exists) {
    throw hostError('export_failed', `Premiere could not export the ${phase} to ${path}${reason}`);
  }
  progress({ phase: phase, fraction: 1 });
}

export function exportSelection(request: ExportRequest): ExportResult {
  const project = requireProject();
  const sequence = requireSequence(project);
  const clip = requireVideoClip(sequence, request.clipId).clip;
  const reason = unsupportedReason(clip);
  if (reason !== null) {
    throw hostError('unsupported', reason);
  }
  const frameTicks = frameTicksOf(sequence);
  const clipStartTicks = parseTicks(clip.start.ticks);
  const clipEndTicks = parseTicks(clip.end.ticks);
  const clipFrames = framesIn(clipEndTicks - clipStartTicks, frameTicks);
  // The part to export: the whole clip, or the requested range snapped to the sequence's frames.
  const span = rangeFrames(
    request.range,
    clipFrames,
    ticksToSeconds(frameTicks),
    ticksToSeconds(clipEndTicks - clipStartTicks),
  );
  const startTicks = clipStartTicks + span.startFrame * frameTicks;
  const endTicks = span.endFrame === clipFrames ? clipEndTicks : clipStartTicks + span.endFrame * frameTicks;
  const frames = span.endFrame - span.startFrame;
  const durationSec = ticksToSeconds(frames * frameTicks);

  if (request.allowFastPath && request.audioPath === null && fastPathAllowed(clip)) {
    // The panel cuts the source itself: clip.inPoint + range.startSec .. clip.inPoint + range.endSec (speed 1),
    // i.e. inPoint..outPoint from getSelection for the whole clip.
    return {
      videoPath: mediaPathOf(clip.projectItem) as string,
      audioPath: null,
      durationSec: durationSec,
      frames: frames,
      method: 'source-range',
    };
  }

  const videoPresetPath = videoPreset();
  const audioPresetPath = request.audioPath === null ? null : audioPreset();
  const useEncoder = request.encoder === 'media-encoder' && mediaEncoderAvailable();
  const saved = saveState(sequence);
  let temporary: Sequence | null = null;
  // Queued Media Encoder jobs still read the temporary sequence; they delete it when the last one ends.
  let handedToEncoder = false;
  try {
    setRange(sequence, startTicks, endTicks, frameTicks);
    selectOnly(sequence, clip);
    temporary = sequence.createSubsequence(true) || null;
    if (temporary === null) {
      throw hostError('export_failed', 'Premiere could not isolate the clip into a temporary sequence');
    }
    if (useEncoder) {
      const jobs: EncoderJob[] = [{ phase: 'video', path: request.videoPath, preset: videoPresetPath }];
      if (request.audioPath !== null && audioPresetPath !== null) {
        jobs.push({ phase: 'audio', path: request.audioPath, preset: audioPresetPath });
      }
      const queued = queueEncoderJobs(project, temporary, jobs);
      handedToEncoder = queued.count > 0;
      if (queued.error !== null) {
        throw hostError('export_failed', queued.error);
      }
    } else {
      exportOne(temporary, request.videoPath, videoPresetPath, 'video');
      if (request.audioPath !== null && audioPresetPath !== null) {
        exportOne(temporary, request.audioPath, audioPresetPath, 'audio');
      }
    }
  } finally {
    // Each step on its own: a failing restore must neither hide the export error nor skip the other steps.
    if (temporary !== null && !handedToEncoder) {
      try {
        removeTemporary(project, temporary);
      } catch (_error) {}
    }
    try {
      sequence.setInPoint(saved.inSeconds);
      sequence.setOutPoint(saved.outSeconds);
    } catch (_error) {}
    try {
      restoreSelection(sequence, saved.selected);
    } catch (_error) {}
    try {
      // createSubsequence may have activated the temporary sequence. Compare ids: Premiere hands out a new
      // wrapper object on every property read, so object identity means nothing.
      const active = project.activeSequence;
      if (!active || active.sequenceID !== sequence.sequenceID) {
        project.openSequence(sequence.sequenceID);
      }
    } catch (_error) {}
  }
  return {
    videoPath: request.videoPath,
    audioPath: request.audioPath,
    durationSec: durationSec,
    frames: frames,
    method: useEncoder ? 'encoder' : 'render',
  };
}
