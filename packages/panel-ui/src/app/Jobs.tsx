import { formatUsd, type JobRecord } from '@reanimate/core';
import { panelMeta } from '../pipeline/types.ts';

export interface JobsProps {
  jobs: JobRecord[];
  onRetry: (job: JobRecord) => void;
}

const LABELS: Record<JobRecord['status'], string> = {
  submitting: 'Submitting',
  ambiguous: 'Unknown: check the RunComfy dashboard',
  not_submitted: 'Not sent',
  in_queue: 'Queued',
  in_progress: 'Processing',
  completed: 'Done, not downloaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  downloaded: 'Done',
  lost: 'Lost by the service',
  expired: 'Output expired: running it again is a new, paid job',
};

/** What the service charged, else the estimate shown before paying. */
function cost(job: JobRecord): string | undefined {
  if (job.cost?.chargedUsd !== undefined) return formatUsd(job.cost.chargedUsd);
  if (job.cost?.estimatedUsd !== undefined) return `~${formatUsd(job.cost.estimatedUsd)}`;
  return undefined;
}

const RETRYABLE = new Set<JobRecord['status']>(['failed', 'not_submitted', 'lost', 'expired']);

/** Every job of this project, from the journal; failures show the service's reason and offer a retry. */
export function Jobs({ jobs, onRetry }: JobsProps) {
  if (jobs.length === 0) return <p className="muted">No jobs in this project yet.</p>;
  return (
    <ul className="jobs" aria-label="Jobs">
      {jobs.map((job) => {
        const meta = panelMeta(job);
        const charged = cost(job);
        return (
          <li key={job.jobId} className={`job ${job.status}`}>
            <div>
              <strong>{meta?.clipName ?? job.jobId}</strong>
              {meta && meta.segments > 1 ? ` · part ${meta.segment + 1}/${meta.segments}` : ''}
              <span className="badge">{LABELS[job.status]}</span>
            </div>
            <small className="muted">
              {new Date(job.createdAt).toLocaleString()} · {job.input.emotion}
              {charged ? ` · ${charged}` : ''}
            </small>
            {job.error ? <p className="error">{job.error.message}</p> : null}
            {RETRYABLE.has(job.status) ? (
              <button type="button" className="secondary" onClick={() => onRetry(job)}>
                Retry
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
