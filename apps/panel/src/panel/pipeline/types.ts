import type { ClipSelection, ExportRange, ExportRequest } from '../../shared/bridge.ts';
import type { EmotionChoice } from './options.ts';

export type AudioChoice =
  | { kind: 'timeline' }
  | { kind: 'file'; path: string; name: string }
  /** A project item (`HostBridge.listAudioItems`): its media path, or its sample URL in the browser harness. */
  | { kind: 'project-item'; path: string; name: string; itemId: string };

export interface GenerationRequest {
  clip: ClipSelection;
  audio: AudioChoice;
  options: EmotionChoice;
  /** Folder for exports and results (a path in CEP). */
  outputFolder: string;
  projectPath: string | null;
  /** Split into ≤ 15 s segments (clips over react-1's limit). */
  split: boolean;
  /** Queue the export in Adobe Media Encoder instead of rendering inside the host (Premiere keeps working). */
  encoder?: ExportRequest['encoder'];
}

export type GenerationPhase =
  | 'export'
  | 'preflight'
  | 'upload'
  | 'queued'
  | 'processing'
  | 'download'
  | 'done';

export interface GenerationProgress {
  phase: GenerationPhase;
  segment: { index: number; count: number };
  /** 0-based; present while queued. */
  queuePosition?: number | undefined;
  requestId?: string | undefined;
  jobId?: string | undefined;
  /** 0..1 within the phase, when known. */
  fraction?: number | null | undefined;
}

export interface SegmentResult {
  jobId: string;
  /** The original clip, for placing the result over it. */
  clipId: string;
  clipName: string;
  requestId: string;
  /** The saved result: a path in CEP, a URL in the browser harness. */
  localPath: string;
  outputUrl: string;
  /** The original's picture for the A/B preview. */
  sourceUrl: string;
  range: ExportRange | null;
}

/** What the panel writes in each journal record's `meta`, to list and resume a project's jobs. */
export interface JobMeta {
  project: string;
  clipId: string;
  clipName: string;
  outputFolder: string;
  sourceUrl: string;
  segment: number;
  segments: number;
  /** The segment's range within the clip, so a resumed or retried segment is still placed at its own start. */
  range?: ExportRange | null;
}
