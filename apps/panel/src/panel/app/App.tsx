import { JobCancelledError, JobFailedError, type JobRecord, ReanimateError } from '@reanimate/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClipSelection, HostBridge, ProjectInfo, SelectionState } from '../../shared/bridge.ts';
import type { SimulatedHost } from '../bridge/simulated-host.ts';
import { DEFAULT_CHOICE, type EmotionChoice } from '../pipeline/options.ts';
import { placeRequestFor } from '../pipeline/place.ts';
import { projectJobs, resumeProjectJobs } from '../pipeline/resume-jobs.ts';
import { runGeneration, saveOutput } from '../pipeline/run-generation.ts';
import { MAX_SEGMENT_SEC } from '../pipeline/split.ts';
import type { AudioChoice, GenerationProgress, JobMeta, SegmentResult } from '../pipeline/types.ts';
import { createStoreJournal } from '../platform/store-journal.ts';
import type { Platform } from '../platform/types.ts';
import { AudioSource } from './AudioSource.tsx';
import { ClipCard } from './ClipCard.tsx';
import { Jobs } from './Jobs.tsx';
import { Options } from './Options.tsx';
import { Progress } from './Progress.tsx';
import { Result } from './Result.tsx';
import { Settings } from './Settings.tsx';
import { SimulatedStrip } from './SimulatedStrip.tsx';
import {
  loadChoice,
  loadSettings,
  loadToken,
  makeClient,
  makeInputHost,
  outputFolderFor,
  type PanelSettings,
  saveChoice,
  saveSettings,
  saveToken,
} from './settings-model.ts';

