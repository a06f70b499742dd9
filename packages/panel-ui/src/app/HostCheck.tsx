import { useRef, useState } from 'react';
import { formatReport, type SelfTestReport } from '../self-test/run-self-test.ts';

/** Settings → "Check this host": runs the host self-test and shows what each operation did, to copy. */
export function HostCheck({ onCheck }: { onCheck: () => Promise<SelfTestReport> }) {
  const [report, setReport] = useState<SelfTestReport>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState('');
  const text = useRef<HTMLTextAreaElement>(null);
  const check = async () => {
    setRunning(true);
    setError('');
    try {
      setReport(await onCheck());
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setRunning(false);
    }
  };
  const copy = () => {
    // execCommand works in CEP's file:// panel, where navigator.clipboard may be refused.
    text.current?.select();
    document.execCommand('copy');
  };
  return (
    <fieldset className="group">
      <legend>Host</legend>
      <button type="button" className="secondary" disabled={running} onClick={() => void check()}>
        {running ? 'Checking this host…' : 'Check this host'}
      </button>
      <small className="muted">
        Tries every host operation on a scratch sequence (or comp) with a 2 s sample, then removes all of it
        and checks your sequence, in/out and selection are as before. Run it first on a new Premiere or After
        Effects.
      </small>
      {error ? <p className="error">{error}</p> : null}
      {report ? (
        <>
          <p role="status" className={report.ok ? 'muted' : 'warning'}>
            {report.app === 'aeft'
              ? 'After Effects'
              : report.app === 'ppro'
                ? 'Premiere Pro'
                : 'Simulated host'}{' '}
            {report.hostVersion}: {report.ok ? 'every operation worked.' : 'something failed (see below).'}
          </p>
          <table className="host-check" aria-label="Host check">
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Result</th>
                <th scope="col">What it saw</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.operation}>
                  <td>{row.operation}</td>
                  <td className={row.ok === false ? 'error' : undefined}>
                    {row.ok === true ? 'ok' : row.ok === false ? 'failed' : 'not run'}
                  </td>
                  <td>{row.saw}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <textarea
            ref={text}
            readOnly
            aria-label="Host check report"
            value={formatReport(report)}
            rows={4}
          />
          <button type="button" className="secondary" onClick={copy}>
            Copy report
          </button>
        </>
      ) : null}
    </fieldset>
  );
}
