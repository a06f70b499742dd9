/**
 * A fake After Effects: app, Project, FolderItem, FootageItem, CompItem, AVLayer, RenderQueue,
 * RenderQueueItem, OutputModule and ImportOptions shaped by types-for-adobe/AfterEffects/26.0, recording calls.
 */
import {
  CallLog,
  type DispatchedEvent,
  FakeFs,
  fileClasses,
  mediaOf,
  plugPlug,
  secondsOfMedia,
} from './common-fakes.ts';
import { type Globals, type LoadedHost, loadHost } from './es3-context.ts';

let nextId = 1;

export class FakeItem {
  readonly id = nextId++;
  comment = '';
  private parent: FakeFolderItem | null = null;
  constructor(
    readonly world: AeWorld,
    public name: string,
  ) {}
  get parentFolder(): FakeFolderItem | null {
    return this.parent;
  }
  /** Assigning parentFolder moves the item, as in the Project panel. */
  set parentFolder(folder: FakeFolderItem | null) {
    if (this.parent) {
      this.parent.children.splice(this.parent.children.indexOf(this), 1);
    }
    this.parent = folder;
    folder?.children.push(this);
  }
  remove(): void {
    this.world.log.record('Item.remove', this.name);
    this.parentFolder = null;
  }
}

export class FakeFolderItem extends FakeItem {
  readonly children: FakeItem[] = [];
  get numItems(): number {
    return this.children.length;
  }
  item(index: number): FakeItem | undefined {
    return this.children[index - 1];
  }
  add<T extends FakeItem>(item: T): T {
    item.parentFolder = this;
    return item;
  }
}

export class FakeFootageItem extends FakeItem {
  footageMissing = false;
  width = 320;
  height = 240;
  frameRate = 25;
  constructor(
    world: AeWorld,
    name: string,
    readonly file: { fsName: string } | null,
    readonly duration: number,
    readonly hasAudio = true,
  ) {
    super(world, name);
  }
  get mainSource(): { file: { fsName: string } | null } {
    return { file: this.file };
  }
}

export class FakeLayer {
  readonly id = nextId++;
  startTime = 0;
  stretch = 100;
  timeRemapEnabled = false;
  solo = false;
  enabled = true;
  audioEnabled = true;
  selected = false;
  private span: [number, number];
  constructor(
    readonly comp: FakeCompItem,
    public name: string,
    readonly source: FakeItem | null,
    inPoint: number,
    outPoint: number,
    readonly hasAudio = true,
  ) {
    this.span = [inPoint, outPoint];
  }
  get index(): number {
    return this.comp.layerList.indexOf(this) + 1;
  }
  get inPoint(): number {
    return this.span[0];
  }
  set inPoint(value: number) {
    if (!this.comp.world.ignoreLayerTiming) {
      this.span[0] = value;
    }
  }
  get outPoint(): number {
    return this.span[1];
  }
  set outPoint(value: number) {
    if (!this.comp.world.ignoreLayerTiming) {
      // Footage cannot play past its end: AE clamps the out point.
      const source = this.source;
      const limit =
        source instanceof FakeFootageItem && source.duration > 0
          ? this.startTime + source.duration
          : Number.POSITIVE_INFINITY;
      this.span[1] = Math.min(value, limit);
    }
  }
  moveBefore(other: FakeLayer): void {
    this.comp.world.log.record('Layer.moveBefore', this.name, other.name);
    const list = this.comp.layerList;
    list.splice(list.indexOf(this), 1);
    list.splice(list.indexOf(other), 0, this);
  }
  remove(): void {
    this.comp.world.log.record('Layer.remove', this.name);
    this.comp.layerList.splice(this.comp.layerList.indexOf(this), 1);
  }
}

/** AVLayer: footage, precomp, solid and text layers alike (TextLayer extends AVLayer in AE). */
export class FakeAVLayer extends FakeLayer {}

export class FakeCompItem extends FakeItem {
  frameRate = 25;
  duration = 10;
  /** AG compitem.md: opens the comp in the Composition panel, which makes it the project's activeItem. */
  openInViewer(): null {
    this.world.log.record('CompItem.openInViewer', this.name);
    this.world.project.activeItem = this;
    return null;
  }
  workAreaStart = 0;
  workAreaDuration = 10;
  readonly layerList: FakeLayer[] = [];
  get frameDuration(): number {
    return 1 / this.frameRate;
  }
  get numLayers(): number {
    return this.layerList.length;
  }
  layer(index: number): FakeLayer | undefined {
    return this.layerList[index - 1];
  }
  get selectedLayers(): FakeLayer[] {
    const selected = this.layerList.filter((layer) => layer.selected);
    return this.world.host ? this.world.host.contextArray(selected) : selected;
  }
  get layers() {
    return {
      length: this.layerList.length,
      add: (item: FakeItem) => {
        this.world.log.record('LayerCollection.add', item.name);
        const duration = item instanceof FakeFootageItem ? item.duration : 10;
        const layer = new FakeAVLayer(this, item.name, item, 0, duration);
        // AE adds new layers at the top of the stack.
        this.layerList.unshift(layer);
        return layer;
      },
    };
  }
  addLayer(layer: FakeLayer): FakeLayer {
    this.layerList.push(layer);
    return layer;
  }
}

