// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs, { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import {
  createClient,
  createNodePlatform,
  createPipeline,
  createS3Host,
  type NodeModules,
  type Pipeline,
} from '@reanimate/core';
import { type Emulator, type LocalS3, startEmulator, startLocalS3 } from '@reanimate/emulator';
import type { ExportRequest, HostBridge } from '@reanimate/panel-ui/host-bridge';
import { DEFAULT_CHOICE } from '@reanimate/panel-ui/pipeline/options.ts';
import { projectJobs, resumeProjectJobs, retryJob } from '@reanimate/panel-ui/pipeline/resume-jobs.ts';
import { type PanelJobDeps, runGeneration } from '@reanimate/panel-ui/pipeline/run-generation.ts';
import { panelMeta } from '@reanimate/panel-ui/pipeline/types.ts';
import type { Platform } from '@reanimate/panel-ui/platform/types.ts';
import { samples } from '@reanimate/samples';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedHost } from '../../src/panel/bridge/simulated-host.ts';
import { createFileStore } from '../../src/panel/platform/file-store.ts';

/**
 * The panel's job flow as it runs in CEP: Node's modules injected into core (what `cep_node.require` gives the
 * panel), exports written to disk by the host (here: copies of the samples, as a real export would leave), the
 * emulator fetching the uploads from a real S3-compatible store. Every job goes through core's pipeline.
 */
const TOKEN = 'tok-panel-cep';
const modules: NodeModules = { fs: fs.promises, path, os, crypto: { createHash }, http, https, process };
let emulator: Emulator;
let s3: LocalS3;
const root = mkdtempSync(join(tmpdir(), 'reanimate-cep-panel-'));

beforeAll(async () => {
  s3 = await startLocalS3({ bucket: 'panel' });
  emulator = await startEmulator({ tokens: [TOKEN], ffmpegPath: false, processing: { fixedMs: 200 } });
});
afterAll(async () => {
  await emulator?.close();
  await s3?.close();
});
afterEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

function cepPlatform(): Platform {
  const core = createNodePlatform(modules, {
    name: 'cep',
    journalDir: join(root, 'jobs'),
    tempDir: join(root, 'tmp'),
  });
  return {
    kind: 'cep',
    core,
    store: createFileStore(modules, join(root, 'panel')),
    secrets: createFileStore(modules, join(root, 'secrets')),
    readFile: () => Promise.reject(new Error('CEP hands paths to core')),
    readBytes: async (file) => new Uint8Array(fs.readFileSync(file)),
    writeBytes: async (file, bytes) => fs.writeFileSync(file, bytes),
    makeFolder: async (folder) => {
      fs.mkdirSync(folder, { recursive: true });
    },
    pickAudioFile: async () => undefined,
    reveal: async () => {},
    tempDir: () => join(root, 'tmp'),
    bundled: (relative) => join(root, 'ext', relative),
  };
}

/** After Effects' sound render: stock AE writes AIFF and forces the .aif extension (ffmpeg makes the same). */
function aiffOf(wav: string, aif: string): void {
  const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-c:a', 'pcm_s16be', aif]);
}

const exportFolders: string[] = [];

/** A host whose export writes the files where it was asked, like Premiere's encoder does. */
function exportingHost(options: { soundAs?: 'aif' } = {}): HostBridge {
  const simulated = new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] });
  const exportSelection: HostBridge['exportSelection'] = async (request: ExportRequest) => {
    // Like After Effects: no export into a folder that does not exist. The panel makes a fresh one per export.
    if (!fs.existsSync(path.dirname(request.videoPath)))
      throw new Error(`no folder ${path.dirname(request.videoPath)}`);
    exportFolders.push(path.dirname(request.videoPath));
    copyFileSync(samples.faceMp4, request.videoPath);
    let audioPath = request.audioPath;
    if (audioPath && options.soundAs === 'aif') {
      audioPath = audioPath.replace(/\.wav$/, '.aif');
      aiffOf(samples.dubWav, audioPath);
    } else if (audioPath) copyFileSync(samples.dubWav, audioPath);
    return {
      videoPath: request.videoPath,
      audioPath,
      durationSec: 4,
      frames: 96,
      method: 'render',
    };
  };
  return Object.assign(Object.create(simulated) as HostBridge, { exportSelection });
}

function deps(bridge: HostBridge = exportingHost()): PanelJobDeps & { pipeline: Pipeline } {
  const platform = cepPlatform();
  // The S3 host the panel's settings make, on the CEP transport.
  const host = createS3Host(s3.settings, { fetch: (url, init) => platform.core.fetch(url, init) });
  const pipeline = createPipeline({
    platform: platform.core,
    client: createClient({
      token: TOKEN,
      baseUrl: emulator.url,
      fetch: platform.core.fetch,
      poll: { firstPollMs: 50, minIntervalMs: 100, inProgressIntervalMs: 100, queuedIntervalMs: 100 },
    }),
    inputHost: () => host,
  });
  return { bridge, platform, pipeline };
}

async function objectExists(url: string): Promise<boolean> {
  const response = await fetch(url);
  await response.body?.cancel();
  return response.status === 200;
}

const request = (clip: ReturnType<SimulatedHost['clips']['at']>) => ({
  clip: clip!.selection,
  audio: { kind: 'timeline' as const },
  options: DEFAULT_CHOICE,
  outputFolder: join(root, 'Reanimate'),
  projectPath: '/projects/dub.prproj',
  split: false,
});

