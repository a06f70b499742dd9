export { describeInput, type MediaInput, mediaInput, needsUpload } from './inputs.js';
export { deterministicJobId } from './job-id.js';
export { type PipelineMeta, pipelineMeta, pipelineMetaSchema, type SourceRef } from './meta.js';
export { createPipeline, estimateChecked, type Pipeline, type PipelineDeps } from './pipeline.js';
export type {
  Drift,
  JobSpec,
  PipelineOutcome,
  PipelineOutcomeStatus,
  PipelineProgress,
  PipelineStage,
  RunOptions,
} from './types.js';
