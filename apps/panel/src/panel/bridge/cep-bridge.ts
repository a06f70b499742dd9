import { abortReason } from '@reanimate/core';
import { HostError, type PollOptions, pollForChanges } from '@reanimate/panel-ui';
import {
  type ExportFinished,
  type ExportProgress,
  type ExportResult,
  HOST_EVENTS,
  HOST_NAMESPACE,
  type HostBridge,
  type HostResult,
  type HostScripts,
  type ProjectInfo,
  type SelectionState,
} from '@reanimate/panel-ui/host-bridge';
import { type CepEvent, type CSInterface, EVAL_SCRIPT_ERROR } from './csinterface.ts';

/** Where scripts/build-jsx.mjs writes the host scripts, relative to the extension root. */
export const HOST_SCRIPT_PATH = 'jsx/reanimate.jsx';

/**
 * Loads the host scripts into the host's ExtendScript engine ($.evalFile), as every panel start must: the
 * manifest has no ScriptPath, so reopening the panel also reloads them.
 */
export async function loadHostScripts(csi: CSInterface): Promise<void> {
  const path = `${csi.getSystemPath('extension')}/${HOST_SCRIPT_PATH}`;
  const answer = await csi.evalScript(`$.evalFile(${JSON.stringify(path)}); typeof $.${HOST_NAMESPACE}`);
  if (answer !== 'object') {
    throw new HostError({
      code: 'internal',
      message: `The host scripts did not load from ${path} (${answer}); reinstall the extension.`,
    });
  }
}

/**
 * The ExtendScript call for one entry point; the argument travels as a JSON literal. JSON.stringify leaves U+2028
 * and U+2029 raw, which end an ES3 string literal: escaped, the literal is valid ES3 and reads back the same.
 */
export function hostCall(name: keyof HostScripts, argument?: unknown): string {
  const args =
    argument === undefined
      ? ''
      : JSON.stringify(argument)
          .replace(/\u2028/g, '\\u2028')
          .replace(/\u2029/g, '\\u2029');
  return `$.${HOST_NAMESPACE}.${name}(${args})`;
}

export function parseHostResult<T>(raw: string): T {
  if (raw === EVAL_SCRIPT_ERROR || raw === '' || raw === 'undefined') {
    throw new HostError({
      code: 'internal',
      message: `The host scripts did not answer (${raw || 'empty result'}); reopen the panel.`,
    });
  }
  let parsed: HostResult<T>;
  try {
    parsed = JSON.parse(raw) as HostResult<T>;
  } catch {
    throw new HostError({
      code: 'internal',
      message: `The host answered something that is not JSON: ${raw.slice(0, 80)}`,
    });
  }
  if (!parsed.ok) throw new HostError(parsed.error);
  return parsed.value;
}

