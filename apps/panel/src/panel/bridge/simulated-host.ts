import { HostError, hostRules } from '@reanimate/panel-ui';
import type {
  AudioItem,
  ClipSelection,
  ExportRequest,
  ExportResult,
  HostBridge,
  ImportResult,
  PlaceRequest,
  PlaceResult,
  ProjectInfo,
  SelectionState,
  SelfTestCleanup,
  SelfTestSetup,
} from '@reanimate/panel-ui/host-bridge';
import { offsetFrames, rangeFrames } from '@reanimate/panel-ui/host-rules';
import { hostTime, SIMULATED_CLIPS, type SimulatedClip, simulatedClip } from './simulated-timeline.ts';

export interface SimulatedHostOptions {
  /** Where the sample media is served, ending in `/`. */
  mediaBaseUrl: string;
  project?: 'open' | 'none';
  sequence?: 'open' | 'none';
  selected?: string[];
  /** Delay of each simulated export step, so the progress view is visible. */
  exportDelayMs?: number;
}

/** The simulated project's dubs; `mediaPath` is relative to the sample media URL. */
export const SIMULATED_AUDIO_ITEMS: readonly AudioItem[] = [
  {
    itemId: 'dub-fr',
    name: 'Interview A (French).wav',
    mediaPath: 'dub.wav',
    binPath: 'Dubs',
    durationSec: 4.0,
  },
  {
    itemId: 'dub-de',
    name: 'Interview A (German).mp3',
    mediaPath: 'dub.mp3',
    binPath: 'Dubs/German',
    durationSec: 4.0,
  },
];

export interface SimulatedImport extends ImportResult {
  path: string;
  tags: Record<string, string>;
}

/**
 * An in-browser stand-in for Premiere: a fixed timeline of a few clips backed by sample media. What is simulated:
 * exports return URLs of the sample files (a ranged export of the long take returns a short sample, since a
 * browser cannot cut video), imports and placements are recorded in memory.
 */
export class SimulatedHost implements HostBridge {
  readonly app = 'simulated' as const;
  readonly clips: readonly SimulatedClip[] = SIMULATED_CLIPS;
  readonly imports: SimulatedImport[] = [];
  /** Every placement, with the request's `offsetSec` (0 when absent). */
  readonly placements: (PlaceResult & {
    itemId: string;
    clipId: string;
    mode: string;
    offsetSec: number;
    disableOriginal: boolean;
    audio: 'free-track' | 'none';
  })[] = [];
  private selected: string[];
  /** The host self-test's scratch clip while it exists, and what the timeline held before it. */
  private selfTest:
    | { clip: SimulatedClip; imports: number; placements: number; selected: string }
    | undefined;
  private readonly listeners = new Set<(selection: SelectionState) => void>();

  constructor(private readonly options: SimulatedHostOptions) {
    this.selected = options.selected ?? ['clip1'];
  }

  get mediaBaseUrl(): string {
    return this.options.mediaBaseUrl;
  }

  /** Where a clip's sample media is served: what the panel's preview and face check read. */
  mediaUrlOf(clip: Pick<ClipSelection, 'clipId'>): string | undefined {
    const media = this.clips.find((c) => c.selection.clipId === clip.clipId)?.media;
    return media ? `${this.mediaBaseUrl}${media}` : undefined;
  }

  get selectedIds(): readonly string[] {
    return this.selected;
  }

  select(ids: string[]): void {
    this.selected = ids.filter((id) => this.clips.some((c) => c.selection.clipId === id));
    const state = this.selectionState();
    for (const listener of this.listeners) listener(state);
  }

  async projectInfo(): Promise<ProjectInfo> {
    const open = this.options.project !== 'none';
    return {
      app: 'simulated',
      hostVersion: '0.0',
      open,
      name: open ? 'Simulated project' : null,
      path: open ? '/Projects/Simulated project.prproj' : null,
      fps: open && this.options.sequence !== 'none' ? 24 : null,
    };
  }

  async getSelection(): Promise<SelectionState> {
    return this.selectionState();
  }

  private selectionState(): SelectionState {
    if (this.options.project === 'none') return { state: 'no-project' };
    if (this.options.sequence === 'none') return { state: 'no-sequence' };
    const clips = this.clips.filter((c) => this.selected.includes(c.selection.clipId));
    if (clips.length === 0) return { state: 'none' };
    const unsupported = clips.find((c) => c.unsupported);
    if (unsupported?.unsupported) return { state: 'unsupported', reason: unsupported.unsupported };
    if (clips.length > 1) return { state: 'multiple', clips: clips.map((c) => c.selection) };
    return { state: 'single', clip: clips[0]!.selection };
  }

  private find(clipId: string): SimulatedClip {
    const found = [...this.clips, ...(this.selfTest ? [this.selfTest.clip] : [])].find(
      (c) => c.selection.clipId === clipId,
    );
    if (!found) throw new HostError({ code: 'not_found', message: `No clip ${clipId} on the timeline.` });
    return found;
  }

