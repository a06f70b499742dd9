/**
 * The face detector, built as a classic script of its own (assets/face-detector.js, global `ReanimateFaceDetector`)
 * that the panel loads only when it checks a clip: face-api with TensorFlow.js weighs ~1.3 MB minified, five times
 * the whole panel, and CEP loads panels from file://, where module chunks are refused.
 *
 * Same detector, model, backend and thresholds as the CLI's (@reanimate/face-check): the tiny face detector on
 * TensorFlow.js's WebAssembly backend, so the accuracy measured there carries over. The model and the wasm binaries
 * are inlined as data: URLs: nothing is fetched from disk or the network at run time (CEP's Chromium refuses
 * fetch() of file:// URLs).
 */

import { DETECTOR_SETTINGS, faceBoxOf } from '@reanimate/core';
import type { CanvasFaceDetector, DetectorOptions } from '@reanimate/panel-ui';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?data-url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?data-url';
import * as bundled from '@vladmandic/face-api/dist/face-api.esm.js';
import modelUrl from '@vladmandic/face-api/model/tiny_face_detector_model.bin?data-url';
import manifest from '@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json';

/** The slice of face-api used here; its own typings pull in the whole of tfjs. */
interface FaceApi {
  tf: {
    env(): { set(flag: string, value: boolean): void };
    setWasmPaths(files: Record<string, string>): void;
    setBackend(name: string): Promise<boolean>;
    getBackend(): string;
    ready(): Promise<void>;
    io: { decodeWeights(data: ArrayBuffer, specs: unknown[]): unknown };
  };
  nets: { tinyFaceDetector: { isLoaded: boolean; loadFromWeightMap(weights: unknown): void } };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(
    input: HTMLCanvasElement,
    options: unknown,
  ): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
}

const faceapi = bundled as unknown as FaceApi;
let ready: Promise<string> | undefined;

async function bytesOf(dataUrl: string): Promise<ArrayBuffer> {
  return (await fetch(dataUrl)).arrayBuffer();
}

/** Loads the backend and the model once per panel; the backend's name, for the record. */
function prepare(): Promise<string> {
  ready ??= (async () => {
    // Threads need a cross-origin-isolated page, which a CEP panel is not; SIMD is detected (Chromium 91+).
    faceapi.tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    faceapi.tf.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
    });
    // The CPU backend is the same model in plain JavaScript: slower, but it runs where WebAssembly cannot start.
    if (!(await faceapi.tf.setBackend('wasm').catch(() => false))) await faceapi.tf.setBackend('cpu');
    await faceapi.tf.ready();
    const [group] = manifest as { weights: unknown[] }[];
    faceapi.nets.tinyFaceDetector.loadFromWeightMap(
      faceapi.tf.io.decodeWeights(await bytesOf(modelUrl), group?.weights ?? []),
    );
    return faceapi.tf.getBackend();
  })();
  ready.catch(() => {
    ready = undefined;
  });
  return ready;
}

export async function createFaceDetector(options: DetectorOptions = {}): Promise<CanvasFaceDetector> {
  const backend = await prepare();
  const settings = new faceapi.TinyFaceDetectorOptions({
    inputSize: options.inputSize ?? DETECTOR_SETTINGS.inputSize,
    scoreThreshold: options.minScore ?? DETECTOR_SETTINGS.minScore,
  });
  return {
    backend,
    async detect(canvas) {
      return (await faceapi.detectAllFaces(canvas, settings)).map(faceBoxOf);
    },
  };
}
