/**
 * A fake Premiere Pro: app, Project, ProjectItem, Sequence, Track, TrackItem, Time and Encoder shaped by
 * types-for-adobe/Premiere/24.0, holding a small timeline in ticks and recording every call the host makes.
 */
import {
  CallLog,
  type DispatchedEvent,
  FakeFs,
  FakeXMPMeta,
  fileClasses,
  mediaOf,
  plugPlug,
  secondsOfMedia,
} from './common-fakes.ts';
import { type Globals, type LoadedHost, loadHost } from './es3-context.ts';

export const TPS = 254016000000;
export const FPS = 25;
export const FRAME = TPS / FPS;
export const EXTENSION = '/Ext/com.reanimate.panel';
/** Premiere's application folder (macOS layout) and two of its system presets, as the host finds them. */
export const PREMIERE_APP = '/Applications/Adobe Premiere Pro 2024';
export const SYSTEM_PRESETS = `${PREMIERE_APP}/MediaIO/systempresets`;
export const H264_PRESET = `${SYSTEM_PRESETS}/4E49434B_48323634/Match Source - Adaptive High Bitrate.epr`;
export const WAV_PRESET = `${SYSTEM_PRESETS}/3F3F3F3F_57415645/Waveform Audio 48kHz 16-bit.epr`;

