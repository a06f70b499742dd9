import type { MediaProbe, UploadSource } from '@reanimate/core';
import type { PanelFetch } from './node-fetch.ts';

/** A small key → JSON store in the user's data folder (CEP) or IndexedDB (browser harness). Never localStorage. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix: string): Promise<string[]>;
}

/** What differs between the CEP panel and a plain browser. */
export interface Platform {
  readonly kind: 'cep' | 'browser';
  /** Settings, last choices and the job journal. */
  store: KeyValueStore;
  /** Holds the RunComfy token alone: a file with owner-only permissions in CEP. */
  secrets: KeyValueStore;
  /** The fetch core's client and S3 host use (Node https in CEP: no CORS from file://). */
  fetch: PanelFetch;
  /**
   * CEP only: local files are probed by range reads and uploaded as a stream from disk, never read whole.
   * Absent in the browser, where exports are URLs read into Blobs.
   */
  files?: {
    probe(path: string): Promise<MediaProbe>;
    uploadSource(path: string): Promise<UploadSource>;
  };
  /** Reads a file the host exported (a path in CEP, a URL in the simulated host) for pre-flight and upload. */
  readFile(path: string): Promise<Blob>;
  /** Saves a result next to where the user wants it; returns the path (CEP) or the URL (browser) to import. */
  saveResult(url: string, destination: string, signal?: AbortSignal): Promise<string>;
  /** Asks for a local dub file. */
  pickAudioFile(): Promise<{ path: string; name: string } | undefined>;
  /** Shows a file in Finder / Explorer; in the browser, opens it. */
  reveal(path: string): Promise<void>;
  /** A temporary folder for exports. */
  tempDir(): string;
}
