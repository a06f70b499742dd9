import { useState } from 'react';
import type { SegmentResult } from '../pipeline/types.ts';

export interface ResultProps {
  results: SegmentResult[];
  defaultBin: string;
  onImport: (result: SegmentResult, binName: string) => Promise<string>;
  onPlace: (
    result: SegmentResult,
    mode: 'above' | 'replace',
    options: { videoOnly: boolean },
  ) => Promise<string>;
  onReveal: (result: SegmentResult) => void;
  onDone: () => void;
  /** Turns a saved path into something a <video> can play; undefined where the host has no video (UXP). */
  playable: ((path: string) => string) | undefined;
}

/** A/B preview of each result, then import, place and reveal. */
export function Result({ results, defaultBin, onImport, onPlace, onReveal, onDone, playable }: ResultProps) {
  const [bin, setBin] = useState(defaultBin);
  const oneClip = results.every((r) => r.clipId === results[0]?.clipId);
  const heading =
    results.length === 1 ? 'Result ready' : `${results.length} ${oneClip ? 'segments' : 'results'} ready`;
  return (
    <section className="card" aria-label="Result">
      <h2>{heading}</h2>
      <label className="field">
        <span>Bin</span>
        <input value={bin} onChange={(e) => setBin(e.currentTarget.value)} />
      </label>
      {results.map((result, i) => (
        <ResultItem
          key={result.jobId}
          title={results.length === 1 ? undefined : oneClip ? `Segment ${i + 1}` : result.clipName}
          result={result}
          bin={bin || defaultBin}
          onImport={onImport}
          onPlace={onPlace}
          onReveal={onReveal}
          playable={playable}
        />
      ))}
      <button type="button" className="secondary" onClick={onDone}>
        Done
      </button>
    </section>
  );
}

function ResultItem(props: {
  title: string | undefined;
  result: SegmentResult;
  bin: string;
  onImport: ResultProps['onImport'];
  onPlace: ResultProps['onPlace'];
  onReveal: ResultProps['onReveal'];
  playable: ResultProps['playable'];
}) {
  const [status, setStatus] = useState<string>('');
  const [imported, setImported] = useState(false);
  const [busy, setBusy] = useState(false);
  const [videoOnly, setVideoOnly] = useState(false);
  const { playable } = props;
  const act = async (fn: () => Promise<string>, after?: () => void) => {
    setBusy(true);
    try {
      setStatus(await fn());
      after?.();
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="result-item">
      {props.title ? <h3>{props.title}</h3> : null}
      {playable ? (
        <div className="ab">
          <figure>
            <video src={playable(props.result.sourceUrl)} muted controls preload="metadata" />
            <figcaption>A · original</figcaption>
          </figure>
          <figure>
            <video src={playable(props.result.localPath)} controls preload="metadata">
              {/* react-1 output carries the dub's speech; no transcript exists to caption it. */}
              <track kind="captions" />
            </video>
            <figcaption>B · re-animated</figcaption>
          </figure>
        </div>
      ) : (
        <p className="muted" role="note">
          This panel cannot play video: import the result and compare it with the original in the Source
          Monitor.
        </p>
      )}
      {props.result.drift ? (
        <p className="warning" role="alert">
          {props.result.drift}
        </p>
      ) : null}
      {props.result.hostNotes?.map((note) => (
        <p key={note} className="warning" role="note">
          {note}
        </p>
      ))}
      <label className="checkbox">
        <input type="checkbox" checked={videoOnly} onChange={(e) => setVideoOnly(e.currentTarget.checked)} />
        Video only (leave the timeline's sound as it is)
      </label>
      <div className="actions">
        <button
          type="button"
          disabled={busy || imported}
          onClick={() =>
            act(
              () => props.onImport(props.result, props.bin),
              () => setImported(true),
            )
          }
        >
          Import to bin
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => act(() => props.onPlace(props.result, 'above', { videoOnly }))}
        >
          Place above
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => act(() => props.onPlace(props.result, 'replace', { videoOnly }))}
        >
          Place in place
        </button>
        <button type="button" className="secondary" onClick={() => props.onReveal(props.result)}>
          Reveal file
        </button>
      </div>
      {status ? (
        <p role="status" className="muted">
          {status}
        </p>
      ) : null}
    </div>
  );
}
