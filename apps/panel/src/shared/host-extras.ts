/**
 * Additions to the bridge contract (src/shared/bridge.ts) used by the ExtendScript hosts, kept separate so
 * bridge.ts stays as the lead wrote it. Proposed for merging into bridge.ts.
 */
import type { ExportRequest } from './bridge';

/** Optional fields of an export request on top of `ExportRequest`. */
export interface ExportRequestExtras {
  /**
   * `direct` (default): Premiere renders inside the call (blocking) and the files exist when it returns.
   * `media-encoder`: Premiere queues the jobs in Adobe Media Encoder and returns at once with
   * `method: 'encoder'`; progress arrives as HOST_EVENTS.exportProgress and the end of each job as
   * HOST_EXTRA_EVENTS.exportFinished. Falls back to `direct` when Media Encoder is not installed.
   * After Effects always renders directly.
   */
  encoder?: 'direct' | 'media-encoder';
}

export type ExtendedExportRequest = ExportRequest & ExportRequestExtras;

export const HOST_EXTRA_EVENTS = {
  /** One per queued Media Encoder job (data: ExportFinished). */
  exportFinished: 'com.reanimate.exportFinished',
} as const;

export interface ExportFinished {
  phase: 'video' | 'audio';
  ok: boolean;
  /** The file written, when ok. */
  path: string | null;
  /** Media Encoder's message, when not ok. */
  error: string | null;
}
