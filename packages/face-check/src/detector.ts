import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DETECTOR_SETTINGS, type FaceBox, faceBoxOf } from '@reanimate/core';

/** Finds faces in one RGB frame (width × height × 3 bytes). */
export interface FaceDetector {
  detect(frame: Uint8Array, width: number, height: number): Promise<FaceBox[]>;
}

export interface NodeDetectorOptions {
  /** Detections below this score are dropped (default 0.5). */
  minScore?: number;
  /** The tiny detector's input size: a multiple of 32; larger finds smaller faces, slower (default 416). */
  inputSize?: number;
}

/** The slice of @vladmandic/face-api used here (its own typings pull in the whole of tfjs). */
interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  };
  nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> } };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(
    input: unknown,
    options: unknown,
  ): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
}

let loading: Promise<FaceApi> | undefined;

/**
 * face-api's tiny face detector on TensorFlow.js's WebAssembly backend: the model (190 KB) and the wasm binary ship
 * inside the npm packages, so nothing is downloaded at run time, and no native build is needed (tfjs-node would
 * download one). Loaded once per process.
 */
async function faceApi(): Promise<FaceApi> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    await api.tf.setBackend('wasm');
    await api.tf.ready();
    const models = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await api.nets.tinyFaceDetector.loadFromDisk(models);
    return api;
  })();
  return loading;
}

export async function createNodeFaceDetector(options: NodeDetectorOptions = {}): Promise<FaceDetector> {
  const api = await faceApi();
  const settings = new api.TinyFaceDetectorOptions({
    inputSize: options.inputSize ?? DETECTOR_SETTINGS.inputSize,
    scoreThreshold: options.minScore ?? DETECTOR_SETTINGS.minScore,
  });
  return {
    async detect(frame, width, height) {
      const tensor = api.tf.tensor3d(frame, [height, width, 3], 'int32');
      try {
        return (await api.detectAllFaces(tensor, settings)).map(faceBoxOf);
      } finally {
        tensor.dispose();
      }
    },
  };
}
