export { type CheckOptions, checkVideoFaces, type FaceCheck } from './check.js';
export { createNodeFaceDetector, type FaceDetector, type NodeDetectorOptions } from './detector.js';