/** Template name → the Format it gives, for a German After Effects. */
export const GERMAN_TEMPLATES: Record<string, string> = {
  'Hohe Qualität': 'QuickTime',
  'H.264 – Renderingeinstellungen entsprechen – 15 Mbit/s': 'H.264',
  Verlustfrei: 'AVI',
  'AIFF 48 kHz': 'AIFF',
  '_HIDDEN X-Factor 8': 'QuickTime',
};

/** AG renderqueueitem.md's RQItemStatus (the values are the fake's own; scripts compare with the names). */
export const RQItemStatus = {
  WILL_CONTINUE: 3012,
  NEEDS_OUTPUT: 3013,
  UNQUEUED: 3014,
  QUEUED: 3015,
  RENDERING: 3016,
  USER_STOPPED: 3017,
  ERR_STOPPED: 3018,
  DONE: 3019,
} as const;

/** The file extension After Effects forces for a format (field reports, AE 2026: a `.wav` path becomes `.aif`). */
const FORCED_EXTENSION: Record<string, string> = {
  AIFF: '.aif',
  'H.264': '.mp4',
  QuickTime: '.mov',
  AVI: '.avi',
};

export class FakeOutputModule {
  private path: string | null = null;
  format = 'QuickTime';
  constructor(readonly world: AeWorld) {}
  get templates(): string[] {
    return this.world.host ? this.world.host.contextArray(Object.keys(this.world.templates)) : [];
  }
  applyTemplate(name: string): void {
    this.world.log.record('OutputModule.applyTemplate', name);
    const format = this.world.templates[name];
    if (format === undefined) {
      throw new Error(`no template ${name}`);
    }
    this.format = format;
  }
  /** AE rewrites the extension to the format's own when the file is set; reading `file` back tells the truth. */
  get file(): { fsName: string } | null {
    return this.path === null ? null : { fsName: this.path };
  }
  set file(file: { fsName: string } | null) {
    if (file === null) {
      this.path = null;
      return;
    }
    const forced = FORCED_EXTENSION[this.format];
    this.path = forced ? file.fsName.replace(/(\.[^./\\]*)?$/, forced) : file.fsName;
  }
  getSetting(key: string): string {
    return key === 'Format' ? this.format : '';
  }
  /** AG outputmodule.md: "the format setting in the output module is not settable". The harsher reading: it throws. */
  setSettings(settings: Record<string, unknown>): void {
    this.world.log.record('OutputModule.setSettings', { ...settings });
    if ('Format' in settings) {
      throw new Error(
        'After Effects error: the "Format" setting of an output module cannot be set by a script',
      );
    }
  }
}

/** Render-settings templates of a German After Effects; the user's default here is the draft one. */
export const GERMAN_RENDER_TEMPLATES = [
  'Optimale Einstellungen',
  'Aktuelle Einstellungen',
  'Entwurfseinstellungen',
];

