import type { JobRecord } from '@reanimate/core';
import type { JobMeta } from '../pipeline/types.ts';

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
};

/** Every job of this project, from the journal; failures show the service's reason and offer a retry. */
export function Jobs({ jobs, onRetry }: JobsProps) {
  if (jobs.length === 0) return <p className="muted">No jobs in this project yet.</p>;
  return (
    <ul className="jobs" aria-label="Jobs">
      {jobs.map((job) => {
        const meta = job.meta as Partial<JobMeta>;
        return (
          <li key={job.jobId} className={`job ${job.status}`}>
            <div>
              <strong>{meta.clipName ?? job.jobId}</strong>
              {meta.segments && meta.segments > 1
                ? ` · part ${(meta.segment ?? 0) + 1}/${meta.segments}`
                : ''}
              <span className="badge">{LABELS[job.status]}</span>
            </div>
            <small className="muted">
              {new Date(job.createdAt).toLocaleString()} · {job.input.emotion}
            </small>
            {job.error ? <p className="error">{job.error.message}</p> : null}
            {job.status === 'failed' || job.status === 'not_submitted' ? (
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
