export {
  DEFAULT_MAX_SEGMENT_SEC,
  needsSplit,
  type PlanOptions,
  planSegments,
  SEGMENT_SAFETY_SEC,
  type Segment,
  type SplitPlan,
} from './plan.js';
