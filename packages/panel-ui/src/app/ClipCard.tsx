import { MAX_INPUT_SECONDS, needsSplit } from '@reanimate/core';
import type { FaceCheckState } from '../faces/types.ts';
import type { ClipSelection, SelectionState } from '../host-bridge.ts';
import { FaceCheck } from './FaceCheck.tsx';

export interface ClipCardProps {
  selection: SelectionState | undefined;
  /** URL for the thumbnail of a clip's source media, when one can be shown. */
  thumbnailFor: (clip: ClipSelection) => string | undefined;
  onBatch?: (clips: ClipSelection[]) => void;
  /** The face check of the single selected clip, when it runs. */
  faceCheck?: FaceCheckState | undefined;
}

const formatDuration = (sec: number) => `${sec.toFixed(1)} s`;

/** The selected clip, or a clear message for every state in which there is nothing to generate from. */
export function ClipCard({ selection, thumbnailFor, onBatch, faceCheck }: ClipCardProps) {
  if (!selection)
    return (
      <section className="card muted" aria-busy="true">
        Reading the timeline…
      </section>
    );
  switch (selection.state) {
    case 'no-project':
      return <Notice title="No project open">Open or create a project to start.</Notice>;
    case 'no-sequence':
      return (
        <Notice title="No sequence open">
          Open a sequence (or composition) with the clip to re-animate.
        </Notice>
      );
    case 'none':
      return <Notice title="No clip selected">Select a clip with a face on the timeline.</Notice>;
    case 'unsupported':
      return <Notice title="This item cannot be re-animated">{selection.reason}</Notice>;
    case 'multiple':
      return (
        <section className="card" aria-label="Selected clips">
          <h2>{selection.clips.length} clips selected</h2>
          <ul className="clip-list">
            {selection.clips.map((clip) => (
              <li key={clip.clipId}>
                {clip.clipName} <span className="muted">{formatDuration(clip.durationSec)}</span>
              </li>
            ))}
          </ul>
          <p className="muted">
            One clip at a time for now: generate them one after another, or use a batch.
          </p>
          {onBatch ? (
            <button type="button" onClick={() => onBatch(selection.clips)}>
              Generate a batch of {selection.clips.length}
            </button>
          ) : null}
        </section>
      );
    case 'single': {
      const { clip } = selection;
      const thumb = thumbnailFor(clip);
      const long = needsSplit(clip.durationSec);
      return (
        <section className="card clip-card" aria-label="Selected clip">
          {thumb ? (
            <video
              className="thumb"
              src={`${thumb}#t=0.5`}
              muted
              preload="auto"
              tabIndex={-1}
              title="Thumbnail"
            />
          ) : (
            <div className="thumb" aria-hidden="true" />
          )}
          <div>
            <h2 className="clip-name">{clip.clipName}</h2>
            <p className="muted">
              {formatDuration(clip.durationSec)} · {clip.containerName} · V{clip.trackIndex + 1}
            </p>
            {long ? (
              <p className="warning" role="note">
                Longer than {MAX_INPUT_SECONDS} s: react-1 takes at most {MAX_INPUT_SECONDS} s, so it will be
                split into segments.
              </p>
            ) : null}
            <FaceCheck state={faceCheck} durationSec={clip.durationSec} />
          </div>
        </section>
      );
    }
  }
}

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card notice" role="status">
      <h2>{title}</h2>
      <p className="muted">{children}</p>
    </section>
  );
}
