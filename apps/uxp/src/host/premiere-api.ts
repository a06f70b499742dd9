/**
 * The slice of Premiere's UXP API (`require('premierepro')`) the plugin uses, member for member as in Adobe's
 * typings (@adobe/premierepro 26.3.0, AdobeDocs/uxp-premiere-pro reference). `api-slice.check.ts` proves at compile
 * time that Adobe's own types fit these, so the bridge and its test fakes cannot drift from the real API.
 * Getters are synchronous, calls are async; actions only take effect inside `project.executeTransaction`, which
 * like every `create*Action` must run inside `project.lockedAccess` (the 26.3 rules).
 */

export interface UxpTickTime {
  readonly seconds: number;
  readonly ticks: string;
}

/** An action object: opaque, applied only by `executeTransaction`. */
export type UxpAction = object;

export interface UxpCompoundAction {
  addAction(action: UxpAction): boolean;
}

export interface UxpGuid {
  toString(): string;
}

export interface UxpProjectItem {
  readonly name: string;
  getId(): string;
}

/** ClipProjectItem and FolderItem are casts of a ProjectItem; Adobe types them without `getId`. */
export interface UxpNamed {
  readonly name: string;
}

export interface UxpClipProjectItem extends UxpNamed {
  getMediaFilePath(): Promise<string>;
  isSequence(): Promise<boolean>;
  isOffline(): Promise<boolean>;
  createSetInOutPointsAction(inPoint: UxpTickTime, outPoint: UxpTickTime): UxpAction;
  createClearInOutPointsAction(): UxpAction;
  /** The media's in/out (its marks, or the whole media); `mediaType` is Constants.MediaType. */
  getInPoint(mediaType: number): Promise<UxpTickTime>;
  getOutPoint(mediaType: number): Promise<UxpTickTime>;
}

export interface UxpFolderItem extends UxpNamed {
  getItems(): Promise<UxpProjectItem[]>;
  createBinAction(name: string, makeUnique: boolean): UxpAction;
  createRemoveItemAction(item: UxpProjectItem): UxpAction;
}

export interface UxpClipTrackItem {
  getName(): Promise<string>;
  getStartTime(): Promise<UxpTickTime>;
  getEndTime(): Promise<UxpTickTime>;
  getInPoint(): Promise<UxpTickTime>;
  getOutPoint(): Promise<UxpTickTime>;
  getTrackIndex(): Promise<number>;
  getProjectItem(): Promise<UxpProjectItem>;
  isDisabled(): Promise<boolean>;
  createSetDisabledAction(disabled: boolean): UxpAction;
}

export interface UxpVideoClipTrackItem extends UxpClipTrackItem {
  getSpeed(): Promise<number>;
  isSpeedReversed(): Promise<number>;
  isAdjustmentLayer(): Promise<boolean>;
}

export interface UxpTrack<Item> {
  getTrackItems(trackItemType: number, includeEmptyTrackItems: boolean): Item[];
  readonly name: string;
}

export interface UxpTrackItemSelection {
  addItem(trackItem: UxpClipTrackItem, skipDuplicateCheck?: boolean): boolean;
  getTrackItems(): Promise<UxpClipTrackItem[]>;
}

export interface UxpRectF {
  width: number;
  height: number;
}

export interface UxpSequence {
  readonly name: string;
  readonly guid: UxpGuid;
  getSelection(): Promise<UxpTrackItemSelection>;
  setSelection(trackItemSelection: UxpTrackItemSelection): boolean;
  getInPoint(): Promise<UxpTickTime>;
  getOutPoint(): Promise<UxpTickTime>;
  getEndTime(): Promise<UxpTickTime>;
  createSetInPointAction(tickTime: UxpTickTime): UxpAction;
  createSetOutPointAction(tickTime: UxpTickTime): UxpAction;
  getTimebase(): Promise<string>;
  getFrameSize(): Promise<UxpRectF>;
  getVideoTrackCount(): Promise<number>;
  getAudioTrackCount(): Promise<number>;
  getVideoTrack(trackIndex: number): Promise<UxpTrack<UxpVideoClipTrackItem>>;
  getAudioTrack(trackIndex: number): Promise<UxpTrack<UxpClipTrackItem>>;
  createSubsequence(ignoreTrackTargeting?: boolean): Promise<UxpSequence>;
}

export interface UxpProject {
  readonly name: string;
  readonly path: string;
  getActiveSequence(): Promise<UxpSequence>;
  setActiveSequence(sequence: UxpSequence): Promise<boolean>;
  deleteSequence(sequence: UxpSequence): Promise<boolean>;
  createSequenceFromMedia(
    name: string,
    clipProjectItems?: UxpClipProjectItem[],
    targetBin?: UxpProjectItem,
  ): Promise<UxpSequence>;
  getRootItem(): Promise<UxpFolderItem>;
  importFiles(
    filePaths: string[],
    suppressUI?: boolean,
    targetBin?: UxpProjectItem,
    asNumberedStills?: boolean,
  ): Promise<boolean>;
  executeTransaction(callback: (compoundAction: UxpCompoundAction) => void, undoString?: string): boolean;
  lockedAccess(callback: () => void): void;
}

export interface UxpSequenceEditor {
  createOverwriteItemAction(
    projectItem: UxpProjectItem,
    time: UxpTickTime,
    videoTrackIndex: number,
    audioTrackIndex: number,
  ): UxpAction;
}

export interface UxpEncoderManager {
  exportSequence(
    sequence: UxpSequence,
    exportType: number,
    outputFile?: string,
    presetFile?: string,
    exportFull?: boolean,
  ): Promise<boolean>;
}

export interface UxpMetadata {
  getProjectMetadata(projectItem: UxpProjectItem): Promise<string>;
  createSetProjectMetadataAction(
    projectItem: UxpProjectItem,
    metadata: string,
    updatedFields: string[],
  ): UxpAction;
  addPropertyToProjectMetadataSchema(name: string, label: string, type: number): Promise<boolean>;
}

/** `require('premierepro')`, as far as the plugin reads it. */
export interface UxpPremiere {
  Metadata: UxpMetadata;
  Project: { getActiveProject(): Promise<UxpProject> };
  TickTime: { createWithTicks(ticks: string): UxpTickTime; readonly TIME_ZERO: UxpTickTime };
  SequenceEditor: { getEditor(sequence: UxpSequence): UxpSequenceEditor };
  EncoderManager: {
    getManager(): UxpEncoderManager;
    readonly EVENT_RENDER_COMPLETE: string;
    readonly EVENT_RENDER_ERROR: string;
    readonly EVENT_RENDER_CANCEL: string;
    /** The extension the preset writes ("mp4", "wav"): EncoderManager reference. */
    getExportFileExtension(sequence: UxpSequence, presetFilePath: string): Promise<string>;
  };
  ClipProjectItem: { cast(projectItem: UxpProjectItem): UxpClipProjectItem };
  FolderItem: { cast(projectItem: UxpProjectItem): UxpFolderItem };
  TrackItemSelection: { createEmptySelection(callback: (selection: UxpTrackItemSelection) => void): boolean };
  EventManager: {
    addEventListener(target: object, eventName: string, handler: (event?: object) => void): void;
    removeEventListener(target: object, eventName: string, handler: (event?: object) => void): void;
  };
  Constants: {
    TrackItemType: { CLIP: number };
    ExportType: { IMMEDIATELY: number; QUEUE_TO_AME: number };
    MediaType: { VIDEO: number };
  };
}
