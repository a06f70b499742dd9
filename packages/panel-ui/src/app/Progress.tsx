import type { GenerationPhase, GenerationProgress } from '../pipeline/types.ts';

const STEPS: { phase: GenerationPhase; label: string }[] = [
  { phase: 'export', label: 'Export from the timeline' },
  { phase: 'preflight', label: 'Check the media' },
  { phase: 'upload', label: 'Upload' },
  { phase: 'queued', label: 'Waiting in the queue' },
  { phase: 'processing', label: 'Re-animating' },
  { phase: 'download', label: 'Download' },
];

export interface ProgressProps {
  progress: GenerationProgress;
  /** Cancel is offered until the service starts processing (it refuses afterwards). */
  onCancel?: () => void;
  cancelling?: boolean;
}

/** One view for the whole run: which step, which segment, the queue position, and Cancel while allowed. */
export function Progress({ progress, onCancel, cancelling }: ProgressProps) {
  const current = STEPS.findIndex((s) => s.phase === progress.phase);
  const cancellable =
    progress.phase !== 'processing' && progress.phase !== 'download' && progress.phase !== 'done';
  return (
    <section className="card" aria-label="Progress" aria-live="polite">
      <h2>
        Generating
        {progress.segment.count > 1
          ? ` segment ${progress.segment.index + 1} of ${progress.segment.count}`
          : ''}
      </h2>
      <ol className="steps">
        {STEPS.map((step, i) => (
          <li
            key={step.phase}
            className={i < current ? 'done' : i === current ? 'current' : 'todo'}
            aria-current={i === current ? 'step' : undefined}
          >
            {step.label}
            {i === current && step.phase === 'queued' && progress.queuePosition !== undefined
              ? ` (position ${progress.queuePosition + 1})`
              : ''}
            {i === current && step.phase === 'export' && typeof progress.fraction === 'number'
              ? ` (${Math.round(progress.fraction * 100)} %)`
              : ''}
          </li>
        ))}
      </ol>
      {onCancel ? (
        <button type="button" className="secondary" onClick={onCancel} disabled={!cancellable || cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : null}
    </section>
  );
}