export class FakeRenderQueueItem {
  render = true;
  timeSpanStartValue = 0;
  timeSpanDurationValue = 0;
  status: number = RQItemStatus.QUEUED;
  renderTemplate = 'Entwurfseinstellungen';
  readonly modules: FakeOutputModule[];
  constructor(
    readonly world: AeWorld,
    readonly comp: FakeCompItem,
    readonly label: string,
  ) {
    this.modules = [new FakeOutputModule(world)];
    this.timeSpanDurationValue = comp.duration;
  }
  outputModule(index: number): FakeOutputModule | undefined {
    return this.modules[index - 1];
  }
  get templates(): string[] {
    return this.world.host
      ? this.world.host.contextArray([...GERMAN_RENDER_TEMPLATES])
      : GERMAN_RENDER_TEMPLATES;
  }
  applyTemplate(name: string): void {
    this.world.log.record('RenderQueueItem.applyTemplate', name);
    if (!GERMAN_RENDER_TEMPLATES.includes(name)) {
      throw new Error(`no render settings template ${name}`);
    }
    this.renderTemplate = name;
  }
  /** The span must lie inside the comp: the harsher reading of AG's "range" notes is that AE refuses it. */
  get timeSpanStart(): number {
    return this.timeSpanStartValue;
  }
  set timeSpanStart(value: number) {
    if (value < 0 || value > this.comp.duration) {
      throw new Error(
        `After Effects error: timeSpanStart ${value} is out of range (0–${this.comp.duration})`,
      );
    }
    this.timeSpanStartValue = value;
  }
  get timeSpanDuration(): number {
    return this.timeSpanDurationValue;
  }
  set timeSpanDuration(value: number) {
    if (value <= 0 || this.timeSpanStartValue + value > this.comp.duration + 1e-9) {
      throw new Error(`After Effects error: timeSpanDuration ${value} is out of range`);
    }
    this.timeSpanDurationValue = value;
  }
  remove(): void {
    this.world.log.record('RenderQueueItem.remove', this.label);
    this.world.queue.splice(this.world.queue.indexOf(this), 1);
  }
}

export interface AeWorld {
  log: CallLog;
  fs: FakeFs;
  events: DispatchedEvent[];
  host: LoadedHost | null;
  globals: Globals;
  queue: FakeRenderQueueItem[];
  templates: Record<string, string>;
  /**
   * `write`: every queued item renders. `throw`: render() throws. `nothing`: returns, writes nothing, yet reports
   * DONE. `stopped`: the user presses Stop: AG renderqueue.md's render() returns without throwing, the item ends
   * USER_STOPPED and a partial (non-empty) file is left behind.
   */
  renderBehaviour: 'write' | 'throw' | 'nothing' | 'stopped';
  /** Several items selected in the Project panel: AG project.md, activeItem is then null. */
  severalProjectItemsSelected: boolean;
  /** Layer in/out writes are ignored (simulates a layer that cannot be retimed). */
  ignoreLayerTiming: boolean;
  /** Render items per rq.render(): what was rendered, with the state the user's items were in. */
  rendered: {
    label: string;
    timeSpanStart: number;
    timeSpanDuration: number;
    file: string | null;
    soloed: string[];
    renderTemplate: string;
  }[];
  project: Record<string, unknown> & { activeItem: unknown; file: unknown };
  projectOpen: boolean;
  root: FakeFolderItem;
  importBehaviour: 'import' | 'null' | 'throw';
}

/**
 * Comp "Interview" at 25 fps, 10 s, layers top to bottom:
 *   1 "Lower third" (text, 3–5 s)   2 "Interview.mp4" (footage, 2–6 s, starts at 1 s) — selected
 *   3 "Music.wav" (footage, 0–10 s)
 * and one user item already queued in the render queue.
 */
