export { DETECTOR_SETTINGS, type Detection, faceBoxOf } from './detection.js';
export {
  type FaceBox,
  type FaceFinding,
  type FaceFindingCode,
  type FindingOptions,
  type FrameSample,
  faceFindings,
  outputDrift,
  sampleTimes,
  type VideoFacts,
} from './findings.js';
