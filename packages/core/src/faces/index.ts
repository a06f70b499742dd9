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
