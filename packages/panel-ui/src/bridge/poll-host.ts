/**
 * Follows a host value that has no change notification (After Effects: no selection or project events for
 * scripts, AG application.md): reads it every `intervalMs` while the panel is visible and calls `onChange` when
 * it differs from the last reading (compared as JSON, which is what crossed the bridge). Readings never overlap;
 * a failed reading is skipped, not fatal.
 */
export interface PollOptions {
  intervalMs?: number;
  /** Whether the panel is on screen (default: document.visibilityState). Hidden panels cost nothing. */
  isVisible?: () => boolean;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function pollForChanges<T>(
  read: () => Promise<T>,
  onChange: (value: T) => void,
  options: PollOptions = {},
): () => void {
  const intervalMs = options.intervalMs ?? 600;
  const isVisible =
    options.isVisible ?? (() => typeof document === 'undefined' || document.visibilityState !== 'hidden');
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let last: string | undefined;
  let stopped = false;
  let timer: unknown;
  const tick = async () => {
    if (stopped) return;
    if (isVisible()) {
      try {
        const value = await read();
        const seen = JSON.stringify(value);
        if (!stopped && seen !== last) {
          // The first reading only sets the baseline: the panel reads the value itself when it opens.
          if (last !== undefined) onChange(value);
          last = seen;
        }
      } catch {
        // A busy host (a modal dialog, a render) answers nothing for a while: try again next time.
      }
    }
    if (!stopped) timer = setTimer(() => void tick(), intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimer(timer);
  };
}