  async exportSelection(
    request: ExportRequest,
    options: Parameters<HostBridge['exportSelection']>[1] = {},
  ): Promise<ExportResult> {
    const clip = this.find(request.clipId);
    if (!clip.media)
      throw new HostError({ code: 'unsupported', message: clip.unsupported ?? 'Nothing to export.' });
    const delay = this.options.exportDelayMs ?? 150;
    const steps: ('video' | 'audio')[] = request.audioPath ? ['video', 'audio'] : ['video'];
    for (const phase of steps) {
      for (const fraction of [0, 0.5, 1]) {
        if (options.signal?.aborted) throw options.signal.reason;
        options.onProgress?.({ phase, fraction });
        await new Promise((resolve) => setTimeout(resolve, delay / 3));
      }
    }
    const ranged = request.range !== undefined;
    // A browser cannot cut the long take: each segment of it is simulated by the short face sample.
    const video =
      ranged && clip.rangedMedia
        ? clip.rangedMedia
        : ranged && clip.selection.durationSec > 15
          ? 'face.mp4'
          : clip.media;
    const audio = ranged && clip.selection.durationSec > 15 ? 'dub.wav' : clip.audio;
    // The host code's own range rules (@reanimate/panel-ui/host-rules), so the browser tests check the real ones.
    const { fps, durationSec: clipSec } = clip.selection;
    const span = hostRules(() => rangeFrames(request.range, Math.round(clipSec * fps), 1 / fps, clipSec));
    const frames = span.endFrame - span.startFrame;
    return {
      videoPath: this.options.mediaBaseUrl + video,
      audioPath: request.audioPath && audio ? this.options.mediaBaseUrl + audio : null,
      durationSec: frames / fps,
      frames,
      method: 'simulated',
    };
  }

  async importResult(request: { path: string; binName: string; tags: Record<string, string> }) {
    const itemId = `sim-item-${this.imports.length + 1}`;
    const name = decodeURIComponent(request.path.split('?')[0]!.split('/').pop() ?? 'result.mp4');
    const result: SimulatedImport = {
      itemId,
      name,
      binName: request.binName,
      path: request.path,
      tags: request.tags,
    };
    this.imports.push(result);
    return { itemId, name, binName: request.binName };
  }

  async placeResult(request: PlaceRequest): Promise<PlaceResult> {
    const clip = this.find(request.clipId).selection;
    if (!this.imports.some((i) => i.itemId === request.itemId)) {
      throw new HostError({ code: 'not_found', message: `No imported item ${request.itemId}.` });
    }
    // The host code's offset rule: whole frames from the clip's start, at least a frame of the clip left.
    const offset = hostRules(() =>
      offsetFrames(request.offsetSec ?? 0, Math.round(clip.durationSec * clip.fps), 1 / clip.fps),
    );
    const offsetSec = offset / clip.fps;
    if (request.mode === 'replace' && offset !== 0) {
      // Like the real hosts: replace swaps a whole clip.
      throw new HostError({
        code: 'bad_request',
        message: 'Replace cannot take an offset; place above instead.',
      });
    }
    const trackIndex = request.mode === 'above' ? clip.trackIndex + 1 : clip.trackIndex;
    // Like the real hosts: starts at the offset, clamped to the original's end.
    const start = hostTime(Math.round((clip.start.seconds + offsetSec) * 1000) / 1000);
    const placed = {
      trackIndex,
      start,
      end: hostTime(clip.end.seconds),
      itemId: request.itemId,
      clipId: request.clipId,
      mode: request.mode,
      offsetSec,
      disableOriginal: request.disableOriginal === true,
      audio: request.audio ?? 'free-track',
    };
    this.placements.push(placed);
    return {
      trackIndex,
      start: placed.start,
      end: placed.end,
      audioTrackIndex: request.audio === 'none' ? null : clip.trackIndex + 1,
    };
  }

  /** Two dubs of the sample files in a "Dubs" bin; `mediaPath` is the sample's URL (what the harness can read). */
  async listAudioItems(): Promise<AudioItem[]> {
    if (this.options.project === 'none') return [];
    return SIMULATED_AUDIO_ITEMS.map((item) => ({
      ...item,
      mediaPath: this.options.mediaBaseUrl + item.mediaPath,
    }));
  }

  onSelectionChanged(listener: (selection: SelectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A scratch clip of the sample (2 s at 24 fps) at the end of the timeline, away from the user's clips. */
  async selfTestSetup(_request: { samplePath: string }): Promise<SelfTestSetup> {
    if (this.options.project === 'none')
      throw new HostError({ code: 'no_project', message: 'No project is open.' });
    const clip: SimulatedClip = {
      selection: simulatedClip('self-test', 'Reanimate self-test', 60, 2, 0, 'face.mp4'),
      media: 'face.mp4',
      audio: 'dub.wav',
      rangedMedia: 'face-1s.mp4',
    };
    this.selfTest = {
      clip,
      imports: this.imports.length,
      placements: this.placements.length,
      selected: this.selected.join(','),
    };
    return {
      clipId: 'self-test',
      binName: 'Reanimate self-test',
      containerName: 'Reanimate self-test',
      fps: 24,
    };
  }

  async selfTestCleanup(): Promise<SelfTestCleanup> {
    const made = this.selfTest;
    this.selfTest = undefined;
    if (!made) {
      return {
        removed: [],
        activeRestored: false,
        marksRestored: false,
        selectionRestored: false,
        problems: ['There was no self-test to clean up.'],
      };
    }
    this.imports.length = made.imports;
    this.placements.length = made.placements;
    return {
      removed: [
        'sequence "Reanimate self-test"',
        'bin "Reanimate self-test" with the sample and the test\'s imports',
      ],
      activeRestored: true,
      marksRestored: true,
      selectionRestored: this.selected.join(',') === made.selected,
      problems: [],
    };
  }

  /** The simulated project never changes while the page is open (reload with ?project=none for that state). */
  onProjectChanged(_listener: (info: ProjectInfo) => void): () => void {
    return () => {};
  }
}
