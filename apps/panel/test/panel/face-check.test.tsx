import type { FaceFinding } from '@reanimate/core';
import { ReanimateError } from '@reanimate/core';
import { App } from '@reanimate/panel-ui/app/App.tsx';
import { FaceCheck } from '@reanimate/panel-ui/app/FaceCheck.tsx';
import { Settings } from '@reanimate/panel-ui/app/Settings.tsx';
import { EMPTY_SETTINGS } from '@reanimate/panel-ui/app/settings-model.ts';
import { clipSampleTimes, mediaTimeOf } from '@reanimate/panel-ui/faces/check-clip.ts';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SimulatedHost } from '../../src/panel/bridge/simulated-host.ts';
import { hostTime, SIMULATED_CLIPS } from '../../src/panel/bridge/simulated-timeline.ts';
import { fakePlatform } from './fake-platform.ts';

const face = SIMULATED_CLIPS[0]?.selection as NonNullable<(typeof SIMULATED_CLIPS)[0]>['selection'];

describe('where the panel looks', () => {
  it('samples 4 frames a second from the clip start and its last frame, at the timeline rate', () => {
    const times = clipSampleTimes({ ...face, durationSec: 2, fps: 25 });
    expect(times).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.96]);
  });

  it('maps timeline time into the source from the in point, at the clip speed, backwards when reversed', () => {
    const clip = { ...face, inPoint: hostTime(10), outPoint: hostTime(18), speed: 2, durationSec: 4 };
    expect(mediaTimeOf(clip, 0)).toBe(10);
    expect(mediaTimeOf(clip, 1.5)).toBe(13);
    expect(mediaTimeOf({ ...clip, reversed: true }, 0)).toBe(18);
    expect(mediaTimeOf({ ...clip, reversed: true }, 1.5)).toBe(15);
  });
});

const finding = (code: FaceFinding['code'], startSec: number, endSec: number): FaceFinding => ({
  code,
  startSec,
  endSec,
  severity: 'warn',
  message: `${code} message`,
});

describe('the face check on the clip card', () => {
  it('says it is looking, with the frames done so far', () => {
    render(<FaceCheck state={{ status: 'checking', done: 5, total: 17 }} durationSec={4} />);
    expect(screen.getByRole('status').textContent).toBe('Checking faces (5/17 frames)…');
  });

  it('says so when one face is seen throughout', () => {
    render(
      <FaceCheck state={{ status: 'done', findings: [], samples: 17, elapsedMs: 900 }} durationSec={4} />,
    );
    expect(screen.getByRole('status').textContent).toBe('Face check: one face throughout.');
  });

  it('marks each finding over its span of the clip, and lists what to do', () => {
    const findings = [finding('several_faces', 0, 1), finding('no_face', 3, 4)];
    render(<FaceCheck state={{ status: 'done', findings, samples: 17, elapsedMs: 900 }} durationSec={4} />);
    const marks = within(
      screen.getByRole('list', { name: 'Where the findings fall on the clip' }),
    ).getAllByRole('listitem');
    expect(marks.map((mark) => [mark.getAttribute('aria-label'), mark.style.left, mark.style.width])).toEqual(
      [
        ['Several faces from 0.00 s to 1.00 s', '0%', '25%'],
        ['No face from 3.00 s to 4.00 s', '75%', '25%'],
      ],
    );
    const region = screen.getByRole('region', { name: 'Face check' });
    expect(region.textContent).toContain('several_faces message');
    expect(region.textContent).toContain('no_face message');
  });

  it('says why the check could not run', () => {
    render(
      <FaceCheck state={{ status: 'failed', message: 'The detector did not start.' }} durationSec={4} />,
    );
    expect(screen.getByRole('note').textContent).toBe('Face check unavailable: The detector did not start.');
  });

  it('is a setting, on by default, saved with the others', async () => {
    const onSave = vi.fn(async () => {});
    render(
      <Settings
        settings={EMPTY_SETTINGS}
        tokenSet
        teamKeySet={false}
        onSave={onSave}
        onTest={async () => []}
      />,
    );
    const box = screen.getByRole('checkbox', {
      name: 'Check faces when a clip is selected',
    }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ faceCheck: false }), undefined, undefined);
  });

  it('in the panel, a detector that cannot start leaves Generate available and says why', async () => {
    const simulated = new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] });
    const faceDetector = vi.fn(() =>
      Promise.reject(new ReanimateError('face_check', 'The face detector could not start in this panel.')),
    );
    render(<App bridge={simulated} platform={fakePlatform()} faceDetector={faceDetector} />);
    expect((await screen.findByRole('note')).textContent).toBe(
      'Face check unavailable: The face detector could not start in this panel.',
    );
    expect(faceDetector).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Generate' })).toBeTruthy();
  });
});