/** An .epr as far as the fake reads it: the exporter's file type, as in Adobe's PProPanel example.epr. */
export function presetXml(fileType: 'H264' | 'WAVE' | 'MooV'): string {
  const code = { H264: 1211250228, WAVE: 1463899717, MooV: 1299148630 }[fileType];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<PremiereData Version="3"><ExporterFileType>${code}</ExporterFileType></PremiereData>`;
}

/** Sequence.getExportFileExtension (PG sequence.md): the extension the preset's exporter writes. */
function extensionOfPreset(fs: FakeFs, preset: string): string {
  const code = /<ExporterFileType>(\d+)</.exec(fs.read(preset))?.[1];
  return code === '1211250228' ? 'mp4' : code === '1463899717' ? 'wav' : code === '1299148630' ? 'mov' : '';
}

export const ProjectItemType = { CLIP: 1, BIN: 2, ROOT: 3, FILE: 4 } as const;

/** `numItems`/`numTracks` plus index access over a live array, like Premiere's collections. */
function collection<T>(
  items: () => T[],
  countName: 'numItems' | 'numTracks' | 'numSequences',
): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (key === countName) {
          return items().length;
        }
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          return items()[Number(key)];
        }
        return undefined;
      },
    },
  );
}

export class FakeTime {
  private value = 0;
  static ofTicks(ticks: number): FakeTime {
    const time = new FakeTime();
    time.value = ticks;
    return time;
  }
  get ticks(): string {
    return String(this.value);
  }
  set ticks(ticks: string) {
    this.value = Number(ticks);
  }
  get seconds(): number {
    return this.value / TPS;
  }
  set seconds(seconds: number) {
    this.value = Math.round(seconds * TPS);
  }
}

/**
 * A time argument as Premiere reads it: a `Time` object, or **seconds**. PG#6 (docsforadobe premiere-scripting-guide
 * issue 6, closed by Adobe) and S#83 (Adobe-CEP/Samples issue 83): `ProjectItem.setInPoint/setOutPoint` take
 * seconds or a Time, not ticks. Where the guide is silent on strings, the harsher reading: a string is parsed as
 * seconds too, so a tick string "1016064000000" means ~10^12 s.
 */
function ticksOf(time: unknown): number {
  if (time instanceof FakeTime) {
    return Number(time.ticks);
  }
  return Math.round(Number.parseFloat(String(time)) * TPS);
}

/**
 * Sequence in/out set from seconds land on the frame at or before: R#314 (Adobe-CEP/CEP-Resources issue 314):
 * 66.96 s at 25 fps landed a frame early, because 66.96 × 25 is 1673.999… in doubles and Premiere truncates. A Time
 * keeps its ticks (frame-aligned ticks stay exact).
 */
function sequenceTicksOf(time: unknown): number {
  if (time instanceof FakeTime) {
    return Math.floor(Number(time.ticks) / FRAME) * FRAME;
  }
  return Math.floor(Number.parseFloat(String(time)) * FPS) * FRAME;
}

/** What an unset sequence in/out reads as in Adobe's PProPanel sample (PPP): -400000, not 0 or the end. */
export const UNSET_IN_OUT_SECONDS = -400000;

let nextId = 1000;

export class FakeProjectItem {
  readonly nodeId: string;
  readonly childItems: FakeProjectItem[] = [];
  parent: FakeProjectItem | null = null;
  metadata = '';
  inTicks: number | null = null;
  outTicks: number | null = null;
  multicam = false;
  sequence = false;
  offline = false;
  /** Whether the media has sound: a placed clip of it gets a linked audio track item. */
  hasAudio = false;
  constructor(
    readonly world: PproWorld,
    public name: string,
    readonly type: number,
    readonly mediaPath: string | null = null,
    /** Natural duration of the media, in ticks. */
    readonly durationTicks = 0,
  ) {
    this.nodeId = `item-${nextId++}`;
  }
  get children() {
    return collection(() => this.childItems, 'numItems');
  }
  get treePath(): string {
    return this.parent ? `${this.parent.treePath}/${this.name}` : `/${this.name}`;
  }
  add(child: FakeProjectItem): FakeProjectItem {
    child.parent = this;
    this.childItems.push(child);
    return child;
  }
  detach(): void {
    if (this.parent) {
      this.parent.childItems.splice(this.parent.childItems.indexOf(this), 1);
      this.parent = null;
    }
  }
  getMediaPath(): string {
    return this.mediaPath ?? '';
  }
  isSequence(): boolean {
    return this.sequence;
  }
  /** Documented (docs/item/projectitem.md) though absent from the typings. */
  isOffline(): boolean {
    return this.offline;
  }
  /** The master clip's in/out: the marks when set, else the whole media. */
  getInPoint(): FakeTime {
    return FakeTime.ofTicks(this.inTicks ?? 0);
  }
  getOutPoint(): FakeTime {
    return FakeTime.ofTicks(this.outTicks ?? this.durationTicks);
  }
  isMultiCamClip(): boolean {
    return this.multicam;
  }
  isMergedClip(): boolean {
    return false;
  }
  createBin(name: string): FakeProjectItem | 0 {
    this.world.log.record('ProjectItem.createBin', name);
    return this.add(new FakeProjectItem(this.world, name, ProjectItemType.BIN));
  }
  moveBin(destination: FakeProjectItem): void {
    this.world.log.record('ProjectItem.moveBin', this.nodeId, destination.name);
    this.detach();
    destination.add(this);
  }
  deleteBin(): void {
    this.world.log.record('ProjectItem.deleteBin', this.name);
    this.detach();
  }
  setInPoint(time: unknown, mediaType: number): void {
    this.world.log.record('ProjectItem.setInPoint', time, mediaType);
    this.inTicks = ticksOf(time);
  }
  setOutPoint(time: unknown, mediaType: number): void {
    this.world.log.record('ProjectItem.setOutPoint', time, mediaType);
    this.outTicks = ticksOf(time);
  }
  /** PG projectitem.md: clearInPoint() / clearOutPoint() remove the master clip's marks. */
  clearInPoint(): void {
    this.world.log.record('ProjectItem.clearInPoint');
    this.inTicks = null;
  }
  clearOutPoint(): void {
    this.world.log.record('ProjectItem.clearOutPoint');
    this.outTicks = null;
  }
  changeMediaPath(path: string, suppress: boolean): boolean {
    this.world.log.record('ProjectItem.changeMediaPath', path, suppress);
    return true;
  }
  getProjectMetadata(): string {
    return this.metadata;
  }
  setProjectMetadata(buffer: string, keys: string[]): void {
    this.world.log.record('ProjectItem.setProjectMetadata', buffer, [...keys]);
    this.metadata = buffer;
  }
  /** Length a new track item of this item gets: its in/out when clamped, else the media's duration. */
  playedTicks(): number {
    const start = this.inTicks ?? 0;
    const marked = this.outTicks ?? this.durationTicks;
    // An out point past the end of the media plays to the end of the media.
    const end = this.durationTicks > 0 ? Math.min(marked, this.durationTicks) : marked;
    return end - start;
  }
}

export class FakeTrackItem {
  selected = false;
  disabled = false;
  speed = 1;
  reversed = false;
  adjustment = false;
  linked: FakeTrackItem[] = [];
  constructor(
    readonly world: PproWorld,
    readonly nodeId: string,
    public name: string,
    public startTicks: number,
    public endTicks: number,
    public projectItem: FakeProjectItem | null,
    readonly mediaType: 'Video' | 'Audio' = 'Video',
    public inTicks = 0,
  ) {}
  get type(): number {
    return this.mediaType === 'Video' ? 1 : 2;
  }
  get start() {
    return FakeTime.ofTicks(this.startTicks);
  }
  get end() {
    return FakeTime.ofTicks(this.endTicks);
  }
  get duration() {
    return FakeTime.ofTicks(this.endTicks - this.startTicks);
  }
  get inPoint() {
    return FakeTime.ofTicks(this.inTicks);
  }
  get outPoint() {
    return FakeTime.ofTicks(this.inTicks + (this.endTicks - this.startTicks) * this.speed);
  }
  isSelected(): boolean {
    return this.selected;
  }
  setSelected(selected: boolean, updateUI?: boolean): void {
    this.world.log.record('TrackItem.setSelected', this.nodeId, selected, updateUI);
    this.selected = selected;
  }
  getSpeed(): number {
    return this.speed;
  }
  isSpeedReversed(): 0 | 1 {
    return this.reversed ? 1 : 0;
  }
  isAdjustmentLayer(): boolean {
    return this.adjustment;
  }
  getLinkedItems() {
    return collection(() => this.linked, 'numItems');
  }
  /** PG trackitem.md: remove(inRipple, inAlignToVideo) takes the track item off its track. */
  remove(inRipple: boolean, inAlignToVideo: boolean): number {
    this.world.log.record('TrackItem.remove', this.nodeId, inRipple, inAlignToVideo);
    for (const track of this.world.project.activeSequence?.allTracks() ?? []) {
      const at = track.items.indexOf(this);
      if (at >= 0) {
        track.items.splice(at, 1);
      }
    }
    for (const other of this.linked) {
      other.linked = other.linked.filter((item) => item !== this);
    }
    return 0;
  }
}

export type OverwriteBehaviour = 'place' | 'return-false' | 'silently-nothing';

/** Overwrite removes whatever it covers (the fake does not trim partial overlaps). */
function clearSpan(track: FakeTrack, start: number, end: number): void {
  for (let i = track.items.length - 1; i >= 0; i--) {
    const clip = track.items[i]!;
    if (clip.startTicks < end && clip.endTicks > start) {
      track.items.splice(i, 1);
    }
  }
}

/** Puts `item` at `start` (ticks) on `video`, and its sound on `audio` when the media has sound, linked. */
function overwriteAt(
  world: PproWorld,
  item: FakeProjectItem,
  start: number,
  video: FakeTrack,
  audio: FakeTrack | undefined,
): boolean {
  if (video.overwrite === 'return-false') {
    return false;
  }
  if (video.overwrite === 'silently-nothing') {
    return true;
  }
  const end = start + item.playedTicks();
  const inTicks = item.inTicks ?? 0;
  clearSpan(video, start, end);
  const placed = video.add(
    new FakeTrackItem(world, `placed-${nextId++}`, item.name, start, end, item, 'Video', inTicks),
  );
  if (audio && item.hasAudio) {
    clearSpan(audio, start, end);
    const sound = audio.add(
      new FakeTrackItem(world, `placed-${nextId++}`, item.name, start, end, item, 'Audio', inTicks),
    );
    placed.linked = [sound];
    sound.linked = [placed];
  }
  return true;
}

export class FakeTrack {
  readonly items: FakeTrackItem[] = [];
  locked = false;
  overwrite: OverwriteBehaviour = 'place';
  constructor(
    readonly world: PproWorld,
    readonly mediaType: 'Video' | 'Audio',
    readonly index: number,
    readonly owner: FakeSequence,
  ) {}
  get clips() {
    return collection(() => this.items, 'numItems');
  }
  isLocked(): boolean {
    return this.locked;
  }
  add(clip: FakeTrackItem): FakeTrackItem {
    this.items.push(clip);
    this.items.sort((a, b) => a.startTicks - b.startTicks);
    return clip;
  }
  /**
   * PG track.md documents `overwriteClip(projectItem, time)` without saying where the item's sound goes. The
   * harsher reading (adobe-host-notes §10: "a track Premiere picks, with no overlap check"): onto A1, the
   * default source-patched audio track, where the dialogue usually is, overwriting what is there.
   */
  overwriteClip(item: FakeProjectItem, time: unknown): boolean {
    this.world.log.record('Track.overwriteClip', this.index, item.nodeId, time);
    return overwriteAt(this.world, item, ticksOf(time), this, this.owner.audioTrackList[0]);
  }
}

/** `empty-file`: reports success and leaves a 0-byte file (a codec failure Premiere does not report). */
export type ExportBehaviour = 'write' | 'return-false' | 'throw' | 'true-without-file' | 'empty-file';

export class FakeSequence {
  readonly videoTrackList: FakeTrack[] = [];
  readonly audioTrackList: FakeTrack[] = [];
  /** null: not set (reads as UNSET_IN_OUT_SECONDS). */
  inTicks: number | null = 0;
  outTicks: number | null;
  readonly lengthTicks: number;
  readonly sequenceID: string;
  readonly projectItem: FakeProjectItem;
  /** What the sequence looked like when createSubsequence ran. */
  subsequenceOf: { selected: string[]; inTicks: number; outTicks: number } | null = null;
  constructor(
    readonly world: PproWorld,
    public name: string,
    lengthTicks: number,
    tracks = 3,
  ) {
    this.outTicks = lengthTicks;
    this.lengthTicks = lengthTicks;
    this.sequenceID = `seq-${nextId++}`;
    this.projectItem = new FakeProjectItem(world, name, ProjectItemType.CLIP);
    this.projectItem.sequence = true;
    for (let i = 0; i < tracks; i++) {
      this.videoTrackList.push(new FakeTrack(world, 'Video', i, this));
      this.audioTrackList.push(new FakeTrack(world, 'Audio', i, this));
    }
  }
  get videoTracks() {
    return collection(() => this.videoTrackList, 'numTracks');
  }
  get audioTracks() {
    return collection(() => this.audioTrackList, 'numTracks');
  }
  get timebase(): string {
    return String(FRAME);
  }
  get end(): string {
    return String(this.lengthTicks);
  }
  allTracks(): FakeTrack[] {
    return [...this.videoTrackList, ...this.audioTrackList];
  }
  allClips(): FakeTrackItem[] {
    return this.allTracks().flatMap((track) => track.items);
  }
  selectedIds(): string[] {
    return this.allClips()
      .filter((clip) => clip.selected)
      .map((clip) => clip.nodeId)
      .sort();
  }
  getSelection(): FakeTrackItem[] {
    const selected = this.allClips()
      .filter((clip) => clip.selected)
      .sort((a, b) => a.startTicks - b.startTicks);
    return this.world.host ? this.world.host.contextArray(selected) : selected;
  }
  getSettings() {
    return { videoFrameRate: FakeTime.ofTicks(FRAME) };
  }
  getInPointAsTime() {
    return FakeTime.ofTicks(this.inTicks ?? UNSET_IN_OUT_SECONDS * TPS);
  }
  getOutPointAsTime() {
    return FakeTime.ofTicks(this.outTicks ?? UNSET_IN_OUT_SECONDS * TPS);
  }
  /** PG sequence.md: the in point as seconds, in a string. */
  getInPoint(): string {
    return String(this.inTicks === null ? UNSET_IN_OUT_SECONDS : this.inTicks / TPS);
  }
  getOutPoint(): string {
    return String(this.outTicks === null ? UNSET_IN_OUT_SECONDS : this.outTicks / TPS);
  }
  /** PG sequence.md: setInPoint(seconds or Time), truncated to a frame (see sequenceTicksOf). */
  setInPoint(time: unknown): void {
    this.world.log.record('Sequence.setInPoint', this.name, time);
    this.inTicks = sequenceTicksOf(time) + this.world.snapInOut;
  }
  setOutPoint(time: unknown): void {
    this.world.log.record('Sequence.setOutPoint', this.name, time);
    this.outTicks = sequenceTicksOf(time);
  }
  /**
   * PG sequence.md: `overwriteClip(projectItem, time, videoTrackIndex, audioTrackIndex)` puts the video and the
   * sound on the tracks given, overwriting what is there.
   */
  overwriteClip(item: FakeProjectItem, time: unknown, videoTrack: number, audioTrack: number): boolean {
    this.world.log.record('Sequence.overwriteClip', item.nodeId, time, videoTrack, audioTrack);
    const video = this.videoTrackList[videoTrack];
    if (!video) {
      throw new Error(`Illegal Parameter type: no video track ${videoTrack}`);
    }
    return overwriteAt(this.world, item, ticksOf(time), video, this.audioTrackList[audioTrack]);
  }
  createSubsequence(ignoreMapping: boolean): FakeSequence | 0 {
    this.world.log.record('Sequence.createSubsequence', ignoreMapping);
    if (this.world.subsequenceFails) {
      return 0;
    }
    const inTicks = this.inTicks ?? 0;
    const outTicks = this.outTicks ?? this.lengthTicks;
    const sub = new FakeSequence(this.world, `${this.name} Subsequence`, outTicks - inTicks, 1);
    sub.subsequenceOf = { selected: this.selectedIds(), inTicks, outTicks };
    this.world.project.rootItem.add(sub.projectItem);
    this.world.project.sequenceList.push(sub);
    if (this.world.subsequenceActivates) {
      this.world.project.activeSequence = sub;
    }
    return sub;
  }
  exportAsMediaDirect(path: string, preset: string, workArea: number): boolean {
    this.world.log.record('Sequence.exportAsMediaDirect', this.name, path, preset, workArea);
    const behaviour = this.world.exportBehaviour;
    if (behaviour === 'throw') {
      throw new Error('Export failed: codec error');
    }
    if (behaviour === 'return-false') {
      return false;
    }
    if (behaviour === 'write') {
      // The file says how long it is, as a real export's would: the sequence it was made from.
      this.world.fs.add(path, mediaOf(this.lengthTicks / TPS));
    }
    if (behaviour === 'empty-file') {
      this.world.fs.add(path, '');
    }
    return true;
  }
  getExportFileExtension(preset: string): string {
    this.world.log.record('Sequence.getExportFileExtension', preset);
    return extensionOfPreset(this.world.fs, preset);
  }
}

export class FakeProject {
  readonly rootItem: FakeProjectItem;
  readonly sequenceList: FakeSequence[] = [];
  activeSequence: FakeSequence | null = null;
  name = 'Documentary.prproj';
  path = '/Projects/Documentary.prproj';
  importBehaviour: 'import' | 'return-false-but-import' | 'return-nothing' | 'ignore-bin' | 'throw' =
    'import';
  leaveSequenceItemOnDelete = false;
  constructor(readonly world: PproWorld) {
    this.rootItem = new FakeProjectItem(world, 'root', ProjectItemType.ROOT);
  }
  /** PG project.md / the typings: a SequenceCollection counts `numSequences`. */
  get sequences() {
    return collection(() => this.sequenceList, 'numSequences');
  }
  /**
   * PG project.md: a new sequence in `bin` with the items one after another on V1 (and their sound on A1). Not
   * documented to open it: the harsher reading, it does not become active.
   */
  createNewSequenceFromClips(name: string, items: FakeProjectItem[], bin: FakeProjectItem): FakeSequence {
    this.world.log.record('Project.createNewSequenceFromClips', name, items.length, bin.name);
    // The array comes from the ES3 engine, whose Array has no ES5 methods: index it.
    const list: FakeProjectItem[] = [];
    for (let i = 0; i < items.length; i++) list.push(items[i] as FakeProjectItem);
    const length = list.reduce((sum, item) => sum + item.playedTicks(), 0);
    const sequence = new FakeSequence(this.world, name, length);
    sequence.inTicks = null;
    sequence.outTicks = null;
    let at = 0;
    for (const item of list) {
      overwriteAt(this.world, item, at, sequence.videoTrackList[0]!, sequence.audioTrackList[0]);
      at += item.playedTicks();
    }
    bin.add(sequence.projectItem);
    this.sequenceList.push(sequence);
    return sequence;
  }
  openSequence(sequenceID: string): boolean {
    this.world.log.record('Project.openSequence', sequenceID);
    const found = this.sequenceList.find((seq) => seq.sequenceID === sequenceID);
    if (found) {
      this.activeSequence = found;
    }
    return Boolean(found);
  }
  deleteSequence(sequence: FakeSequence): boolean {
    this.world.log.record('Project.deleteSequence', sequence.name);
    this.sequenceList.splice(this.sequenceList.indexOf(sequence), 1);
    if (this.activeSequence === sequence) {
      this.activeSequence = null;
    }
    if (!this.world.project.leaveSequenceItemOnDelete) {
      sequence.projectItem.detach();
    }
    return true;
  }
  importFiles(
    paths: string[],
    suppressUI: boolean,
    bin: FakeProjectItem,
    numbered: boolean,
  ): boolean | undefined {
    this.world.log.record('Project.importFiles', [...paths], suppressUI, bin?.name, numbered);
    const behaviour = this.importBehaviour;
    if (behaviour === 'throw') {
      throw new Error('File format not supported');
    }
    if (behaviour === 'return-nothing') {
      return undefined;
    }
    for (const path of paths) {
      const name = path.substring(path.lastIndexOf('/') + 1);
      const target = behaviour === 'ignore-bin' ? this.rootItem : bin;
      // A file that says how long it is (mediaOf) is that long; anything else 4 s 3 frames.
      const seconds = secondsOfMedia(this.world.fs.read(path));
      const length = seconds === undefined ? 4 * TPS + 3 * FRAME : Math.round(seconds * TPS);
      const imported = new FakeProjectItem(this.world, name, ProjectItemType.CLIP, path, length);
      // react-1's results carry the new speech.
      imported.hasAudio = /\.(mp4|mov)$/i.test(name);
      target.add(imported);
    }
    return behaviour === 'import' || behaviour === 'ignore-bin';
  }
  addPropertyToProjectMetadataSchema(name: string, label: string, type: number): boolean {
    this.world.log.record('Project.addPropertyToProjectMetadataSchema', name, label, type);
    return true;
  }
}

/** app.encoder: queues jobs and lets a test fire Media Encoder's events at the bound handlers. */
export class FakeEncoder {
  readonly ENCODE_ENTIRE = 0;
  readonly ENCODE_IN_TO_OUT = 1;
  readonly ENCODE_WORKAREA = 2;
  readonly handlers: Record<string, (...args: unknown[]) => void> = {};
  readonly jobs: { id: string; sequence: string; path: string }[] = [];
  /** encodeSequence returns 0 from this call on (1-based), like a refused job. */
  refuseFrom = Number.POSITIVE_INFINITY;
  constructor(readonly world: PproWorld) {}
  bind(event: string, handler: (...args: unknown[]) => void): void {
    this.world.log.record('Encoder.bind', event);
    this.handlers[event] = handler;
  }
  encodeSequence(
    sequence: FakeSequence,
    path: string,
    preset: string,
    workArea: number,
    remove: number,
  ): string | 0 {
    this.world.log.record('Encoder.encodeSequence', sequence.name, path, preset, workArea, remove);
    if (this.jobs.length + 1 >= this.refuseFrom) {
      return 0;
    }
    const id = `job-${this.jobs.length + 1}`;
    this.jobs.push({ id, sequence: sequence.name, path });
    return id;
  }
  startBatch(): boolean {
    this.world.log.record('Encoder.startBatch');
    return true;
  }
  launchEncoder(): boolean {
    this.world.log.record('Encoder.launchEncoder');
    return true;
  }
  fire(event: string, ...args: unknown[]): void {
    const handler = this.handlers[event];
    if (!handler) {
      throw new Error(`nothing bound to ${event}`);
    }
    handler(...args);
  }
}

export interface PproWorld {
  encoder: FakeEncoder;
  ameStatus: string;
  log: CallLog;
  fs: FakeFs;
  events: DispatchedEvent[];
  project: FakeProject;
  app: Record<string, unknown>;
  exportBehaviour: ExportBehaviour;
  subsequenceFails: boolean;
  /** createSubsequence opens the new sequence (behaviour not documented either way). */
  subsequenceActivates: boolean;
  /** Ticks Premiere adds to in points it is given (simulates a host that does not land on the frame). */
  snapInOut: number;
  documentOpen: boolean;
  host: LoadedHost | null;
  globals: Globals;
}

/**
 * The standard timeline at 25 fps:
 *   V1 "Interview.mp4" 2 s–6 s (source 10 s–14 s), linked audio on A1 — selected
 *   V2 "Lower third" title 3 s–5 s (no media)
 *   V3 empty
 *   A2 "Music.wav" 0–10 s
 */
export function pproWorld(): PproWorld & {
  sequence: FakeSequence;
  clip: FakeTrackItem;
  audio: FakeTrackItem;
} {
  const world = {
    log: new CallLog(),
    fs: new FakeFs(),
    events: [] as DispatchedEvent[],
    exportBehaviour: 'write' as ExportBehaviour,
    subsequenceFails: false,
    subsequenceActivates: false,
    snapInOut: 0,
    documentOpen: true,
    host: null as LoadedHost | null,
  } as PproWorld;
  world.project = new FakeProject(world);
  world.encoder = new FakeEncoder(world);
  world.ameStatus = 'ISRUNNING';
  const project = world.project;
  const footage = project.rootItem.createBin('Footage') as FakeProjectItem;
  const interview = footage.add(
    new FakeProjectItem(world, 'Interview.mp4', ProjectItemType.CLIP, '/Media/Interview.mp4', 60 * TPS),
  );
  const music = footage.add(
    new FakeProjectItem(world, 'Music.wav', ProjectItemType.CLIP, '/Media/Music.wav', 60 * TPS),
  );
  const title = project.rootItem.add(new FakeProjectItem(world, 'Lower third', ProjectItemType.CLIP, null));
  world.log.calls.length = 0;

  const sequence = new FakeSequence(world, 'Edit', 10 * TPS);
  project.rootItem.add(sequence.projectItem);
  project.sequenceList.push(sequence);
  project.activeSequence = sequence;
  sequence.inTicks = 1 * TPS;
  sequence.outTicks = 9 * TPS;

  const clip = sequence.videoTrackList[0]!.add(
    new FakeTrackItem(world, 'clip-a', 'Interview.mp4', 2 * TPS, 6 * TPS, interview, 'Video', 10 * TPS),
  );
  const audio = sequence.audioTrackList[0]!.add(
    new FakeTrackItem(world, 'clip-a-audio', 'Interview.mp4', 2 * TPS, 6 * TPS, interview, 'Audio', 10 * TPS),
  );
  clip.linked = [audio];
  audio.linked = [clip];
  clip.selected = true;
  audio.selected = true;
  sequence.videoTrackList[1]!.add(new FakeTrackItem(world, 'title', 'Lower third', 3 * TPS, 5 * TPS, title));
  sequence.audioTrackList[1]!.add(
    new FakeTrackItem(world, 'music', 'Music.wav', 0, 10 * TPS, music, 'Audio'),
  );

  world.fs.add(`${EXTENSION}/jsx/reanimate.jsx`);
  world.fs.add(H264_PRESET, presetXml('H264'));
  world.fs.add(WAV_PRESET, presetXml('WAVE'));
  world.fs.add('/Media/Interview.mp4');
  world.fs.add('/Media/Music.wav');

  const files = fileClasses(world.fs, PREMIERE_APP);
  const pp = plugPlug(world.log, world.events);
  world.app = {
    version: '24.6.1',
    // PG application.md: the application's folder.
    path: PREMIERE_APP,
    get project() {
      return world.project;
    },
    isDocumentOpen: () => world.documentOpen,
    bind: (event: string, fn: unknown) => world.log.record('app.bind', event, fn),
    // PG application.md: keeps the panel loaded while it is hidden (Premiere may unload it otherwise).
    setExtensionPersistent: (id: string, state: number) =>
      world.log.record('app.setExtensionPersistent', id, state),
    get encoder() {
      return world.encoder;
    },
  };
  world.globals = {
    app: world.app,
    $: { fileName: `${EXTENSION}/jsx/reanimate.jsx` },
    BridgeTalk: {
      appName: 'premierepro',
      getStatus: (target: string) => (target === 'ame' ? world.ameStatus : ''),
    },
    Time: FakeTime,
    ProjectItemType,
    File: files.File,
    Folder: files.Folder,
    ExternalObject: pp.ExternalObject,
    CSXSEvent: pp.CSXSEvent,
    XMPMeta: FakeXMPMeta,
  };
  return Object.assign(world, { sequence, clip, audio });
}

export function loadPpro(world: PproWorld): LoadedHost {
  world.host = loadHost(world.globals);
  return world.host;
}
