import { ReanimateError } from '@reanimate/core';
import type { CanvasFaceDetector, FaceDetectorModule } from '@reanimate/panel-ui';

/** Where the build puts the detector script, relative to the panel's index.html (vite.face-detector.config.ts). */
export const DETECTOR_SCRIPT = 'assets/face-detector.js';
const GLOBAL_NAME = 'ReanimateFaceDetector';

let loading: Promise<FaceDetectorModule> | undefined;

function fromGlobal(): FaceDetectorModule | undefined {
  return (globalThis as { [GLOBAL_NAME]?: FaceDetectorModule })[GLOBAL_NAME];
}

/** Adds the classic script once and waits for it; CEP refuses module chunks from file://, a script tag it runs. */
function loadScript(doc: Document): Promise<FaceDetectorModule> {
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = new URL(DETECTOR_SCRIPT, doc.baseURI).href;
    script.async = true;
    script.onload = () => {
      const found = fromGlobal();
      if (found) resolve(found);
      else reject(new Error(`${DETECTOR_SCRIPT} ran but did not define ${GLOBAL_NAME}.`));
    };
    script.onerror = () => reject(new Error(`${DETECTOR_SCRIPT} could not be loaded.`));
    doc.head.append(script);
  });
}

/**
 * The face detector, loaded on first use (its script is ~2 MB, so the panel opens without it). In `vite` dev the
 * script's source is imported as a module instead.
 */
export async function loadFaceDetector(doc: Document = document): Promise<CanvasFaceDetector> {
  loading ??= (async () => {
    const present = fromGlobal();
    if (present) return present;
    if (import.meta.env.DEV) {
      // A path the production build never resolves: the detector must not end up inside panel.js.
      const source = '/src/panel/faces/detector-script.ts';
      return (await import(/* @vite-ignore */ source)) as FaceDetectorModule;
    }
    return loadScript(doc);
  })();
  try {
    return await (await loading).createFaceDetector();
  } catch (error) {
    loading = undefined;
    throw new ReanimateError('face_check', 'The face detector could not start in this panel.', {
      hint: 'Reinstall the extension; until then, turn the face check off in Settings to generate without it.',
      cause: error,
    });
  }
}
