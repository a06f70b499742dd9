import { HostingError, ReanimateError } from '@reanimate/core';
import { useState } from 'react';
import type { SelfTestReport } from '../self-test/run-self-test.ts';
import { HostCheck } from './HostCheck.tsx';
import type { PanelSettings, S3Form } from './settings-model.ts';

export interface SettingsProps {
  settings: PanelSettings;
  tokenSet: boolean;
  teamKeySet: boolean;
  onSave: (settings: PanelSettings, token: string | undefined, teamKey: string | undefined) => Promise<void>;
  onTest: (s3: S3Form) => Promise<string[]>;
  /** Runs the host self-test (absent: no host to check). */
  onCheckHost?: () => Promise<SelfTestReport>;
}

const S3_FIELDS: { key: keyof S3Form; label: string; secret?: boolean }[] = [
  { key: 'endpoint', label: 'Endpoint' },
  { key: 'bucket', label: 'Bucket' },
  { key: 'region', label: 'Region' },
  { key: 'prefix', label: 'Folder prefix' },
  { key: 'accessKeyId', label: 'Access key id' },
  { key: 'secretAccessKey', label: 'Secret access key', secret: true },
];

/** Token (stored apart, owner-only, never shown back), input hosting with a Test button, output folder. */
export function Settings({ settings, tokenSet, teamKeySet, onSave, onTest, onCheckHost }: SettingsProps) {
  const [draft, setDraft] = useState(settings);
  const [token, setToken] = useState('');
  const [teamKey, setTeamKey] = useState('');
  const [message, setMessage] = useState('');
  const setS3 = (key: keyof S3Form, value: string) =>
    setDraft({ ...draft, s3: { ...draft.s3, [key]: value } });
  const test = async () => {
    setMessage('Testing…');
    try {
      const warnings = await onTest(draft.s3);
      setMessage(
        warnings.length
          ? `Works, with warnings: ${warnings.join(' ')}`
          : 'Storage works: upload, read and delete succeeded.',
      );
    } catch (error) {
      setMessage(
        HostingError.isInstance(error) || ReanimateError.isInstance(error)
          ? error.describe()
          : error instanceof Error
            ? error.message
            : String(error),
      );
    }
  };
  return (
    <form
      className="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(draft, token || undefined, teamKey || undefined).then(() => {
          setToken('');
          setTeamKey('');
          setMessage('Saved.');
        });
      }}
    >
      <fieldset className="group">
        <legend>RunComfy</legend>
        <div className="field">
          <label htmlFor="settings-token">API token</label>
          <input
            id="settings-token"
            type="password"
            autoComplete="off"
            placeholder={tokenSet ? '•••••••• (saved)' : 'Paste your token'}
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
          />
          <small className="muted">Kept in a file only you can read, in your user data folder.</small>
        </div>
      </fieldset>
      <fieldset className="group">
        <legend>Team server</legend>
        <label className="field">
          <span>Server address</span>
          <input
            type="url"
            autoComplete="off"
            placeholder="Empty: jobs run from this machine"
            value={draft.teamServerUrl}
            onChange={(e) => setDraft({ ...draft, teamServerUrl: e.currentTarget.value.trim() })}
          />
        </label>
        <div className="field">
          <label htmlFor="settings-team-key">Your key</label>
          <input
            id="settings-team-key"
            type="password"
            autoComplete="off"
            placeholder={teamKeySet ? '•••••••• (saved)' : 'rk_… from your admin'}
            value={teamKey}
            onChange={(e) => setTeamKey(e.currentTarget.value)}
          />
          <small className="muted">
            With a team server, jobs run on the studio's account: no RunComfy token here, and a clip another
            editor already re-synced is joined instead of paid for again. Exports are uploaded through the
            server: no storage keys here.
          </small>
        </div>
      </fieldset>
      <fieldset className="group">
        <legend>Input hosting (S3-compatible)</legend>
        {S3_FIELDS.map((field) => (
          <label className="field" key={field.key}>
            <span>{field.label}</span>
            <input
              type={field.secret ? 'password' : 'text'}
              autoComplete="off"
              value={draft.s3[field.key]}
              onChange={(e) => setS3(field.key, e.currentTarget.value)}
            />
          </label>
        ))}
        <button type="button" className="secondary" onClick={() => void test()}>
          Test
        </button>
      </fieldset>
      <fieldset className="group">
        <legend>Export</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.exportWithMediaEncoder}
            onChange={(e) => setDraft({ ...draft, exportWithMediaEncoder: e.currentTarget.checked })}
          />
          Export with Media Encoder (Premiere keeps working)
        </label>
        <small className="muted">
          Premiere Pro only: the clip is queued in Adobe Media Encoder instead of rendered while Premiere
          waits. Media Encoder then starts its queue, which also starts any other jobs you had queued there.
          If no answer comes, the panel checks the exported files and stops waiting after 30 minutes.
        </small>
      </fieldset>
      <fieldset className="group">
        <legend>Face check</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.faceCheck}
            onChange={(e) => setDraft({ ...draft, faceCheck: e.currentTarget.checked })}
          />
          Check faces when a clip is selected
        </label>
        <small className="muted">
          Looks for spans without a face, several faces or a small face, in this panel: nothing is sent.
        </small>
      </fieldset>
      <fieldset className="group">
        <legend>Results</legend>
        <label className="field">
          <span>Output folder</span>
          <input
            value={draft.outputFolder}
            placeholder="Beside the project, in Reanimate/"
            onChange={(e) => setDraft({ ...draft, outputFolder: e.currentTarget.value })}
          />
        </label>
      </fieldset>
      {onCheckHost ? <HostCheck onCheck={onCheckHost} /> : null}
      <button type="submit">Save settings</button>
      {message ? (
        <p role="status" className="muted">
          {message}
        </p>
      ) : null}
    </form>
  );
}
