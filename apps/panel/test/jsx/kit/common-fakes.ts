/**
 * Fakes shared by both hosts: ExtendScript's File/Folder over an in-memory file system, PlugPlug's
 * ExternalObject/CSXSEvent, XMPMeta, `$` and BridgeTalk. Names and signatures follow types-for-adobe/shared.
 */

export interface Call {
  name: string;
  args: unknown[];
}

/** Every call the host code makes on a fake, in order. */
export class CallLog {
  readonly calls: Call[] = [];
  record(name: string, ...args: unknown[]): void {
    this.calls.push({ name, args });
  }
  named(name: string): Call[] {
    return this.calls.filter((call) => call.name === name);
  }
  count(name: string): number {
    return this.named(name).length;
  }
}

/**
 * What a fake media file holds: its length, as a real file's would say it. Exports and renders write it, imports
 * read it, and a probe in a test reads it as the file's duration.
 */
export const mediaOf = (seconds: number) => `media of ${seconds.toFixed(6)} s`;
export function secondsOfMedia(content: string): number | undefined {
  const match = /^media of ([\d.]+) s$/.exec(content);
  return match ? Number(match[1]) : undefined;
}

const norm = (path: string) => path.replace(/\\/g, '/').replace(/\/+$/, '');

export class FakeFs {
  readonly files = new Set<string>();
  readonly contents = new Map<string, string>();
  readonly modified = new Map<string, number>();
  /** The time of the last write, ms: real time, and each write a millisecond after the one before. */
  now = 0;
  add(path: string, content = 'data'): void {
    this.now = Math.max(Date.now(), this.now + 1);
    this.files.add(norm(path));
    this.contents.set(norm(path), content);
    this.modified.set(norm(path), this.now);
  }
  remove(path: string): boolean {
    this.contents.delete(norm(path));
    this.modified.delete(norm(path));
    return this.files.delete(norm(path));
  }
  has(path: string): boolean {
    return this.files.has(norm(path));
  }
  read(path: string): string {
    return this.contents.get(norm(path)) ?? '';
  }
  isFolder(path: string): boolean {
    const prefix = `${norm(path)}/`;
    for (const file of this.files) {
      if (file.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
  children(path: string): { files: string[]; folders: string[] } {
    const prefix = `${norm(path)}/`;
    const files = new Set<string>();
    const folders = new Set<string>();
    for (const file of this.files) {
      if (file.startsWith(prefix)) {
        const rest = file.substring(prefix.length);
        const cut = rest.indexOf('/');
        if (cut < 0) {
          files.add(prefix + rest);
        } else {
          folders.add(prefix + rest.substring(0, cut));
        }
      }
    }
    return { files: [...files].sort(), folders: [...folders].sort() };
  }
}

export interface FileClasses {
  File: new (
    path?: string,
  ) => {
    exists: boolean;
    fsName: string;
    name: string;
    length: number;
    modified: Date | null;
    remove(): boolean;
    open(mode: string): boolean;
    read(chars?: number): string;
  };
  Folder: (new (path?: string) => unknown) & { appPackage: unknown };
}

/** File and Folder constructors bound to one fake file system. */
export function fileClasses(fs: FakeFs, appPackage: string): FileClasses {
  class FakeFile {
    readonly fsName: string;
    readonly name: string;
    constructor(path = '') {
      this.fsName = path;
      this.name = norm(path).substring(norm(path).lastIndexOf('/') + 1);
    }
    get exists(): boolean {
      return fs.has(this.fsName);
    }
    /** ExtendScript File.length: the size in bytes (here: characters), 0 when the file does not exist. */
    get length(): number {
      return fs.has(this.fsName) ? fs.read(this.fsName).length : 0;
    }
    /** ExtendScript File.modified: a Date, null when the file does not exist. */
    get modified(): Date | null {
      const at = fs.modified.get(norm(this.fsName));
      return at === undefined ? null : new Date(at);
    }
    remove(): boolean {
      return fs.remove(this.fsName);
    }
    open(_mode: string): boolean {
      return fs.has(this.fsName);
    }
    read(chars?: number): string {
      const content = fs.read(this.fsName);
      return chars === undefined ? content : content.substring(0, chars);
    }
    close(): boolean {
      return true;
    }
  }
  class FakeFolder {
    static appPackage: FakeFolder;
    readonly fsName: string;
    readonly name: string;
    constructor(path = '') {
      this.fsName = path;
      this.name = norm(path).substring(norm(path).lastIndexOf('/') + 1);
    }
    get exists(): boolean {
      return fs.isFolder(this.fsName);
    }
    getFiles(): unknown[] {
      const { files, folders } = fs.children(this.fsName);
      return [...folders.map((f) => new FakeFolder(f)), ...files.map((f) => new FakeFile(f))];
    }
  }
  FakeFolder.appPackage = new FakeFolder(appPackage);
  return { File: FakeFile, Folder: FakeFolder };
}

export interface DispatchedEvent {
  type: string;
  data: unknown;
}

/** PlugPlug: ExternalObject (records the libraries loaded) and CSXSEvent (records what was dispatched). */
export function plugPlug(log: CallLog, events: DispatchedEvent[]) {
  function ExternalObject(this: unknown, lib: string) {
    log.record('ExternalObject', lib);
  }
  class CSXSEvent {
    type = '';
    data = '';
    scope = 'APPLICATION';
    dispatch(): void {
      events.push({ type: this.type, data: JSON.parse(this.data) });
    }
  }
  return { ExternalObject, CSXSEvent };
}

/** XMPMeta over a JSON "packet": enough to see which properties the host set. */
export class FakeXMPMeta {
  readonly props: Record<string, string>;
  constructor(packet?: string) {
    this.props = packet ? (JSON.parse(packet) as Record<string, string>) : {};
  }
  setProperty(namespace: string, property: string, value: string): boolean {
    this.props[`${namespace}${property}`] = value;
    return true;
  }
  serialize(): string {
    return JSON.stringify(this.props);
  }
}
