import { describe, expect, it } from 'vitest';
import { describeState, ProgressRenderer, progressModeFor } from '../src/progress.js';
import { CONTROL_CHARS } from './helpers.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (chunk: string) => chunks.push(chunk) } };
}

describe('progress', () => {
  it('picks the live line only for a terminal, and colour only without NO_COLOR', () => {
    expect(progressModeFor({ isTTY: true, write: () => true }, {})).toEqual({ mode: 'tty', color: true });
    expect(progressModeFor({ isTTY: true, write: () => true }, { NO_COLOR: '1' })).toEqual({
      mode: 'tty',
      color: false,
    });
    expect(progressModeFor({ isTTY: false, write: () => true }, {})).toEqual({ mode: 'plain', color: false });
    expect(progressModeFor({ write: () => true }, { TERM: 'dumb' })).toEqual({ mode: 'plain', color: false });
  });

  it('describes phases with their numbers', () => {
    expect(describeState({ phase: 'uploading', percent: 41.7 })).toBe('uploading 41%');
    expect(describeState({ phase: 'queued', queuePosition: 2 })).toBe('queued #3');
    expect(describeState({ phase: 'processing' })).toBe('processing');
  });

  it('plain mode: one line per phase change, no control characters, no colour', () => {
    let now = 0;
    const { chunks, stream } = sink(false);
    const progress = new ProgressRenderer({ stream, mode: 'plain', color: false, now: () => now });
    progress.update('', { phase: 'uploading', percent: 10 });
    progress.update('', { phase: 'uploading', percent: 90 });
    now = 3_000;
    progress.update('', { phase: 'queued', queuePosition: 0 });
    progress.update('', { phase: 'queued', queuePosition: 0 });
    progress.update('row 2', { phase: 'processing' });
    progress.update('', { phase: 'done' });
    progress.close();
    expect(chunks.join('')).toBe('[0:00] uploading\n[0:03] queued\n[0:03] row 2: processing\n[0:03] done\n');
    expect(CONTROL_CHARS.test(chunks.join(''))).toBe(false);
  });

  it('TTY mode: rewrites one line in place, coloured unless NO_COLOR, and clears it on close', () => {
    const colour = sink(true);
    const progress = new ProgressRenderer({
      stream: colour.stream,
      mode: 'tty',
      color: true,
      now: () => 65_000,
      tickMs: 60_000,
    });
    progress.update('', { phase: 'uploading', percent: 42 });
    progress.update('', { phase: 'queued', queuePosition: 2 });
    progress.log('a message');
    progress.close();
    const text = colour.chunks.join('');
    expect(text).toContain('\r\u001b[2K\u001b[36muploading 42%\u001b[0m · 0:00');
    expect(text).toContain('\u001b[36mqueued #3\u001b[0m');
    expect(text).toContain('\r\u001b[2Ka message\n');
    expect(text.endsWith('\r\u001b[2K')).toBe(true);

    const plain = sink(true);
    const noColour = new ProgressRenderer({
      stream: plain.stream,
      mode: 'tty',
      color: false,
      tickMs: 60_000,
    });
    noColour.update('row 1', { phase: 'processing' });
    noColour.close();
    expect(plain.chunks.join('')).not.toContain('\u001b[3');
    expect(plain.chunks.join('')).toContain('row 1 processing');
  });

  it('keeps the TTY line narrower than the terminal and strips escapes from labels', () => {
    const { chunks, stream } = sink(true);
    stream.columns = 30;
    const progress = new ProgressRenderer({ stream, mode: 'tty', color: false, tickMs: 60_000 });
    progress.update('row \u001b[31m1 with a very long label indeed', { phase: 'processing' });
    progress.close();
    const line = (chunks[0] as string).replace('\r\u001b[2K', '');
    expect(line.length).toBeLessThanOrEqual(29);
    expect(line).not.toContain('\u001b');
  });
});
