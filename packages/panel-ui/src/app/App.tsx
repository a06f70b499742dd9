import {
  createPipeline,
  createTeamClient,
  createTeamPipeline,
  estimateCost,
  formatUsd,
  JobFailedError,
  type JobRecord,
  type ModelPrice,
  needsSplit,
  type PipelineOutcome,
  ReanimateError,
} from '@reanimate/core';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CanvasFaceDetector } from '../faces/types.ts';
import { useFaceCheck } from '../faces/use-face-check.ts';
import type { ClipSelection, HostBridge, ProjectInfo, SelectionState } from '../host-bridge.ts';
import { DEFAULT_CHOICE, type React1Choice } from '../pipeline/options.ts';
import { placeRequestFor } from '../pipeline/place.ts';
import { projectJobs, resumeProjectJobs, retryJob as retryRecord } from '../pipeline/resume-jobs.ts';
import { runGeneration } from '../pipeline/run-generation.ts';
import type { AudioChoice, GenerationProgress, SegmentResult } from '../pipeline/types.ts';
import type { Platform } from '../platform/types.ts';
import { probeDuration } from '../self-test/probe-duration.ts';
import { runSelfTest } from '../self-test/run-self-test.ts';
import { AudioSource } from './AudioSource.tsx';
import { ClipCard } from './ClipCard.tsx';
import { Jobs } from './Jobs.tsx';
import { Options } from './Options.tsx';
import { Progress } from './Progress.tsx';
import { Result } from './Result.tsx';
import { Settings } from './Settings.tsx';
import {
  loadChoice,
  loadSettings,
  loadTeamKey,
  loadToken,
  makeClient,
  makeInputHost,
  outputFolderFor,
  type PanelSettings,
  saveChoice,
  saveSettings,
  saveTeamKey,
  saveToken,
} from './settings-model.ts';

export interface AppProps {
  bridge: HostBridge;
  platform: Platform;
  /**
   * The face check's detector, loaded on first use: each shell gives its own (the CEP panel's bundled script; the
   * UXP plugin's says why it is unavailable there).
   */
  faceDetector: () => Promise<CanvasFaceDetector>;
  /** Where the clip's media plays from (default: its file as a file:// URL); the simulated host serves samples. */
  mediaUrl?: ((clip: ClipSelection) => string | undefined) | undefined;
  /** Shown above the tabs: the browser harness's simulated-timeline strip. */
  banner?: ReactNode;
}

type Run =
  | { kind: 'idle' }
  | { kind: 'running'; progress: GenerationProgress }
  | { kind: 'result'; results: SegmentResult[] }
  | { kind: 'failed'; message: string; retry?: () => void };

type Tab = 'generate' | 'jobs' | 'settings';

