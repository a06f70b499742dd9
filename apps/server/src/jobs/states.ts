import { type PipelineOutcome, type PipelineStage, TEAM_FINAL_STATES } from '@reanimate/core';

/**
 * A run's state as the team sees it. `pending` waits for a worker (or an account slot); the live stages follow
 * core's pipeline (`queued`: in RunComfy's queue); the rest are ends. `ambiguous`: the submit's answer was lost, the service may have the job; it is
 * never sent again by itself (an admin checks the RunComfy dashboard, then re-runs explicitly if it is not there).
 */
export type RunState =
  | 'pending'
  | Exclude<PipelineStage, 'done' | 'waiting'>
  | 'done'
  | 'failed'
  | 'refused'
  | 'not_submitted'
  | 'cancelled'
  | 'ambiguous'
  | 'lost'
  | 'expired'
  | 'unreachable';

/** The ends of a run: the API's contract, which core's team client shares. */
export const FINAL_STATES: readonly RunState[] = TEAM_FINAL_STATES;

/** Runs whose inputs and options a new submission may share instead of paying again. */
export const REUSABLE_STATES: readonly RunState[] = [
  'pending',
  'checking',
  'uploading',
  'submitting',
  'queued',
  'processing',
  'downloading',
  'done',
  'ambiguous',
  'unreachable',
];

/** The state an outcome leaves a run in; undefined when the run is not over (another worker has it, or stopped). */
export function stateOfOutcome(outcome: PipelineOutcome): RunState | undefined {
  switch (outcome.status) {
    case 'elsewhere':
    case 'interrupted':
      return undefined;
    default:
      return outcome.status;
  }
}