export function aeWorld() {
  const world = {
    log: new CallLog(),
    fs: new FakeFs(),
    events: [] as DispatchedEvent[],
    host: null,
    queue: [] as FakeRenderQueueItem[],
    templates: { ...GERMAN_TEMPLATES },
    renderBehaviour: 'write',
    severalProjectItemsSelected: false,
    ignoreLayerTiming: false,
    rendered: [],
    projectOpen: true,
    importBehaviour: 'import',
  } as unknown as AeWorld;
  const root = new FakeFolderItem(world, 'Root');
  world.root = root;
  const files = fileClasses(world.fs, '/Applications/Adobe After Effects 2025');
  const interviewFootage = root.add(
    new FakeFootageItem(world, 'Interview.mp4', new files.File('/Media/Interview.mp4'), 60),
  );
  const musicFootage = root.add(
    new FakeFootageItem(world, 'Music.wav', new files.File('/Media/Music.wav'), 60),
  );
  const comp = root.add(new FakeCompItem(world, 'Interview'));
  const title = comp.addLayer(new FakeAVLayer(comp, 'Lower third', null, 3, 5, false));
  const layer = comp.addLayer(new FakeAVLayer(comp, 'Interview.mp4', interviewFootage, 2, 6));
  layer.startTime = 1;
  layer.selected = true;
  const music = comp.addLayer(new FakeAVLayer(comp, 'Music.wav', musicFootage, 0, 10));
  const userItem = new FakeRenderQueueItem(world, comp, 'user item');
  world.queue.push(userItem);
  world.fs.add('/Media/Interview.mp4');

  const renderQueue = {
    get numItems() {
      return world.queue.length;
    },
    item: (index: number) => world.queue[index - 1],
    items: {
      add: (added: FakeCompItem) => {
        world.log.record('RQItemCollection.add', added.name);
        const item = new FakeRenderQueueItem(world, added, `ours ${world.queue.length}`);
        world.queue.push(item);
        return item;
      },
    },
    render: () => {
      world.log.record('RenderQueue.render');
      if (world.renderBehaviour === 'throw') {
        throw new Error('Render failed: disk full');
      }
      for (const item of world.queue) {
        if (!item.render) {
          continue;
        }
        const file = item.modules[0]!.file?.fsName ?? null;
        world.rendered.push({
          label: item.label,
          timeSpanStart: item.timeSpanStart,
          timeSpanDuration: item.timeSpanDuration,
          file,
          soloed: item.comp.layerList.filter((l) => l.solo).map((l) => l.name),
          renderTemplate: item.renderTemplate,
        });
        if (world.renderBehaviour === 'stopped') {
          if (file) world.fs.add(file, 'partial');
          item.status = RQItemStatus.USER_STOPPED;
          // The rest of the queue is not rendered after a stop.
          return;
        }
        if (file && world.renderBehaviour === 'write') {
          // The file says how long it is, as a real render's would: the item's time span.
          world.fs.add(file, mediaOf(item.timeSpanDuration));
        }
        item.status = RQItemStatus.DONE;
      }
    },
  };
  let active: unknown = comp;
  const project = {
    get activeItem(): unknown {
      return world.severalProjectItemsSelected ? null : active;
    },
    set activeItem(item: unknown) {
      active = item;
    },
    file: new files.File('/Projects/Promo%20cut.aep') as unknown,
    rootFolder: root,
    renderQueue,
    // Like AE: every item of the project, folders included, not only the top level (1-based).
    get numItems() {
      return allItems(root).length;
    },
    item: (index: number) => allItems(root)[index - 1],
    items: {
      addFolder: (name: string) => {
        world.log.record('ItemCollection.addFolder', name);
        return root.add(new FakeFolderItem(world, name));
      },
      /** AG itemcollection.md: addComp(name, width, height, pixelAspect, duration, frameRate). */
      addComp: (
        name: string,
        width: number,
        height: number,
        aspect: number,
        duration: number,
        fps: number,
      ) => {
        world.log.record('ItemCollection.addComp', name, width, height, aspect, duration, fps);
        const comp = root.add(new FakeCompItem(world, name));
        comp.duration = duration;
        comp.frameRate = fps;
        return comp;
      },
    },
    itemByID: (id: number) => findById(root, id),
    importFile: (options: { file: { fsName: string } }) => {
      world.log.record('Project.importFile', options.file.fsName);
      if (world.importBehaviour === 'throw') {
        throw new Error('File is damaged');
      }
      if (world.importBehaviour === 'null') {
        return null;
      }
      const name = options.file.fsName.substring(options.file.fsName.lastIndexOf('/') + 1);
      return root.add(
        new FakeFootageItem(
          world,
          name,
          options.file,
          secondsOfMedia(world.fs.read(options.file.fsName)) ?? 4.12,
        ),
      );
    },
  };
  world.project = project;
  const pp = plugPlug(world.log, world.events);
  const app = {
    version: '25.2.0',
    get project() {
      return world.projectOpen ? project : null;
    },
    beginUndoGroup: (name: string) => world.log.record('app.beginUndoGroup', name),
    endUndoGroup: () => world.log.record('app.endUndoGroup'),
  };
  class ImportOptions {
    constructor(readonly file: { fsName: string }) {}
  }
  world.globals = {
    app,
    $: { fileName: '/Ext/com.reanimate.panel/jsx/reanimate.jsx' },
    BridgeTalk: { appName: 'aftereffects' },
    File: files.File,
    Folder: files.Folder,
    ExternalObject: pp.ExternalObject,
    CSXSEvent: pp.CSXSEvent,
    CompItem: FakeCompItem,
    FootageItem: FakeFootageItem,
    FolderItem: FakeFolderItem,
    AVLayer: FakeAVLayer,
    ImportOptions,
    RQItemStatus,
  };
  return Object.assign(world, { comp, layer, title, music, userItem, app });
}

function allItems(folder: FakeFolderItem): FakeItem[] {
  return folder.children.flatMap((child) =>
    child instanceof FakeFolderItem ? [child, ...allItems(child)] : [child],
  );
}

function findById(folder: FakeFolderItem, id: number): FakeItem | null {
  for (const child of folder.children) {
    if (child.id === id) {
      return child;
    }
    if (child instanceof FakeFolderItem) {
      const found = findById(child, id);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

export function loadAe(world: AeWorld): LoadedHost {
  world.host = loadHost(world.globals);
  return world.host;
}