export function describeError(error: unknown): string {
  if (JobFailedError.isInstance(error)) return `The service could not process this clip: ${error.reason}`;
  if (ReanimateError.isInstance(error)) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What to tell the user about a job that did not finish; core's outcome decides, never a message. */
export function describeOutcome(outcome: Exclude<PipelineOutcome, { status: 'done' }>): string {
  switch (outcome.status) {
    case 'cancelled':
      return 'Cancelled. Nothing was charged for a job cancelled while queued.';
    case 'interrupted':
      return outcome.keepsRunning
        ? `${outcome.note} The panel collects it when it opens again.`
        : outcome.note;
    case 'elsewhere':
      return 'Another panel is running this job; its result appears there.';
    case 'ambiguous':
      return `${describeError(outcome.error)}\nCheck your RunComfy dashboard for it before generating again.`;
    default:
      return describeError(outcome.error);
  }
}

export function App({ bridge, platform, faceDetector, mediaUrl, banner }: AppProps) {
  const journal = platform.core.journal;
  const [tab, setTab] = useState<Tab>('generate');
  const [selection, setSelection] = useState<SelectionState>();
  const [project, setProject] = useState<ProjectInfo>();
  const [settings, setSettings] = useState<PanelSettings>();
  const [token, setToken] = useState('');
  const [teamKey, setTeamKey] = useState('');
  const [choice, setChoice] = useState<React1Choice>(DEFAULT_CHOICE);
  const [audio, setAudio] = useState<AudioChoice>({ kind: 'timeline' });
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const [jobs, setJobs] = useState<JobRecord[]>([]);
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const jobId = useRef<string | undefined>(undefined);
  const projectKey = project?.path ?? project?.name ?? '';

  const refreshJobs = useCallback(async () => {
    setJobs(await projectJobs(journal, projectKey));
  }, [journal, projectKey]);

  const client = useCallback(() => {
    if (!settings) throw new Error('Settings are still loading.');
    if (!token) throw new Error('Add your RunComfy API token in Settings first.');
    return makeClient(platform, settings, token);
  }, [platform, settings, token]);

  // With a team server set (and a key), jobs run there: core's team client and team pipeline.
  const teamHost = settings?.teamServerUrl ? hostOf(settings.teamServerUrl) : undefined;
  const team = useMemo(
    () =>
      settings?.teamServerUrl && teamKey && hostOf(settings.teamServerUrl)
        ? createTeamClient({ url: settings.teamServerUrl, key: teamKey, fetch: platform.core.fetch })
        : undefined,
    [platform, settings, teamKey],
  );
  // Core's pipeline on this platform: the job flow exists once, in core.
  const pipeline = useMemo(() => {
    const inputHost = () => {
      if (!settings) throw new Error('Settings are still loading.');
      return makeInputHost(platform, settings.s3);
    };
    // In a browser, a URL that cannot be read may only be CORS: not a reason to refuse it.
    const preflight =
      platform.kind === 'browser' ? { preflight: { unreachable: 'unverified' as const } } : {};
    // With a team server, exports are uploaded through it: the storage keys are the server's.
    // Generate is an explicit ask for this clip: work that failed before is tried once more (a live or done job of
    // the same work is still joined, never paid twice).
    if (team) return createTeamPipeline({ team, platform: platform.core, retryFailed: true, ...preflight });
    return createPipeline({ platform: platform.core, client, inputHost, ...preflight });
  }, [platform, client, settings, team]);
  // Ready to run: a RunComfy token here, or a team server that holds one.
  const canRun = token !== '' || team !== undefined;

  const onProgress = useCallback((progress: GenerationProgress) => {
    if (progress.jobId) jobId.current = progress.jobId;
    if (progress.phase !== 'done') setRun({ kind: 'running', progress });
  }, []);

  // Load settings and the project, follow the selection.
  useEffect(() => {
    let live = true;
    void (async () => {
      const [s, t, k, c, info, sel] = await Promise.all([
        loadSettings(platform),
        loadToken(platform),
        loadTeamKey(platform),
        loadChoice(platform),
        bridge.projectInfo(),
        bridge.getSelection(),
      ]);
      if (!live) return;
      setSettings(s);
      setToken(t);
      setTeamKey(k);
      if (c) setChoice(c);
      setProject(info);
      setSelection(sel);
    })();
    const stop = bridge.onSelectionChanged(setSelection);
    // Another project or sequence: its jobs, its fps and its folder for results.
    const stopProject = bridge.onProjectChanged(setProject);
    return () => {
      live = false;
      stop();
      stopProject();
    };
  }, [bridge, platform]);

  // Jobs a previous session left running are resumed by request id, once settings are known.
  const resumed = useRef(false);
  useEffect(() => {
    if (!settings || !project || resumed.current || !token) return;
    resumed.current = true;
    void (async () => {
      await refreshJobs();
      const controller = new AbortController();
      abort.current = controller;
      try {
        const { results, problems } = await resumeProjectJobs({ pipeline, journal }, projectKey, {
          signal: controller.signal,
          onProgress,
        });
        const [problem] = problems;
        if (results.length > 0) setRun({ kind: 'result', results });
        else if (problem && problem.status !== 'done')
          setRun({ kind: 'failed', message: describeOutcome(problem) });
      } catch (error) {
        setRun({ kind: 'failed', message: describeError(error) });
      } finally {
        void refreshJobs();
      }
    })();
  }, [settings, project, token, refreshJobs, pipeline, journal, projectKey, onProgress]);

  const clip = selection?.state === 'single' ? selection.clip : undefined;

  // The service's price, looked up once the token is known: the Generate button says what a job will cost.
  const [price, setPrice] = useState<ModelPrice | undefined>(undefined);
  useEffect(() => {
    if (!settings || !canRun) return;
    let live = true;
    (team ? team.price() : client().getPrice())
      .then((found) => live && setPrice(found))
      .catch(() => live && setPrice(undefined));
    return () => {
      live = false;
    };
  }, [settings, canRun, team, client]);
  // From the clip's length (its own sound, or a dub taken as long as the clip: the file is probed only on Generate).
  const estimatedUsd =
    clip && price
      ? estimateCost(price, {
          videoSec: clip.durationSec,
          audioSec: clip.durationSec,
          lipsyncMode: choice.lipsync_mode,
        }).usd
      : undefined;
  const listAudioItems = useCallback(() => bridge.listAudioItems(), [bridge]);

  const generate = useCallback(
    async (targets: ClipSelection[]) => {
      if (!settings) return;
      const controller = new AbortController();
      abort.current = controller;
      jobId.current = undefined;
      setCancelling(false);
      setNotice(undefined);
      setRun({ kind: 'running', progress: { phase: 'export', segment: { index: 0, count: 1 } } });
      await saveChoice(platform, choice);
      try {
        if (!team) client(); // Says "add your token" before anything is exported.
        // Read afresh before each run: the project may have been saved elsewhere or switched since it was shown.
        const current = await bridge.projectInfo();
        setProject(current);
        const currentKey = current.path ?? current.name ?? '';
        const deps = { bridge, platform, pipeline };
        const results: SegmentResult[] = [];
        // A batch runs clip after clip: each is one job (or several for a split), each journaled on its own.
        for (const target of targets) {
          const audioChoice: AudioChoice = targets.length > 1 ? { kind: 'timeline' } : audio;
          const generated = await runGeneration(
            deps,
            {
              clip: target,
              audio: audioChoice,
              options: choice,
              outputFolder: outputFolderFor(settings, current.path, platform),
              projectPath: currentKey,
              split: needsSplit(target.durationSec),
              encoder: settings.exportWithMediaEncoder ? 'media-encoder' : 'direct',
              ...(price
                ? {
                    estimatedUsd: estimateCost(price, {
                      videoSec: target.durationSec,
                      audioSec: target.durationSec,
                      lipsyncMode: choice.lipsync_mode,
                    }).usd,
                  }
                : {}),
            },
            { signal: controller.signal, onProgress },
          );
          results.push(...generated.results);
          const stopped = generated.stopped;
          if (stopped && stopped.status !== 'done') {
            // Worth trying again once the inputs or settings are fixed, or after a failure; never after an unknown submit.
            const again = ['failed', 'not_submitted', 'refused'].includes(stopped.status);
            setRun({
              kind: 'failed',
              message: describeOutcome(stopped),
              ...(again ? { retry: () => void generate(targets) } : {}),
            });
            return;
          }
        }
        setRun({ kind: 'result', results });
      } catch (error) {
        // The host's export failed, or settings are missing: nothing was sent.
        setRun({
          kind: 'failed',
          message: controller.signal.aborted ? 'Stopped; nothing was submitted.' : describeError(error),
          ...(controller.signal.aborted ? {} : { retry: () => void generate(targets) }),
        });
      } finally {
        setCancelling(false);
        void refreshJobs();
      }
    },
    [settings, platform, choice, bridge, client, pipeline, audio, onProgress, refreshJobs, price, team],
  );

  const cancel = useCallback(async () => {
    setCancelling(true);
    const id = jobId.current;
    if (!id) {
      // Not submitted yet (exporting, uploading): stop the run; nothing was sent.
      abort.current?.abort();
      return;
    }
    // Submitted: ask the service. Queued jobs are cancelled (the run then ends `cancelled`, nothing charged);
    // one already processing keeps running and is still collected.
    try {
      if ((await pipeline.cancel(id)) === 'not_cancellable') {
        setCancelling(false);
        setNotice('It is already being processed and can’t be cancelled; the result will still arrive.');
      }
    } catch (error) {
      setCancelling(false);
      setNotice(describeError(error));
    }
  }, [pipeline]);

  const retryJob = useCallback(
    async (record: JobRecord) => {
      setTab('generate');
      setRun({ kind: 'running', progress: { phase: 'preflight', segment: { index: 0, count: 1 } } });
      try {
        client();
        const { result, outcome } = await retryRecord({ pipeline, platform }, record, { onProgress });
        if (result) setRun({ kind: 'result', results: [result] });
        else if (outcome.status !== 'done') {
          setRun({ kind: 'failed', message: describeOutcome(outcome), retry: () => void retryJob(record) });
        }
      } catch (error) {
        setRun({ kind: 'failed', message: describeError(error), retry: () => void retryJob(record) });
      } finally {
        void refreshJobs();
      }
    },
    [client, pipeline, platform, onProgress, refreshJobs],
  );

  const mediaUrlOf = (c: ClipSelection) =>
    mediaUrl ? mediaUrl(c) : c.mediaPath ? toFileUrl(c.mediaPath) : undefined;
  // UXP panels have no <video> (AdobeDocs/uxp, HTML elements): no thumbnail and no A/B player there.
  const canPlayVideo = platform.kind !== 'uxp';
  const thumbnailFor = (c: ClipSelection) => (canPlayVideo ? mediaUrlOf(c) : undefined);
  const faceCheck = useFaceCheck(clip, clip ? mediaUrlOf(clip) : undefined, settings?.faceCheck === true, {
    loadDetector: faceDetector,
  });
  const playable = canPlayVideo
    ? (path: string) =>
        /^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : toFileUrl(path)
    : undefined;

  return (
    <div className="panel">
      {banner}
      <div className="tabs" role="tablist" aria-label="Sections">
        {(['generate', 'jobs', 'settings'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => {
              setTab(t);
              if (t === 'jobs') void refreshJobs();
            }}
          >
            {t === 'generate' ? 'Generate' : t === 'jobs' ? 'Jobs' : 'Settings'}
          </button>
        ))}
      </div>
      {tab === 'settings' && settings ? (
        <Settings
          settings={settings}
          tokenSet={token !== ''}
          teamKeySet={teamKey !== ''}
          onSave={async (next, newToken, newTeamKey) => {
            await saveSettings(platform, next);
            setSettings(next);
            if (newToken) {
              await saveToken(platform, newToken);
              setToken(newToken);
            }
            if (newTeamKey) {
              await saveTeamKey(platform, newTeamKey);
              setTeamKey(newTeamKey);
            }
          }}
          onTest={async (s3) => (await makeInputHost(platform, s3).testConnection()).warnings}
          onCheckHost={() =>
            runSelfTest({
              bridge,
              samplePath: platform.bundled('self-test/sample.mp4'),
              workFolder: `${platform.tempDir().replace(/[\\/]+$/, '')}/self-test-${Date.now().toString(36)}`,
              makeFolder: platform.makeFolder,
              probeDuration: (path) => probeDuration(platform, path),
            })
          }
        />
      ) : null}
      {tab === 'jobs' ? <Jobs jobs={jobs} onRetry={(job) => void retryJob(job)} /> : null}
      {tab === 'generate' ? (
        <main className="generate">
          {run.kind === 'running' ? (
            <>
              <Progress progress={run.progress} onCancel={() => void cancel()} cancelling={cancelling} />
              {notice ? (
                <p className="muted" role="status">
                  {notice}
                </p>
              ) : null}
            </>
          ) : run.kind === 'result' ? (
            <Result
              results={run.results}
              defaultBin={settings?.binName ?? 'Reanimate'}
              playable={playable}
              onReveal={(r) => void platform.reveal(r.localPath)}
              onDone={() => setRun({ kind: 'idle' })}
              onImport={async (r, binName) => {
                const item = await bridge.importResult({
                  path: r.localPath,
                  binName,
                  tags: { requestId: r.requestId, emotion: choice.emotion, source: r.clipName },
                });
                importedItems.set(r.jobId, item.itemId);
                return `Imported “${item.name}” into ${item.binName}.`;
              }}
              onPlace={async (r, mode, placeOptions) => {
                let itemId = importedItems.get(r.jobId);
                if (!itemId) {
                  itemId = (
                    await bridge.importResult({
                      path: r.localPath,
                      binName: settings?.binName ?? 'Reanimate',
                      tags: { requestId: r.requestId },
                    })
                  ).itemId;
                  importedItems.set(r.jobId, itemId);
                }
                const request = placeRequestFor(r, itemId, mode, placeOptions);
                const placed = await bridge.placeResult(request);
                const sound =
                  typeof placed.audioTrackIndex === 'number'
                    ? `, its sound on A${placed.audioTrackIndex + 1}`
                    : '';
                const where = `on V${placed.trackIndex + 1} at ${placed.start.seconds.toFixed(2)} s${sound}`;
                return request.disableOriginal
                  ? `Placed above the original ${where}; the original is disabled.`
                  : `Placed ${where}.`;
              }}
            />
          ) : (
            <>
              {run.kind === 'failed' ? (
                <section className="card error" role="alert">
                  <p>{run.message}</p>
                  {run.retry ? (
                    <button type="button" onClick={run.retry}>
                      Retry
                    </button>
                  ) : null}
                </section>
              ) : null}
              <ClipCard
                selection={selection}
                thumbnailFor={thumbnailFor}
                onBatch={(clips) => void generate(clips)}
                faceCheck={faceCheck}
              />
              {clip ? (
                <>
                  <AudioSource
                    value={audio}
                    hasTimelineAudio={clip.hasLinkedAudio}
                    onChange={setAudio}
                    pickFile={platform.pickAudioFile}
                    listItems={listAudioItems}
                  />
                  <Options value={choice} onChange={setChoice} />
                  <button type="button" className="primary" onClick={() => void generate([clip])}>
                    {needsSplit(clip.durationSec) ? 'Split and generate' : 'Generate'}
                    {estimatedUsd !== undefined ? (
                      // Seen on the button; kept out of its accessible name, which stays "Generate".
                      <small className="estimate" aria-hidden="true" title="Estimated cost">
                        {` · ~${formatUsd(estimatedUsd)}`}
                      </small>
                    ) : null}
                  </button>
                  {!canRun ? (
                    <p className="muted">Add your RunComfy API token (or a team server) in Settings first.</p>
                  ) : team ? (
                    <p className="muted">Runs on the team server {teamHost}.</p>
                  ) : null}
                  {settings?.teamServerUrl && !teamHost ? (
                    <p className="muted">
                      The team server address in Settings is not a URL (https://…): jobs run here.
                    </p>
                  ) : null}
                </>
              ) : null}
            </>
          )}
        </main>
      ) : null}
    </div>
  );
}

// Results imported this session, by job id: Place reuses the imported item instead of importing twice.
const importedItems = new Map<string, string>();

/** A local path (POSIX or Windows) as a file:// URL a <video> in CEP can load. */
export function toFileUrl(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  return `file://${slashed.startsWith('/') ? '' : '/'}${encodeURI(slashed)}`;
}

/** The host of an http(s) address, or undefined when it is not one (a typo in Settings must not break the panel). */
function hostOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}
