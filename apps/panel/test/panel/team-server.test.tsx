/**
 * Settings → Team server: the shared UI runs a job on a real team server (embedded Postgres, a worker, the
 * emulator, a local S3 store as the team's bucket) with no RunComfy token on this machine, through core's team
 * pipeline — the same screens as a local run.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBrowserPlatform, createKeyValueJournal, createMemoryKeyValueStore } from '@reanimate/core';
import { type Emulator, type LocalS3, startEmulator, startLocalS3 } from '@reanimate/emulator';
import { App } from '@reanimate/panel-ui/app/App.tsx';
import { EMPTY_SETTINGS } from '@reanimate/panel-ui/app/settings-model.ts';
import { type LocalTeamServer, startLocalTeamServer } from '@reanimate/server/testing';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedHost } from '../../src/panel/bridge/simulated-host.ts';
import { fakePlatform } from './fake-platform.ts';

const noDetector = () => Promise.reject(new Error('jsdom cannot run the face detector'));
const TOKEN = 'team-panel-token';
// Resolved from the working folder: under jsdom, a package's import.meta.url is not a file: URL.
const SAMPLES = join(process.cwd(), '../../packages/samples/media');

describe('the panel with a team server', () => {
  let emulator: Emulator;
  let s3: LocalS3;
  let server: LocalTeamServer;
  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [TOKEN], ffmpegPath: false, processing: { fixedMs: 200 } });
    s3 = await startLocalS3();
    server = await startLocalTeamServer({
      runcomfyToken: TOKEN,
      runcomfyBaseUrl: emulator.url,
      editors: ['editor'],
      // The bucket's keys are the server's: this machine uploads through it.
      s3: { ...s3.settings, keep: true },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await s3?.close();
    await emulator?.close();
  });

  it('runs the selected clip on the team server, shows its price and result, with no RunComfy token here', async () => {
    const platform = fakePlatform({
      core: createBrowserPlatform({
        journal: createKeyValueJournal(createMemoryKeyValueStore()),
        fetch: (input, init) => fetch(input, init),
      }),
      // The simulated host's exports, as the files a real export writes.
      readFile: async (path) =>
        new NodeBlob([readFileSync(join(SAMPLES, path.endsWith('.wav') ? 'dub.wav' : 'face.mp4'))]) as Blob,
    });
    // No storage keys and no RunComfy token on this machine: only the server's address and the editor's key.
    await platform.store.set('settings', { ...EMPTY_SETTINGS, teamServerUrl: server.url });
    await platform.secrets.set('team-server-key', server.keys.editor);
    render(
      <App
        bridge={new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] })}
        platform={platform}
        faceDetector={noDetector}
      />,
    );
    await screen.findByText(new RegExp(`Runs on the team server ${new URL(server.url).host}`));
    // The server's price (the emulator's 0.04 USD/s) for the 4 s clip, on the button.
    await waitFor(
      () => expect(screen.getByRole('button', { name: 'Generate' }).textContent).toContain('~$0.16'),
      {
        timeout: 10_000,
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await screen.findByRole('region', { name: 'Result' }, { timeout: 30_000 });
    expect(emulator.requests.filter((r) => r.route === 'submit')).toHaveLength(1);
    expect(emulator.listJobs().map((job) => job.status)).toEqual(['completed']);
    // The token field stays empty: this machine never had one.
    expect(await platform.secrets.get('runcomfy-token')).toBeUndefined();
  }, 60_000);
});
