import { listen } from '../db/listen.js';
import type { Database } from '../db/pool.js';
import { RUN_CHANNEL, type RunEvent } from '../worker/notify.js';

/**
 * One LISTEN connection per server process, fanned out to every open event stream: the workers announce each
 * state change with pg_notify (worker/notify.ts), in the same statement that writes it.
 */
export interface RunEvents {
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void;
  close(): Promise<void>;
}

export async function listenToRuns(db: Database): Promise<RunEvents> {
  const listeners = new Map<string, Set<(event: RunEvent) => void>>();
  const channel = await listen(
    db,
    RUN_CHANNEL,
    (payload) => {
      const event = JSON.parse(payload) as RunEvent;
      for (const listener of listeners.get(event.runId) ?? []) listener(event);
    },
    // Back after an outage: every open stream re-reads its job, in case it missed a change meanwhile.
    () => {
      for (const [runId, set] of listeners) for (const listener of set) listener({ runId, state: 'pending' });
    },
  );
  return {
    subscribe(runId, listener) {
      const set = listeners.get(runId) ?? new Set();
      listeners.set(runId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(runId);
      };
    },
    close: () => channel.close(),
  };
}
