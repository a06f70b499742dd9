/**
 * The contract between the panel and whatever hosts it: Premiere Pro or After Effects through ExtendScript, or
 * the SimulatedHost in a browser. Everything crossing it is plain JSON, so the same types describe the
 * evalScript wire format, the simulated timeline and the tests. ExtendScript code imports only types from here.
 */

export type HostApp = 'ppro' | 'aeft' | 'simulated';

/** A point in time on the timeline, in both units: seconds for people, ticks for exact arithmetic. */
export interface HostTime {
  seconds: number;
  /** Premiere ticks (254016000000 per second) as a decimal string: they overflow a double's integer range. */
  ticks: string;
}

/** One selected clip (Premiere track item) or footage layer (After Effects). */
export interface ClipSelection {
  /** Stable id of the track item / layer in this session (Premiere nodeId; `compId:layerId` in AE, since layer indices shift). */
  clipId: string;
  clipName: string;
  /** The sequence (Premiere) or composition (After Effects) holding it. */
  containerId: string;
  containerName: string;
  /** Where it sits on the timeline. */
  start: HostTime;
  end: HostTime;
  /** The part of the source media it plays. */
  inPoint: HostTime;
  outPoint: HostTime;
  /** end − start, in seconds. */
  durationSec: number;
  /** Timeline frame rate. */
  fps: number;
  /** Absolute path of the source media file, or null for items without one (titles, nested sequences). */
  mediaPath: string | null;
  /** The project item behind the clip. */
  projectItemId: string | null;
  /** 1 for normal speed. */
  speed: number;
  reversed: boolean;
  /** 0-based video track (Premiere) or layer index (After Effects). */
  trackIndex: number;
  /** Whether the clip has linked audio on the timeline (Premiere) / the layer has audio (After Effects). */
  hasLinkedAudio: boolean;
}

export type SelectionState =
  | { state: 'no-project' }
  | { state: 'no-sequence' }
  | { state: 'none' }
  | { state: 'single'; clip: ClipSelection }
  | { state: 'multiple'; clips: ClipSelection[] }
  /** Something is selected that we cannot re-animate (a title, an adjustment layer, a nested sequence). */
  | { state: 'unsupported'; reason: string };

export interface ExportRequest {
  /** The clip to export (from `getSelection`). */
  clipId: string;
  /** Absolute path for the H.264 MP4 of the clip's picture. */
  videoPath: string;
  /** Absolute path for a 48 kHz WAV of the clip's timeline audio, or null when the user brings a dub file. */
  audioPath: string | null;
  /** Export preset name; the host maps it to a preset it ships. */
  preset?: 'h264-mp4';
  /**
   * Export only part of the clip, in seconds from the clip's start on the timeline: how a clip over react-1's
   * 15 s limit is split into segments. The whole clip when absent.
   */
  range?: ExportRange;
  /**
   * `direct` (default): the host renders inside the call (Premiere blocks) and the files exist when it returns.
   * `media-encoder` (Premiere only): the jobs are queued in Adobe Media Encoder and the call returns at once with
   * `method: 'encoder'`; progress arrives as `HOST_EVENTS.exportProgress` and the end of each job as
   * `HOST_EVENTS.exportFinished`. Falls back to `direct` when Media Encoder is not installed.
   */
  encoder?: 'direct' | 'media-encoder';
}

export interface ExportRange {
  startSec: number;
  endSec: number;
}

export interface ExportProgress {
  phase: 'video' | 'audio';
  /** 0..1, or null when the host cannot tell (a blocking direct export). */
  fraction: number | null;
}

/** The end of one queued Media Encoder job (data of `HOST_EVENTS.exportFinished`). */
export interface ExportFinished {
  phase: 'video' | 'audio';
  ok: boolean;
  /** The file written, when ok. */
  path: string | null;
  /** Media Encoder's message, when not ok. */
  error: string | null;
}

export interface ExportResult {
  videoPath: string;
  audioPath: string | null;
  durationSec: number;
  /** Frames exported; equals the clip's duration in frames. */
  frames: number;
  method: 'render' | 'encoder' | 'simulated';
  /** What the host could not put back as it was (e.g. unset in/out points it has no call to clear). */
  notes?: string[];
}

export interface ImportRequest {
  path: string;
  /** Bin (Premiere) or folder (After Effects); created when missing. Default "Reanimate". */
  binName: string;
  /** Written into project metadata: source clip, request id, emotion. */
  tags: Record<string, string>;
}

export interface ImportResult {
  itemId: string;
  name: string;
  binName: string;
}

export interface PlaceRequest {
  /** The imported result (from `importResult`). */
  itemId: string;
  /** The original clip it goes over. */
  clipId: string;
  /** `above`: first free video track above the original; `replace`: on the original's track, in its place. */
  mode: 'above' | 'replace';
  /** Disable (not delete) the original after placing above it. */
  disableOriginal?: boolean;
  /**
   * Where the result starts, in seconds from the original clip's start (default 0): the segments of a split clip
   * each go at their own offset. The result is clamped so it never runs past the original's end.
   */
  offsetSec?: number;
  /**
   * `free-track` (default): the result's sound goes on an audio track free over its span, never over dialogue or
   * music (in `replace` mode: on the original's own audio track, which it replaces). `none`: video only.
   */
  audio?: 'free-track' | 'none';
}