describe('the CEP panel runs its jobs through core', () => {
  it("sends After Effects' AIFF sound as a WAV made in the temp folder, samples untouched", async () => {
    const d = deps(exportingHost({ soundAs: 'aif' }));
    const clip = new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] }).clips[0];
    const outcome = await runGeneration(d, {
      ...request(clip),
      options: { ...DEFAULT_CHOICE, lipsync_mode: 'cut_off' },
      outputFolder: join(root, 'From After Effects'),
      projectPath: '/projects/promo.aep',
    });
    expect(outcome.stopped).toBeUndefined();
    const wav = join(root, 'tmp', 'Interview-A.wav');
    const [record] = await projectJobs(d.platform.core.journal, '/projects/promo.aep');
    expect(panelMeta(record!)?.audioPath).toBe(wav);
    // What the service fetched is RIFF/WAVE, the same length of sound as the dub.
    const head = fs.readFileSync(wav).subarray(0, 12).toString('latin1');
    expect(head.startsWith('RIFF') && head.endsWith('WAVE')).toBe(true);
    const probe = await d.platform.core.files!.probe(wav);
    expect(probe.durationSec).toBeCloseTo(4.5, 2);
  });

  it('exports, uploads, runs, saves beside the project without overwriting, and releases the uploads', async () => {
    const d = deps();
    const clip = new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] }).clips[0];
    const first = await runGeneration(d, {
      ...request(clip),
      options: { ...DEFAULT_CHOICE, lipsync_mode: 'cut_off' },
    });
    expect(first.stopped).toBeUndefined();
    const [result] = first.results;
    expect(result?.localPath).toBe(join(root, 'Reanimate', 'Interview-A.mp4'));
    expect(statSync(result!.localPath).size).toBeGreaterThan(1000);
    // This emulator hands the 4 s face back untouched (no ffmpeg): what cut_off promises for a 4.5 s dub, so no
    // drift; bounce (the default) promises the dub's 4.5 s, so the second result drifts and the Result screen
    // says so.
    expect(result?.drift).toBeUndefined();
    const second = await runGeneration(d, request(clip));
    // Each export went to a folder of its own, made before the host was asked.
    expect(exportFolders.slice(-2)).toHaveLength(2);
    expect(new Set(exportFolders).size).toBe(exportFolders.length);
    expect(exportFolders.every((folder) => folder.startsWith(join(root, 'tmp', 'export-')))).toBe(true);
    expect(second.results[0]?.drift).toMatch(/^The result is 0\.500 s shorter than expected \(12 frames\)/);
    expect(second.results[0]?.localPath).toBe(join(root, 'Reanimate', 'Interview-A (2).mp4'));
    const [record] = await projectJobs(d.platform.core.journal, '/projects/dub.prproj');
    expect(record?.status).toBe('downloaded');
    expect(await objectExists(record!.input.video_url)).toBe(false);
    expect(await objectExists(record!.input.audio_url)).toBe(false);
  }, 30_000);

  it('releases the uploads of a failed job, and Retry uploads again (a dead link would fail the job)', async () => {
    const d = deps();
    const clip = new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] }).clips[0];
    emulator.injectFault({ kind: 'fail', reason: 'no face in frame 3' });
    const failed = await runGeneration(d, request(clip));
    expect(failed.stopped?.status).toBe('failed');
    const record = failed.stopped!.record!;
    expect(await objectExists(record.input.video_url)).toBe(false);
    const retried = await retryJob(d, record);
    expect(retried.outcome.status).toBe('done');
    expect(existsSync(retried.result!.localPath)).toBe(true);
    expect(emulator.requests.filter((r) => r.route === 'submit')).toHaveLength(2);
  }, 30_000);

  it('resumes a job a closed panel left running, without submitting it again, and releases its uploads', async () => {
    const d = deps();
    const clip = new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] }).clips[0];
    const controller = new AbortController();
    const left = await runGeneration(d, request(clip), {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'processing') controller.abort();
      },
    });
    expect(left.stopped?.status).toBe('interrupted');
    // The panel opens again: a fresh platform and pipeline on the same journal folder.
    const reopened = deps();
    const { results, problems } = await resumeProjectJobs(
      { pipeline: reopened.pipeline, journal: reopened.platform.core.journal },
      '/projects/dub.prproj',
    );
    expect(problems).toEqual([]);
    expect(results).toHaveLength(1);
    expect(existsSync(results[0]!.localPath)).toBe(true);
    expect(emulator.requests.filter((r) => r.route === 'submit')).toHaveLength(1);
    const record = (await reopened.platform.core.journal.get(results[0]!.jobId))!;
    expect(await objectExists(record.input.video_url)).toBe(false);
  }, 30_000);

  it('keeps the token in a file only its owner can read', async () => {
    const store = createFileStore(modules, join(root, 'secrets-mode'));
    await store.set('runcomfy-token', 'rc-secret');
    expect(await store.get('runcomfy-token')).toBe('rc-secret');
    const file = join(root, 'secrets-mode', 'runcomfy-token.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'secrets-mode')).mode & 0o777).toBe(0o700);
    expect(await store.keys('runcomfy')).toEqual(['runcomfy-token']);
    await store.delete('runcomfy-token');
    expect(await store.get('runcomfy-token')).toBeUndefined();
  });
});
