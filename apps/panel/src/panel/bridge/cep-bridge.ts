import { abortReason } from '@reanimate/core';
import {
  type ExportFinished,
  type ExportProgress,
  type ExportResult,
  HOST_EVENTS,
  HOST_NAMESPACE,
  type HostBridge,
  type HostFailure,
  type HostResult,
  type HostScripts,
  type ProjectInfo,
  type SelectionState,
} from '../../shared/bridge.ts';
import { type CepEvent, type CSInterface, EVAL_SCRIPT_ERROR } from './csinterface.ts';
import { type PollOptions, pollForChanges } from './poll-host.ts';

/** A host operation that refused; `code` says why, for the panel's states. */
export class HostError extends Error {
  readonly code: HostFailure['code'];
  constructor(failure: HostFailure) {
    super(failure.message);
    this.name = 'HostError';
    this.code = failure.code;
  }
}

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

/** The HostBridge in Premiere Pro / After Effects: evalScript into `$.reanimate`, CSXSEvents back. */
export function createCepBridge(csi: CSInterface, app: 'ppro' | 'aeft', poll: PollOptions = {}): HostBridge {
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
        let onAbort = () => {};
        await new Promise<void>((resolve, reject) => {
          onAbort = () => reject(abortReason(signal));
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
        }).finally(() => signal?.removeEventListener('abort', onAbort));
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
