import { ReanimateError } from '@reanimate/core';
import { useEffect, useState } from 'react';
import type { ClipSelection } from '../host-bridge.ts';
import { checkClipFaces } from './check-clip.ts';
import type { CanvasFaceDetector, FaceCheckState } from './types.ts';

export interface FaceCheckDeps {
  loadDetector: () => Promise<CanvasFaceDetector>;
}

// Results by clip span and media: selecting a clip again shows its findings without looking again.
const finished = new Map<string, FaceCheckState>();

const keyOf = (clip: ClipSelection, url: string) =>
  [url, clip.inPoint.ticks, clip.outPoint.ticks, clip.speed, clip.reversed].join('|');

function describe(error: unknown): string {
  if (ReanimateError.isInstance(error)) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

/**
 * Checks the selected clip's faces as soon as it is selected (when the setting is on and its media can be shown),
 * and stops looking when the selection changes. Undefined when there is nothing to check.
 */
export function useFaceCheck(
  clip: ClipSelection | undefined,
  url: string | undefined,
  enabled: boolean,
  deps: FaceCheckDeps,
): FaceCheckState | undefined {
  const [state, setState] = useState<FaceCheckState | undefined>(undefined);
  const key = clip && url && enabled ? keyOf(clip, url) : undefined;
  const { loadDetector } = deps;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the clip and url it is made of.
  useEffect(() => {
    if (!key || !clip || !url) {
      setState(undefined);
      return;
    }
    const known = finished.get(key);
    if (known) {
      setState(known);
      return;
    }
    const controller = new AbortController();
    setState({ status: 'checking', done: 0, total: 0 });
    void (async () => {
      try {
        const detector = await loadDetector();
        const check = await checkClipFaces(url, clip, {
          detector,
          signal: controller.signal,
          onProgress: (done, total) => {
            if (!controller.signal.aborted) setState({ status: 'checking', done, total });
          },
        });
        const result: FaceCheckState = {
          status: 'done',
          findings: check.findings,
          samples: check.samples.length,
          elapsedMs: check.elapsedMs,
        };
        finished.set(key, result);
        if (!controller.signal.aborted) setState(result);
      } catch (error) {
        if (!controller.signal.aborted) setState({ status: 'failed', message: describe(error) });
      }
    })();
    return () => controller.abort();
  }, [key, loadDetector]);

  return state;
}
