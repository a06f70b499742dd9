/**
 * Proposed addition to the bridge (not yet in bridge.ts): export only part of the selected clip, so the panel can
 * split a clip over react-1's 15 s limit into segments. Seconds from the clip's start on the timeline.
 * The SimulatedHost honours it; the ExtendScript side would set the sequence in/out to this sub-range.
 */
import type { ExportRequest } from './bridge.ts';

export interface ExportRange {
  startSec: number;
  endSec: number;
}

export interface RangedExportRequest extends ExportRequest {
  range?: ExportRange;
}
