import { Options } from '@reanimate/panel-ui/app/Options.tsx';
import { Progress } from '@reanimate/panel-ui/app/Progress.tsx';
import { DEFAULT_CHOICE, type React1Choice } from '@reanimate/panel-ui/pipeline/options.ts';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

describe('Progress', () => {
  it('shows the queue position (1-based) and lets a queued job be cancelled', () => {
    let cancelled = 0;
    render(
      <Progress
        progress={{ phase: 'queued', queuePosition: 2, segment: { index: 0, count: 1 } }}
        onCancel={() => cancelled++}
      />,
    );
    expect(screen.getByText(/Waiting in the queue \(position 3\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancelled).toBe(1);
  });

  it('disables Cancel once the service is processing (it refuses then)', () => {
    render(
      <Progress progress={{ phase: 'processing', segment: { index: 1, count: 2 } }} onCancel={() => {}} />,
    );
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('heading').textContent).toContain('segment 2 of 2');
  });
});

describe('Progress of an export', () => {
  it('shows the export percentage when the host reports one (Media Encoder), nothing when it cannot tell', () => {
    const { rerender } = render(
      <Progress progress={{ phase: 'export', fraction: 0.456, segment: { index: 0, count: 1 } }} />,
    );
    expect(screen.getByText('Export from the timeline (46 %)')).toBeTruthy();
    rerender(<Progress progress={{ phase: 'export', fraction: null, segment: { index: 0, count: 1 } }} />);
    expect(screen.getByText('Export from the timeline')).toBeTruthy();
  });
});

describe('Options', () => {
  it('explains each option in one line and reports changes', () => {
    const seen: React1Choice[] = [];
    render(<Options value={DEFAULT_CHOICE} onChange={(v) => seen.push(v)} />);
    const emotion = screen.getByLabelText('Emotion');
    expect(emotion.getAttribute('aria-describedby')).toBe('help-emotion');
    expect(document.getElementById('help-emotion')?.textContent).toMatch(/emotion/i);
    fireEvent.change(emotion, { target: { value: 'happy' } });
    fireEvent.change(screen.getByRole('slider'), { target: { value: '0.8' } });
    expect(seen).toEqual([
      { ...DEFAULT_CHOICE, emotion: 'happy' },
      { ...DEFAULT_CHOICE, temperature: 0.8 },
    ]);
  });
});