function eventData<T>(event: CepEvent): T {
  // CEP parses JSON event data itself since 6.1, but not on every host: accept both.
  return (typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as T;
}

/**
 * The watchdog over a Media Encoder export. AME's events reach us only through handlers bound in the host's one
 * ExtendScript engine, which another panel may re-bind (adobe-host-notes §10): a job can end without our
 * hearing of it, or wait behind the user's own AME queue. So the output files are also looked at: a file that
 * probes as complete media as long as the export counts as done; nothing for `timeoutMs` is a failure.
 */
export interface EncoderWatch {
  /** The file's length when it reads as complete media; undefined while absent, partial or unreadable. */
  probeOutput(path: string): Promise<{ durationSec: number | undefined } | undefined>;
  /** How often to look at the files, ms (default 5 000). */
  everyMs?: number;
  /** How long to wait without a finished event or a complete file, ms (default 30 minutes). */
  timeoutMs?: number;
}

export interface CepBridgeOptions {
  poll?: PollOptions;
  encoderWatch?: EncoderWatch;
}

/** The HostBridge in Premiere Pro / After Effects: evalScript into `$.reanimate`, CSXSEvents back. */
export function createCepBridge(
  csi: CSInterface,
  app: 'ppro' | 'aeft',
  bridgeOptions: CepBridgeOptions = {},
): HostBridge {
  const poll = bridgeOptions.poll ?? {};
  const watch = bridgeOptions.encoderWatch;
  const call = async <T>(name: keyof HostScripts, argument?: unknown) =>
    parseHostResult<T>(await csi.evalScript(hostCall(name, argument)));
  return {
    app,
    projectInfo: () => call('projectInfo'),
    getSelection: () => call('getSelection'),
    async exportSelection(request, options) {
      const signal = options?.signal;
      if (signal?.aborted) throw abortReason(signal);
      // Listen before the call: a queued Media Encoder job may end before evalScript's answer arrives.
      const finished = new Map<ExportFinished['phase'], ExportFinished>();
      let wake = () => {};
      const stops = [
        csi.addEventListener(HOST_EVENTS.exportProgress, (event) =>
          options?.onProgress?.(eventData<ExportProgress>(event)),
        ),
        csi.addEventListener(HOST_EVENTS.exportFinished, (event) => {
          const data = eventData<ExportFinished>(event);
          finished.set(data.phase, data);
          wake();
        }),
      ];
      try {
        // A direct export blocks the host while it renders; an abort can only stop us waiting for it.
        const result = await call<ExportResult>('exportSelection', request);
        if (result.method !== 'encoder') return result;
        const phases: ExportFinished['phase'][] = request.audioPath === null ? ['video'] : ['video', 'audio'];
        const expected: Record<ExportFinished['phase'], string | null> = {
          video: result.videoPath,
          audio: result.audioPath,
        };
        let onAbort = () => {};
        let watchdog: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve, reject) => {
          onAbort = () => reject(abortReason(signal));
          if (watch) {
            const started = Date.now();
            const look = async () => {
              for (const phase of phases) {
                const path = expected[phase];
                if (finished.has(phase) || !path) continue;
                const probe = await watch.probeOutput(path).catch(() => undefined);
                // Complete and as long as the clip (within two frames): AME finished, whether or not we heard it.
                const frame = result.frames > 0 ? result.durationSec / result.frames : 0.04;
                if (
                  probe?.durationSec !== undefined &&
                  Math.abs(probe.durationSec - result.durationSec) <= 2 * frame
                )
                  finished.set(phase, { phase, ok: true, path, error: null });
              }
              wake();
              if (phases.every((phase) => finished.has(phase))) return;
              if (Date.now() - started >= (watch.timeoutMs ?? 30 * 60_000)) {
                const minutes = Math.round((watch.timeoutMs ?? 30 * 60_000) / 60_000);
                reject(
                  new HostError({
                    code: 'export_failed',
                    message: `Media Encoder has not finished the export after ${minutes || 'a few'} minute(s): check its queue (other queued jobs run first), then try again.`,
                  }),
                );
                return;
              }
              watchdog = setTimeout(() => void look(), watch.everyMs ?? 5000);
            };
            watchdog = setTimeout(() => void look(), watch.everyMs ?? 5000);
          }
          wake = () => {
            for (const phase of phases) {
              const end = finished.get(phase);
              if (end && !end.ok) {
                reject(
                  new HostError({
                    code: 'export_failed',
                    message: `Media Encoder could not export the ${phase}: ${end.error ?? 'no reason given'}`,
                  }),
                );
                return;
              }
            }
            if (phases.every((phase) => finished.get(phase)?.ok)) resolve();
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          if (signal?.aborted) onAbort();
          wake();
        }).finally(() => {
          signal?.removeEventListener('abort', onAbort);
          clearTimeout(watchdog);
        });
        return {
          ...result,
          videoPath: finished.get('video')?.path ?? result.videoPath,
          audioPath: request.audioPath === null ? null : (finished.get('audio')?.path ?? result.audioPath),
        };
      } finally {
        for (const stop of stops) stop();
      }
    },
    importResult: (request) => call('importResult', request),
    placeResult: (request) => call('placeResult', request),
    listAudioItems: () => call('listAudioItems'),
    selfTestSetup: (request) => call('selfTestSetup', request),
    selfTestCleanup: () => call('selfTestCleanup'),
    onSelectionChanged(listener) {
      // After Effects sends nothing when the selection changes: follow it by polling while the panel is visible.
      if (app === 'aeft') return pollForChanges(() => call<SelectionState>('getSelection'), listener, poll);
      return csi.addEventListener(HOST_EVENTS.selectionChanged, (event) =>
        listener(eventData<SelectionState>(event)),
      );
    },
    onProjectChanged(listener) {
      if (app === 'aeft')
        return pollForChanges(() => call<ProjectInfo>('projectInfo'), listener, {
          ...poll,
          intervalMs: 2000,
        });
      return csi.addEventListener(HOST_EVENTS.projectChanged, (event) =>
        listener(eventData<ProjectInfo>(event)),
      );
    },
  };
}
