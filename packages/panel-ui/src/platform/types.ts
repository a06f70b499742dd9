import type { Platform as CorePlatform, KeyValueStore } from '@reanimate/core';

export type { KeyValueStore } from '@reanimate/core';

/**
 * What differs between the CEP panel and a plain browser. Everything the job needs (transport, files, downloads,
 * journal) is core's platform; the rest is the panel's own: its settings, the token, dialogs.
 */
export interface Platform {
  /** CEP's panel, the browser harness, or the UXP plugin (apps/uxp). */
  readonly kind: 'cep' | 'browser' | 'uxp';
  /** What core's pipeline runs on: Node's modules through `cep_node.require`, or the browser's fetch. */
  core: CorePlatform;
  /** Settings and last choices. */
  store: KeyValueStore;
  /** Holds the RunComfy token alone: a file with owner-only permissions in CEP. */
  secrets: KeyValueStore;
  /**
   * Browser only (no file system): an export the simulated host made, as a Blob to upload. CEP gives core the
   * file's path instead, and core streams it from disk.
   */
  readFile(path: string): Promise<Blob>;
  /** A small file (an export's sound) whole, and writing one: how an After Effects AIFF becomes a WAV. */
  readBytes(path: string): Promise<Uint8Array>;
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** Creates a folder (and its parents); the hosts refuse to export into a missing one. */
  makeFolder(path: string): Promise<void>;
  /** Asks for a local dub file. */
  pickAudioFile(): Promise<{ path: string; name: string } | undefined>;
  /** Shows a file in Finder / Explorer; in the browser, opens it. */
  reveal(path: string): Promise<void>;
  /** A temporary folder for exports. */
  tempDir(): string;
  /** Where a file shipped with the extension is (`self-test/sample.mp4`): a path in CEP, a URL in the browser. */
  bundled(relative: string): string;
}
