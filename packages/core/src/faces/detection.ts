import type { FaceBox } from './findings.js';

/**
 * The detector settings every face check uses (the CLI's in Node, the panel's in Chromium), in one place so their
 * verdicts agree: face-api's tiny face detector at input size 416, detections from score 0.5.
 */
export const DETECTOR_SETTINGS = { inputSize: 416, minScore: 0.5 } as const;

/** One detection as face-api reports it (score and box, pixels of the analysed frame). */
export interface Detection {
  score: number;
  box: { x: number; y: number; width: number; height: number };
}

export function faceBoxOf(detection: Detection): FaceBox {
  const { box } = detection;
  return { x: box.x, y: box.y, width: box.width, height: box.height, score: detection.score };
}
