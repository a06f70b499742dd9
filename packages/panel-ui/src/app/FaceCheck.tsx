import type { FaceFinding, FaceFindingCode } from '@reanimate/core';
import type { FaceCheckState } from '../faces/types.ts';

const LABELS: Record<FaceFindingCode, string> = {
  no_face: 'No face',
  several_faces: 'Several faces',
  small_face: 'Small face',
  variable_frame_rate: 'Variable frame rate',
  above_4k: 'Above 4K',
};

const percent = (value: number) => `${(Math.min(1, Math.max(0, value)) * 100).toFixed(2)}%`;

/**
 * The face check's verdict on the clip card: marks over the clip's time span where something is wrong, and what
 * to do about each. Warnings only: generating stays possible.
 */
export function FaceCheck({
  state,
  durationSec,
}: {
  state: FaceCheckState | undefined;
  durationSec: number;
}) {
  if (!state) return null;
  if (state.status === 'checking') {
    return (
      <p className="face-check muted" role="status">
        Checking faces{state.total > 0 ? ` (${state.done}/${state.total} frames)` : ''}…
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p className="face-check muted" role="note">
        Face check unavailable: {state.message}
      </p>
    );
  }
  if (state.findings.length === 0) {
    return (
      <p className="face-check ok" role="status">
        Face check: one face throughout.
      </p>
    );
  }
  return (
    <section className="face-check" aria-label="Face check">
      <FaceMarks findings={state.findings} durationSec={durationSec} />
      <ul className="findings">
        {state.findings.map((finding) => (
          <li key={`${finding.code}-${finding.startSec}`} className={`finding ${finding.code}`}>
            {finding.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The clip as a bar, each finding a mark over its span (left and width as shares of the clip). */
export function FaceMarks({ findings, durationSec }: { findings: FaceFinding[]; durationSec: number }) {
  const length = durationSec > 0 ? durationSec : 1;
  return (
    <ul className="face-strip" aria-label="Where the findings fall on the clip">
      {findings.map((finding) => (
        <li
          key={`${finding.code}-${finding.startSec}`}
          className={`mark ${finding.code}`}
          data-code={finding.code}
          style={{
            left: percent(finding.startSec / length),
            width: percent((finding.endSec - finding.startSec) / length),
          }}
          title={`${LABELS[finding.code]}: ${finding.startSec.toFixed(2)}–${finding.endSec.toFixed(2)} s`}
          aria-label={`${LABELS[finding.code]} from ${finding.startSec.toFixed(2)} s to ${finding.endSec.toFixed(2)} s`}
        />
      ))}
    </ul>
  );
}
