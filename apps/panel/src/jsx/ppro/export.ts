import type { ExportProgress, ExportRequest, ExportResult } from '@reanimate/panel-ui/host-bridge';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { framesIn, parseTicks, rangeFrames, ticksToSeconds } from '@reanimate/panel-ui/host-rules';
import { dispatchEvent } from '../shared/events';
import { clearTarget, staleOutput } from '../shared/output-file';
import { hostError } from '../shared/result';
import {
  frameTicksOf,
  requireProject,
  requireSequence,
  requireVideoClip,
  timeOfTicks,
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

interface SavedState {
  /** The user's in/out in ticks, or null when unset (Premiere reads unset marks as -400000 s: PPP). */
  inTicks: number | null;
  outTicks: number | null;
  selected: TrackItem[];
}

/** A mark as ticks, or null when it reads as Premiere's "unset" (any negative position). */
function markTicks(time: Time): number | null {
  // Checked before parseTicks, which refuses -400000 s as beyond its range.
  const value = parseFloat(String(time.ticks));
  return value >= 0 ? parseTicks(value) : null;
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
    inTicks: markTicks(sequence.getInPointAsTime()),
    outTicks: markTicks(sequence.getOutPointAsTime()),
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

/**
 * Sets in/out to the clip (or the requested part of it) with Time objects from ticks, and reads them back: set
 * from seconds, Premiere truncates a fractional frame (R#314), and a frame off exports one frame more or less.
 */
function setRange(sequence: Sequence, startTicks: number, endTicks: number, frameTicks: number): void {
  sequence.setInPoint(timeOfTicks(startTicks));
  sequence.setOutPoint(timeOfTicks(endTicks));
  const readIn = parseTicks(sequence.getInPointAsTime().ticks);
  const readOut = parseTicks(sequence.getOutPointAsTime().ticks);
  const tolerance = frameTicks / 2;
  if (Math.abs(readIn - startTicks) >= tolerance || Math.abs(readOut - endTicks) >= tolerance) {
    throw hostError('export_failed', 'Premiere did not accept the clip bounds as in/out points');
  }
}

/**
 * Puts the user's in/out back exactly (Time objects from the saved ticks). There is no documented call to clear a
 * sequence's marks, so unset ones become the whole sequence, the closest to unset, and the user is told.
 */
function restoreMarks(sequence: Sequence, saved: SavedState, notes: string[]): void {
  const endTicks = parseTicks(sequence.end);
  sequence.setInPoint(timeOfTicks(saved.inTicks === null ? 0 : saved.inTicks));
  sequence.setOutPoint(timeOfTicks(saved.outTicks === null ? endTicks : saved.outTicks));
  if (saved.inTicks === null || saved.outTicks === null) {
    notes.push(
      'The sequence had no in/out points; Premiere\u2019s scripting cannot clear them, so they now span the whole sequence.',
    );
  }
  const readIn = markTicks(sequence.getInPointAsTime());
  const readOut = markTicks(sequence.getOutPointAsTime());
  if (saved.inTicks !== null && readIn !== saved.inTicks) {
    notes.push('The sequence\u2019s in point could not be restored exactly: check it.');
  }
  if (saved.outTicks !== null && readOut !== saved.outTicks) {
    notes.push('The sequence\u2019s out point could not be restored exactly: check it.');
  }
}

function exportOne(temporary: Sequence, path: string, preset: string, phase: 'video' | 'audio'): void {
  progress({ phase: phase, fraction: null });
  clearTarget(path);
  const started = new Date();
  let exported = false;
  let reason = '';
  try {
    // Documented as boolean, typed as string: only an explicit false counts as refusal, the file decides.
    const returned: unknown = temporary.exportAsMediaDirect(path, preset, ENCODE_ENTIRE);
    exported = returned !== false && returned !== 0 && returned !== 'false';
  } catch (error) {
    reason = `: ${String(error)}`;
  }
  const stale = exported ? staleOutput(path, started) : null;
  if (!exported || stale !== null) {
    throw hostError(
      'export_failed',
      `Premiere could not export the ${phase} to ${path}${stale === null ? reason : ` (${stale})`}`,
    );
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

  const videoPresetPath = videoPreset(sequence);
  const audioPresetPath = request.audioPath === null ? null : audioPreset(sequence);
  const useEncoder = request.encoder === 'media-encoder' && mediaEncoderAvailable();
  const saved = saveState(sequence);
  const notes: string[] = [];
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
      restoreMarks(sequence, saved, notes);
    } catch (error) {
      notes.push(`The sequence's in/out points could not be put back (${String(error)}): check them.`);
    }
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
    notes: notes,
  };
}
