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

/**
 * The ends of a run for which nothing was paid: refused before sending, never sent, cancelled (before sending, or
 * while queued — not charged). A new submission of the same work is a new attempt. Every other run — live, done,
 * or ended without a result after the service ran it (failed, lost, expired: it may have been charged) — is what
 * a new submission joins: paying again for it is an explicit `rerun` (or `retryFailed` for those last three).
 */
export const UNPAID_ENDS: readonly RunState[] = ['refused', 'not_submitted', 'cancelled'];

/** Ended without a result after the service had the job: what `retryFailed` submits again. */
export const RETRYABLE_ENDS: readonly RunState[] = ['failed', 'lost', 'expired'];

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