export interface PlaceResult {
  trackIndex: number;
  start: HostTime;
  end: HostTime;
  /** 0-based audio track the result's sound went on; null for video only or a result without sound. */
  audioTrackIndex?: number | null;
}

/** A project item that can serve as the new audio (Premiere project item / After Effects footage item). */
export interface AudioItem {
  itemId: string;
  name: string;
  /** Absolute path of its media file. */
  mediaPath: string;
  /** Bin / folder path, e.g. "Dubs/French". */
  binPath: string;
  durationSec: number | null;
}

export interface ProjectInfo {
  app: HostApp;
  hostVersion: string;
  open: boolean;
  name: string | null;
  /** Absolute path of the saved project file, or null when never saved. */
  path: string | null;
  /** Frame rate of the active sequence / comp, when there is one. */
  fps: number | null;
}

/** The host self-test's scratch copy: a temporary bin (folder) with the sample and a sequence (comp) of it. */
export interface SelfTestSetupRequest {
  /** Absolute path of the bundled 2 s sample (with sound). */
  samplePath: string;
}

export interface SelfTestSetup {
  /** The sample's clip (layer) in the temporary sequence (comp), which is now the active one. */
  clipId: string;
  /** The temporary bin (folder): imports during the test go there, and it goes with everything in it. */
  binName: string;
  /** The temporary sequence (comp). */
  containerName: string;
  fps: number;
}

export interface SelfTestCleanup {
  /** What the self-test made and removed again. */
  removed: string[];
  /** Whether the user's active sequence (comp), its in/out points and its selection are as before. */
  activeRestored: boolean;
  marksRestored: boolean;
  selectionRestored: boolean;
  /** What could not be removed or restored, in words. */
  problems: string[];
}

/** Why a host operation refused; the panel maps each to a clear state or message. */
export type HostErrorCode =
  | 'no_project'
  | 'no_sequence'
  | 'no_selection'
  | 'not_found'
  | 'unsupported'
  | 'unsaved_project'
  | 'export_failed'
  | 'import_failed'
  | 'place_failed'
  | 'bad_request'
  | 'internal';

export interface HostFailure {
  code: HostErrorCode;
  message: string;
}

/** What every ExtendScript entry point returns (JSON-encoded): never a thrown error across the bridge. */
export type HostResult<T> = { ok: true; value: T } | { ok: false; error: HostFailure };

/** The operations the workflow needs. Implementations: CEP (evalScript + CSXSEvent) and SimulatedHost. */
export interface HostBridge {
  readonly app: HostApp;
  projectInfo(): Promise<ProjectInfo>;
  getSelection(): Promise<SelectionState>;
  exportSelection(
    request: ExportRequest,
    options?: { onProgress?: (progress: ExportProgress) => void; signal?: AbortSignal },
  ): Promise<ExportResult>;
  importResult(request: ImportRequest): Promise<ImportResult>;
  placeResult(request: PlaceRequest): Promise<PlaceResult>;
  /** Project items with audio and a media file, for choosing a dub that is already in the project. */
  listAudioItems(): Promise<AudioItem[]>;
  /** Calls `listener` whenever the selection changes; returns the unsubscribe function. */
  onSelectionChanged(listener: (selection: SelectionState) => void): () => void;
  /** Calls `listener` when another project or sequence becomes active; returns the unsubscribe function. */
  onProjectChanged(listener: (info: ProjectInfo) => void): () => void;
  /** "Check this host": makes the scratch copy the other operations are then tried on. */
  selfTestSetup(request: SelfTestSetupRequest): Promise<SelfTestSetup>;
  /** Removes the scratch copy and puts the user's sequence (comp) back, saying whether all is as before. */
  selfTestCleanup(): Promise<SelfTestCleanup>;
}

/** Names shared by the panel and the ExtendScript side. */
/** The object ExtendScript hangs its entry points on: `$[HOST_NAMESPACE].getSelection()`. */
export const HOST_NAMESPACE = 'reanimate';
/** CSXSEvent types the host dispatches. */
export const HOST_EVENTS = {
  selectionChanged: 'com.reanimate.selectionChanged',
  exportProgress: 'com.reanimate.exportProgress',
  exportFinished: 'com.reanimate.exportFinished',
  /** Data: ProjectInfo. Premiere only (onProjectChanged / onActiveSequenceChanged); After Effects is polled. */
  projectChanged: 'com.reanimate.projectChanged',
} as const;

/** The ExtendScript entry points, by name, with their argument and result types. */
export interface HostScripts {
  projectInfo(): HostResult<ProjectInfo>;
  getSelection(): HostResult<SelectionState>;
  exportSelection(request: ExportRequest): HostResult<ExportResult>;
  importResult(request: ImportRequest): HostResult<ImportResult>;
  placeResult(request: PlaceRequest): HostResult<PlaceResult>;
  listAudioItems(): HostResult<AudioItem[]>;
  selfTestSetup(request: SelfTestSetupRequest): HostResult<SelfTestSetup>;
  selfTestCleanup(): HostResult<SelfTestCleanup>;
}