export interface AppProps {
  bridge: HostBridge;
  platform: Platform;
  simulated?: SimulatedHost | undefined;
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

export function App({ bridge, platform, simulated }: AppProps) {
  const journal = useMemo(() => createStoreJournal(platform.store), [platform]);
  const [tab, setTab] = useState<Tab>('generate');
  const [selection, setSelection] = useState<SelectionState>();
  const [project, setProject] = useState<ProjectInfo>();
  const [settings, setSettings] = useState<PanelSettings>();
  const [token, setToken] = useState('');
  const [choice, setChoice] = useState<EmotionChoice>(DEFAULT_CHOICE);
  const [audio, setAudio] = useState<AudioChoice>({ kind: 'timeline' });
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const [jobs, setJobs] = useState<JobRecord[]>([]);
  const [cancelling, setCancelling] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const requestId = useRef<string | undefined>(undefined);
  const projectKey = project?.path ?? project?.name ?? '';

  const refreshJobs = useCallback(async () => {
    setJobs(await projectJobs({ journal }, projectKey));
  }, [journal, projectKey]);

  const client = useCallback(() => {
    if (!settings) throw new Error('Settings are still loading.');
    if (!token) throw new Error('Add your RunComfy API token in Settings first.');
    return makeClient(platform, settings, token);
  }, [platform, settings, token]);

  const onProgress = useCallback((progress: GenerationProgress) => {
    if (progress.requestId) requestId.current = progress.requestId;
    if (progress.phase !== 'done') setRun({ kind: 'running', progress });
  }, []);

  // Load settings and the project, follow the selection.
  useEffect(() => {
    let live = true;
    void (async () => {
      const [s, t, c, info, sel] = await Promise.all([
        loadSettings(platform),
        loadToken(platform),
        loadChoice(platform),
        bridge.projectInfo(),
        bridge.getSelection(),
      ]);
      if (!live) return;
      setSettings(s);
      setToken(t);
      if (c) setChoice(c);
      setProject(info);
      setSelection(sel);
    })();
    const stop = bridge.onSelectionChanged(setSelection);
    return () => {
      live = false;
      stop();
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
        const results = await resumeProjectJobs({ platform, journal, client: client() }, projectKey, {
          signal: controller.signal,
          onProgress,
        });
        if (results.length > 0) setRun({ kind: 'result', results });
      } catch (error) {
        setRun({ kind: 'failed', message: describeError(error) });
      } finally {
        void refreshJobs();
      }
    })();
  }, [settings, project, token, refreshJobs, platform, journal, client, projectKey, onProgress]);

  const clip = selection?.state === 'single' ? selection.clip : undefined;
  const listAudioItems = useCallback(() => bridge.listAudioItems(), [bridge]);

  const generate = useCallback(
    async (targets: ClipSelection[]) => {
      if (!settings) return;
      const controller = new AbortController();
      abort.current = controller;
      requestId.current = undefined;
      setCancelling(false);
      setRun({ kind: 'running', progress: { phase: 'export', segment: { index: 0, count: 1 } } });
      await saveChoice(platform, choice);
      try {
        const deps = {
          bridge,
          platform,
          client: client(),
          inputHost: makeInputHost(platform, settings.s3),
          journal,
        };
        const results: SegmentResult[] = [];
        // A batch runs clip after clip: each is one job (or several for a split), each journaled on its own.
        for (const target of targets) {
          const audioChoice: AudioChoice = targets.length > 1 ? { kind: 'timeline' } : audio;
          results.push(
            ...(await runGeneration(
              deps,
              {
                clip: target,
                audio: audioChoice,
                options: choice,
                outputFolder: outputFolderFor(settings, project?.path ?? null, platform),
                projectPath: projectKey,
                split: target.durationSec > MAX_SEGMENT_SEC,
                encoder: settings.exportWithMediaEncoder ? 'media-encoder' : 'direct',
              },
              { signal: controller.signal, onProgress },
            )),
          );
        }
        setRun({ kind: 'result', results });
      } catch (error) {
        if (JobCancelledError.isInstance(error) || controller.signal.aborted) {
          setRun({
            kind: 'failed',
            message: 'Cancelled. Nothing was charged for a job cancelled while queued.',
          });
        } else {
          setRun({ kind: 'failed', message: describeError(error), retry: () => void generate(targets) });
        }
      } finally {
        setCancelling(false);
        void refreshJobs();
      }
    },
    [
      settings,
      platform,
      choice,
      bridge,
      client,
      journal,
      audio,
      project,
      projectKey,
      onProgress,
      refreshJobs,
    ],
  );

  const cancel = useCallback(async () => {
    setCancelling(true);
    const id = requestId.current;
    if (id) {
      // The service cancels queued jobs only; runJob then ends with JobCancelledError.
      try {
        await client().cancel(id);
        return;
      } catch (error) {
        setCancelling(false);
        setRun((current) =>
          current.kind === 'running' ? current : { kind: 'failed', message: describeError(error) },
        );
        return;
      }
    }
    abort.current?.abort();
  }, [client]);

  const retryJob = useCallback(
    async (record: JobRecord) => {
      const meta = record.meta as unknown as JobMeta;
      setTab('generate');
      setRun({ kind: 'running', progress: { phase: 'queued', segment: { index: 0, count: 1 } } });
      try {
        const c = client();
        const job = await c.runJob(record.input, {
          journal,
          meta: { ...meta },
          onUpdate: (u) =>
            onProgress({
              phase: u.status === 'in_queue' ? 'queued' : 'processing',
              segment: { index: 0, count: 1 },
              requestId: u.requestId,
              queuePosition: u.queuePosition ?? undefined,
            }),
        });
        const result = await saveOutput(
          { platform, journal },
          job.jobId ?? record.jobId,
          job.requestId,
          job.outputs[0],
          meta,
          {},
          meta.range ?? null,
          { index: 0, count: 1 },
        );
        setRun({ kind: 'result', results: [result] });
      } catch (error) {
        setRun({ kind: 'failed', message: describeError(error), retry: () => void retryJob(record) });
      } finally {
        void refreshJobs();
      }
    },
    [client, journal, onProgress, platform, refreshJobs],
  );

  const thumbnailFor = (c: ClipSelection) => {
    if (!simulated) return c.mediaPath ? toFileUrl(c.mediaPath) : undefined;
    const media = simulated.clips.find((s) => s.selection.clipId === c.clipId)?.media;
    return media ? `${simulated.mediaBaseUrl}${media}` : undefined;
  };
  const playable = (path: string) =>
    /^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : toFileUrl(path);

  return (
    <div className="panel">
      {simulated ? <SimulatedStrip host={simulated} /> : null}
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
          onSave={async (next, newToken) => {
            await saveSettings(platform, next);
            setSettings(next);
            if (newToken) {
              await saveToken(platform, newToken);
              setToken(newToken);
            }
          }}
          onTest={async (s3) => (await makeInputHost(platform, s3).testConnection()).warnings}
        />
      ) : null}
      {tab === 'jobs' ? <Jobs jobs={jobs} onRetry={(job) => void retryJob(job)} /> : null}
      {tab === 'generate' ? (
        <main className="generate">
          {run.kind === 'running' ? (
            <Progress progress={run.progress} onCancel={() => void cancel()} cancelling={cancelling} />
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
              onPlace={async (r, mode) => {
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
                const request = placeRequestFor(r, itemId, mode);
                const placed = await bridge.placeResult(request);
                const where = `on V${placed.trackIndex + 1} at ${placed.start.seconds.toFixed(2)} s`;
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
                    {clip.durationSec > MAX_SEGMENT_SEC ? 'Split and generate' : 'Generate'}
                  </button>
                  {!token ? <p className="muted">Add your RunComfy API token in Settings first.</p> : null}
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
