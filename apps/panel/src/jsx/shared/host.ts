import type {
  AudioItem,
  ExportRequest,
  ExportResult,
  HostApp,
  ImportRequest,
  ImportResult,
  PlaceRequest,
  PlaceResult,
  ProjectInfo,
  SelectionState,
  SelfTestCleanup,
  SelfTestSetup,
  SelfTestSetupRequest,
} from '@reanimate/panel-ui/host-bridge';

/**
 * One host's implementation of the entry points. Methods return plain values and refuse by throwing
 * `hostError(code, message)`; index.ts validates the requests, encodes results and catches everything.
 */
export interface HostImpl {
  readonly app: HostApp;
  projectInfo(): ProjectInfo;
  getSelection(): SelectionState;
  exportSelection(request: ExportRequest): ExportResult;
  importResult(request: ImportRequest): ImportResult;
  placeResult(request: PlaceRequest): PlaceResult;
  /** Project items with audio and a media file (dubs already in the project). */
  listAudioItems(): AudioItem[];
  /** "Check this host": the scratch copy, and removing it again (see ppro/self-test.ts). */
  selfTestSetup(request: SelfTestSetupRequest): SelfTestSetup;
  selfTestCleanup(): SelfTestCleanup;
  /** Subscribes to the host's change notifications (selection) once per engine; safe to call again. */
  listen(): void;
}
