import { type JobRecord, pipelineMeta } from '@reanimate/core';
import type { ClipSelection, ExportRange, ExportRequest } from '../host-bridge.ts';
import type { React1Choice } from './options.ts';

export type AudioChoice =
  | { kind: 'timeline' }
  | { kind: 'file'; path: string; name: string }
  /** A project item (`HostBridge.listAudioItems`): its media path, or its sample URL in the browser harness. */
  | { kind: 'project-item'; path: string; name: string; itemId: string };

export interface GenerationRequest {
  clip: ClipSelection;
  audio: AudioChoice;
  options: React1Choice;
  /** Folder for results (a path in CEP). */
  outputFolder: string;
  projectPath: string | null;
  /** Split into segments under 15 s (clips over react-1's limit), planned by core. */
  split: boolean;
  /** Queue the export in Adobe Media Encoder instead of rendering inside the host (Premiere keeps working). */
  encoder?: ExportRequest['encoder'];
  /** The estimate the user saw on the Generate button, recorded with the job (shared out among segments). */
  estimatedUsd?: number | undefined;
}

export type GenerationPhase =
  | 'export'
  | 'preflight'
  | 'upload'
  | 'waiting'
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
  /** While processing, once a job has shown how long jobs take. */
  etaMs?: number | undefined;
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
  /** Core's drift check: the result is longer, shorter or at another frame rate than its inputs promise. */
  drift?: string | undefined;
  /** What the host could not put back as it was after exporting (e.g. in/out points it cannot clear). */
  hostNotes?: string[] | undefined;
}

export const PANEL_APP = 'reanimate-panel';

/** The panel's part of a job's meta (core keeps the inputs, the output path and the uploads). */
export interface JobMeta {
  project: string;
  clipId: string;
  clipName: string;
  /** The export the job was made from: the A/B preview's "before", and what a retry uploads again. */
  sourceUrl: string;
  /** The dub the job used (an export, a file or a project item's media). */
  audioPath: string;
  segment: number;
  segments: number;
  /** The segment's range within the clip, so a resumed or retried segment is still placed at its own start. */
  range: ExportRange | null;
}

const isRange = (value: unknown): value is ExportRange =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ExportRange).startSec === 'number' &&
  typeof (value as ExportRange).endSec === 'number';

/** The panel's meta of a record, checked field by field; undefined for a record the panel did not write. */
export function panelMeta(record: JobRecord): JobMeta | undefined {
  const meta = pipelineMeta(record);
  if (!meta || meta.app !== PANEL_APP || !meta.shell) return undefined;
  const shell = meta.shell;
  const text = (key: string) => (typeof shell[key] === 'string' ? (shell[key] as string) : undefined);
  const count = (key: string) => (typeof shell[key] === 'number' ? (shell[key] as number) : undefined);
  const project = text('project');
  const clipId = text('clipId');
  if (project === undefined || clipId === undefined) return undefined;
  return {
    project,
    clipId,
    clipName: text('clipName') ?? clipId,
    sourceUrl: text('sourceUrl') ?? '',
    audioPath: text('audioPath') ?? '',
    segment: count('segment') ?? 0,
    segments: count('segments') ?? 1,
    range: isRange(shell.range) ? shell.range : null,
  };
}
