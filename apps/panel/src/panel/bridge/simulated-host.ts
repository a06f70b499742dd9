import type {
  ExportResult,
  HostBridge,
  ImportResult,
  PlaceResult,
  ProjectInfo,
  SelectionState,
} from '../../shared/bridge.ts';
import type { RangedExportRequest } from '../../shared/export-range.ts';
import { HostError } from './cep-bridge.ts';
import { hostTime, SIMULATED_CLIPS, type SimulatedClip } from './simulated-timeline.ts';

export interface SimulatedHostOptions {
  /** Where the sample media is served, ending in `/`. */
  mediaBaseUrl: string;
  project?: 'open' | 'none';
  sequence?: 'open' | 'none';
  selected?: string[];
  /** Delay of each simulated export step, so the progress view is visible. */
  exportDelayMs?: number;
}

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
  readonly placements: (PlaceResult & { itemId: string; clipId: string; mode: string })[] = [];
  private selected: string[];
  private readonly listeners = new Set<(selection: SelectionState) => void>();

  constructor(private readonly options: SimulatedHostOptions) {
    this.selected = options.selected ?? ['clip1'];
  }

  get mediaBaseUrl(): string {
    return this.options.mediaBaseUrl;
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
    const found = this.clips.find((c) => c.selection.clipId === clipId);
    if (!found) throw new HostError({ code: 'not_found', message: `No clip ${clipId} on the timeline.` });
    return found;
  }

  async exportSelection(
    request: RangedExportRequest,
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
    const video = ranged && clip.selection.durationSec > 15 ? 'face.mp4' : clip.media;
    const audio = ranged && clip.selection.durationSec > 15 ? 'dub.wav' : clip.audio;
    const durationSec = request.range
      ? request.range.endSec - request.range.startSec
      : clip.selection.durationSec;
    return {
      videoPath: this.options.mediaBaseUrl + video,
      audioPath: request.audioPath && audio ? this.options.mediaBaseUrl + audio : null,
      durationSec,
      frames: Math.round(durationSec * clip.selection.fps),
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

  async placeResult(request: {
    itemId: string;
    clipId: string;
    mode: 'above' | 'replace';
  }): Promise<PlaceResult> {
    const clip = this.find(request.clipId).selection;
    if (!this.imports.some((i) => i.itemId === request.itemId)) {
      throw new HostError({ code: 'not_found', message: `No imported item ${request.itemId}.` });
    }
    const trackIndex = request.mode === 'above' ? clip.trackIndex + 1 : clip.trackIndex;
    const placed = { trackIndex, start: clip.start, end: hostTime(clip.end.seconds), ...request };
    this.placements.push(placed);
    return { trackIndex, start: placed.start, end: placed.end };
  }

  onSelectionChanged(listener: (selection: SelectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
