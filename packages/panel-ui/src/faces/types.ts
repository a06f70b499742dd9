import type { FaceBox, FaceFinding } from '@reanimate/core';

export interface DetectorOptions {
  /** Detections below this score are dropped (default 0.5, as in the CLI). */
  minScore?: number;
  /** The tiny detector's input size, a multiple of 32 (default 416, as in the CLI). */
  inputSize?: number;
}

/** Finds faces in a frame drawn on a canvas. */
export interface CanvasFaceDetector {
  /** TensorFlow.js backend it runs on (`wasm`, or `cpu` where WebAssembly cannot start). */
  readonly backend: string;
  detect(canvas: HTMLCanvasElement): Promise<FaceBox[]>;
}

/** What the detector script puts on `globalThis.ReanimateFaceDetector`. */
export interface FaceDetectorModule {
  createFaceDetector(options?: DetectorOptions): Promise<CanvasFaceDetector>;
}

/** Where the check of the selected clip stands, as the clip card shows it. */
export type FaceCheckState =
  | { status: 'checking'; done: number; total: number }
  | { status: 'done'; findings: FaceFinding[]; samples: number; elapsedMs: number }
  /** The check could not run (the media cannot be read, the detector did not load); generating is still possible. */
  | { status: 'failed'; message: string };
