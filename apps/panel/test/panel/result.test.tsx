import { Result } from '@reanimate/panel-ui/app/Result.tsx';
import type { SegmentResult } from '@reanimate/panel-ui/pipeline/types.ts';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

const result = (drift?: string): SegmentResult => ({
  jobId: 'job-1',
  clipId: 'clip1',
  clipName: 'Interview A',
  requestId: 'req-1',
  localPath: '/out/Interview-A.mp4',
  outputUrl: 'https://example.test/out.mp4',
  sourceUrl: '/exports/Interview-A.mp4',
  range: null,
  ...(drift ? { drift } : {}),
});

/** `video: false`: a host without video playback (UXP) passes no `playable`. */
function show(results: SegmentResult[], video = true) {
  const playable = video ? (path: string) => path : undefined;
  return render(
    <Result
      results={results}
      defaultBin="Reanimate"
      onImport={async () => 'imported'}
      onPlace={async () => 'placed'}
      onReveal={() => {}}
      onDone={() => {}}
      playable={playable}
    />,
  );
}

describe('the Result screen', () => {
  it('warns about a drifting result before the place buttons', () => {
    const message =
      'The result is 0.500 s shorter than expected (12 frames): placed over the original it will slip.';
    show([result(message)]);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(message);
    const place = screen.getByRole('button', { name: 'Place above' });
    // The warning comes first in reading order, so a screen reader meets it before the action.
    expect(alert.compareDocumentPosition(place) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows no warning for a result that matches its source', () => {
    show([result()]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the Result screen where the host cannot play video (UXP)', () => {
  it('shows no player and says where to compare the result instead', () => {
    const { container } = show([result()], false);
    expect(container.querySelectorAll('video')).toHaveLength(0);
    expect(screen.getByRole('note').textContent).toMatch(
      /cannot play video: import the result .*Source Monitor/,
    );
    expect(screen.getByRole('button', { name: 'Place above' })).toBeTruthy();
  });
});
