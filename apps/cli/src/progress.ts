/**
 * The live progress line. On a terminal: one line rewritten in place (\r + clear), refreshed every second for the
 * elapsed time. Anywhere else (logs, CI, pipes): one plain line per phase change, no control characters, no
 * spinner. Colour only on a terminal and never with NO_COLOR. Progress goes to stderr, so stdout stays for
 * results (and for --json).
 */

export type Phase =
  | 'checking'
  | 'splitting'
  | 'uploading'
  | 'submitting'
  | 'queued'
  | 'processing'
  | 'downloading'
  | 'joining'
  | 'waiting'
  | 'done'
  | 'skipped'
  | 'failed'
  | 'cancelled'
  | 'interrupted';

export interface ProgressState {
  phase: Phase;
  /** 0-100, for uploading and downloading. */
  percent?: number | undefined;
  /** Jobs ahead of this one while queued (the service's queue_position). */
  queuePosition?: number | undefined;
  /** A short note, e.g. "rate limited, retrying in 3 s". */
  detail?: string | undefined;
}

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export type ProgressMode = 'tty' | 'plain' | 'silent';

export interface ProgressOptions {
  stream: OutputStream;
  mode: ProgressMode;
  color: boolean;
  now?: () => number;
  /** Refresh period of the TTY line (elapsed time), ms. */
  tickMs?: number;
}

/** NO_COLOR (any non-empty value, no-color.org) and non-terminals get no colour; only terminals get the live line. */
export function progressModeFor(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): { mode: ProgressMode; color: boolean } {
  const tty = stream.isTTY === true && env.TERM !== 'dumb';
  return { mode: tty ? 'tty' : 'plain', color: tty && !env.NO_COLOR };
}

const TERMINAL: readonly Phase[] = ['done', 'skipped', 'failed', 'cancelled', 'interrupted'];

const COLORS: Partial<Record<Phase, string>> = {
  done: '32',
  skipped: '32',
  failed: '31',
  cancelled: '33',
  interrupted: '33',
  waiting: '33',
  queued: '36',
  processing: '36',
  uploading: '36',
  downloading: '36',
};

/** Drops control characters (a file name could carry escape sequences) so nothing rewrites the terminal. */
export function sanitize(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The words for a state, without colour: "uploading 42%", "queued #3", "processing". */
export function describeState(state: ProgressState, withNumbers = true): string {
  let text: string = state.phase;
  if (
    withNumbers &&
    state.percent !== undefined &&
    (state.phase === 'uploading' || state.phase === 'downloading')
  ) {
    text += ` ${Math.max(0, Math.min(100, Math.floor(state.percent)))}%`;
  }
  if (withNumbers && state.phase === 'queued' && state.queuePosition !== undefined)
    text += ` #${state.queuePosition + 1}`;
  if (state.detail) text += ` (${state.detail})`;
  return sanitize(text);
}

export class ProgressRenderer {
  private readonly stream: OutputStream;
  private readonly mode: ProgressMode;
  private readonly color: boolean;
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly states = new Map<string, ProgressState>();
  /** What the plain mode printed last per job, so it prints only changes. */
  private readonly printed = new Map<string, string>();
  private summary = '';
  private lineShown = false;
  private lastLine = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ProgressOptions) {
    this.stream = options.stream;
    this.mode = options.mode;
    this.color = options.color;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    if (this.mode === 'tty') {
      this.timer = setInterval(() => this.redraw(), options.tickMs ?? 1000);
      // The refresh must never keep the process alive on its own.
      this.timer.unref?.();
    }
  }

  private paint(phase: Phase, text: string): string {
    const code = COLORS[phase];
    return this.color && code ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  /** Reports a job's state; `label` tells jobs apart ("" for a single run). */
  update(label: string, state: ProgressState): void {
    if (TERMINAL.includes(state.phase)) this.states.delete(label);
    else this.states.set(label, state);
    if (this.mode === 'plain') {
      const words = describeState(state, false);
      if (this.printed.get(label) !== words) {
        this.printed.set(label, words);
        const prefix = label ? `${sanitize(label)}: ` : '';
        this.stream.write(`[${formatElapsed(this.now() - this.startedAt)}] ${prefix}${words}\n`);
      }
    } else if (this.mode === 'tty') {
      this.redraw();
    }
  }

  /** Drops a job from the live line without printing anything (its work continues under other labels). */
  clear(label: string): void {
    this.states.delete(label);
    if (this.mode === 'tty') this.redraw();
  }

  /** Text shown before the jobs on the TTY line, e.g. "3/10 done". */
  setSummary(text: string): void {
    this.summary = sanitize(text);
    if (this.mode === 'tty') this.redraw();
  }

  /** A message on its own line, above the live line. */
  log(message: string): void {
    if (this.mode === 'silent') return;
    this.clearLine();
    this.stream.write(`${message}\n`);
    if (this.mode === 'tty') this.redraw();
  }

  private clearLine(): void {
    if (this.mode === 'tty' && this.lineShown) {
      this.stream.write('\r\u001b[2K');
      this.lineShown = false;
    }
  }

  private redraw(): void {
    if (this.mode !== 'tty') return;
    const parts: string[] = [];
    for (const [label, state] of this.states) {
      const words = this.paint(state.phase, describeState(state));
      parts.push(label ? `${sanitize(label)} ${words}` : words);
    }
    if (parts.length === 0 && !this.summary) {
      this.clearLine();
      return;
    }
    const elapsed = formatElapsed(this.now() - this.startedAt);
    const body = [this.summary, parts.join(' | ')].filter(Boolean).join(' · ');
    let line = `${body} · ${elapsed}`;
    const width = this.stream.columns;
    // A line wider than the terminal wraps, and \r would then rewrite only its last row.
    if (width && width > 10 && visibleLength(line) > width - 1) line = truncateVisible(line, width - 2);
    // Uploads report many times per percent: repaint only what changed.
    if (this.lineShown && line === this.lastLine) return;
    this.stream.write(`\r\u001b[2K${line}`);
    this.lineShown = true;
    this.lastLine = line;
  }

  /** Clears the live line and stops refreshing; call before printing results. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearLine();
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching colour escapes
const ANSI = /\u001b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Cuts to `width` visible characters, keeping colour codes balanced by resetting at the end. */
function truncateVisible(text: string, width: number): string {
  let out = '';
  let visible = 0;
  for (let index = 0; index < text.length && visible < width - 1; ) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching colour escapes
    const match = text[index] === '\u001b' ? /^\u001b\[[0-9;]*m/.exec(text.slice(index)) : null;
    if (match) {
      out += match[0];
      index += match[0].length;
      continue;
    }
    out += text[index];
    visible += 1;
    index += 1;
  }
  return `${out}…${text.includes('\u001b[') ? '\u001b[0m' : ''}`;
}
