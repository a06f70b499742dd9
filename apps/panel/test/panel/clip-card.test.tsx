import { ClipCard } from '@reanimate/panel-ui/app/ClipCard.tsx';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SIMULATED_CLIPS } from '../../src/panel/bridge/simulated-timeline.ts';

const [face, long] = SIMULATED_CLIPS.map((c) => c.selection);
const noThumb = () => undefined;

describe('ClipCard', () => {
  it.each([
    [{ state: 'no-project' } as const, 'No project open'],
    [{ state: 'no-sequence' } as const, 'No sequence open'],
    [{ state: 'none' } as const, 'No clip selected'],
    [{ state: 'unsupported', reason: 'Lower third is a title.' } as const, 'This item cannot be re-animated'],
  ])('explains the %o state', (selection, title) => {
    render(<ClipCard selection={selection} thumbnailFor={noThumb} />);
    expect(screen.getByRole('status')).toHaveProperty('textContent', expect.stringContaining(title));
  });

  it('shows name, duration and no split note for a short clip', () => {
    render(<ClipCard selection={{ state: 'single', clip: face! }} thumbnailFor={noThumb} />);
    const card = screen.getByRole('region', { name: 'Selected clip' });
    expect(card.textContent).toContain('Interview A');
    expect(card.textContent).toContain('4.0 s');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('offers a split for a clip over 15 s', () => {
    render(<ClipCard selection={{ state: 'single', clip: long! }} thumbnailFor={noThumb} />);
    expect(screen.getByRole('note').textContent).toMatch(/Longer than 15 s.*split/);
  });

  it('lists several clips and offers a batch', () => {
    const batches: number[] = [];
    render(
      <ClipCard
        selection={{ state: 'multiple', clips: [face!, long!] }}
        thumbnailFor={noThumb}
        onBatch={(clips) => batches.push(clips.length)}
      />,
    );
    expect(screen.getByText('2 clips selected')).toBeTruthy();
    screen.getByRole('button', { name: 'Generate a batch of 2' }).click();
    expect(batches).toEqual([2]);
  });
});
