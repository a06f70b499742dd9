import { Blob as NodeBlob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '@reanimate/panel-ui/app/App.tsx';
import { EMPTY_SETTINGS, loadChoice, loadSettings } from '@reanimate/panel-ui/app/settings-model.ts';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SimulatedHost } from '../../src/panel/bridge/simulated-host.ts';
import { fakePlatform } from './fake-platform.ts';

// jsdom draws no video frames: the face check says it is unavailable (test/panel/face-check.test.tsx covers it).
const noDetector = () => Promise.reject(new Error('jsdom cannot run the face detector'));
const host = (selected: string[]) => new SimulatedHost({ mediaBaseUrl: '/media/', selected });

describe('App', () => {
  it('follows the host selection', async () => {
    const simulated = host([]);
    render(<App bridge={simulated} platform={fakePlatform()} faceDetector={noDetector} />);
    await screen.findByText('No clip selected');
    act(() => simulated.select(['clip3']));
    expect((await screen.findByRole('region', { name: 'Selected clip' })).textContent).toContain(
      'Interview B',
    );
    act(() => simulated.select(['clip1', 'clip3']));
    await screen.findByText('2 clips selected');
  });

  it('keeps the token out of the page and in the secrets store, masked once saved', async () => {
    const platform = fakePlatform();
    render(<App bridge={host(['clip1'])} platform={platform} faceDetector={noDetector} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Settings' }));
    const token = screen.getByLabelText('API token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.change(token, { target: { value: 'rc-secret-123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.');
    expect(await platform.secrets.get('runcomfy-token')).toBe('rc-secret-123');
    expect(JSON.stringify(await platform.store.get('settings'))).not.toContain('rc-secret-123');
    expect(window.localStorage.length).toBe(0);
    expect((screen.getByLabelText('API token') as HTMLInputElement).value).toBe('');
    expect(screen.getByLabelText('API token').getAttribute('placeholder')).toContain('saved');
  });

  it('keeps the team server key with the secrets, masked once saved; a malformed address leaves jobs running here', async () => {
    const platform = fakePlatform();
    render(<App bridge={host(['clip1'])} platform={platform} faceDetector={noDetector} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Settings' }));
    fireEvent.change(screen.getByLabelText('Server address'), { target: { value: 'studio-server:8787' } });
    const key = screen.getByLabelText('Your key') as HTMLInputElement;
    expect(key.type).toBe('password');
    fireEvent.change(key, { target: { value: 'rk_team-secret-456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.');
    expect(await platform.secrets.get('team-server-key')).toBe('rk_team-secret-456');
    expect(JSON.stringify(await platform.store.get('settings'))).not.toContain('rk_team-secret-456');
    expect((screen.getByLabelText('Your key') as HTMLInputElement).value).toBe('');
    expect(screen.getByLabelText('Your key').getAttribute('placeholder')).toContain('saved');
    fireEvent.click(screen.getByRole('tab', { name: 'Generate' }));
    await screen.findByText(/The team server address in Settings is not a URL/);
  });

  // jsdom's import.meta.url is not a file URL, so the samples package cannot locate itself here.
  const SAMPLES = join(process.cwd(), '../../packages/samples/media');

  it('remembers the last options when generating', async () => {
    // Real media behind the simulated exports, so pre-flight passes and the missing storage is what stops it.
    const base = fakePlatform();
    const platform = fakePlatform({
      // The service answers the price lookup (the token check before uploads); nothing else is reachable.
      core: {
        ...base.core,
        fetch: async (input) =>
          String(input instanceof Request ? input.url : input).endsWith('/v1/models/sync/react-1')
            ? new Response(
                JSON.stringify({ model_id: 'sync/react-1', base_price_usd: 0.04, price_unit: 'second' }),
                {
                  headers: { 'content-type': 'application/json' },
                },
              )
            : Promise.reject(new TypeError('no network in component tests')),
      },
      // Node's Blob: jsdom's cannot read a slice, which probing does.
      readFile: async (path) =>
        new NodeBlob([readFileSync(join(SAMPLES, path.endsWith('.wav') ? 'dub.wav' : 'face.mp4'))]) as Blob,
    });
    await platform.secrets.set('runcomfy-token', 't');
    render(<App bridge={host(['clip1'])} platform={platform} faceDetector={noDetector} />);
    fireEvent.change(await screen.findByLabelText('Emotion'), { target: { value: 'sad' } });
    // The estimate from that price, on the button: the 4 s clip at 0.04 USD/s.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Generate' }).textContent).toContain('~$0.16'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(async () => expect((await loadChoice(platform))?.emotion).toBe('sad'));
    // No storage is configured here: the failure names the settings to fix and offers a Retry.
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Invalid S3 storage settings/);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('prefers Media Encoder by default and exports directly once the setting is off', async () => {
    const platform = fakePlatform();
    await platform.secrets.set('runcomfy-token', 't');
    await platform.store.set('settings', {
      ...EMPTY_SETTINGS,
      s3: {
        ...EMPTY_SETTINGS.s3,
        endpoint: 'http://127.0.0.1:9',
        bucket: 'dubs',
        accessKeyId: 'k',
        secretAccessKey: 's',
      },
    });
    const simulated = host(['clip1']);
    const exported = vi.spyOn(simulated, 'exportSelection');
    render(<App bridge={simulated} platform={platform} faceDetector={noDetector} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Settings' }));
    const box = screen.getByLabelText(
      'Export with Media Encoder (Premiere keeps working)',
    ) as HTMLInputElement;
    // Preferred by default: Premiere keeps working while Media Encoder renders.
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.');
    expect((await loadSettings(platform)).exportWithMediaEncoder).toBe(false);
    fireEvent.click(screen.getByRole('tab', { name: 'Generate' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(exported).toHaveBeenCalled());
    expect(exported.mock.calls[0]?.[0]).toMatchObject({ clipId: 'clip1', encoder: 'direct' });
  });
});
