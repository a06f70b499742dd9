import { AudioSource } from '@reanimate/panel-ui/app/AudioSource.tsx';
import type { AudioItem } from '@reanimate/panel-ui/host-bridge';
import type { AudioChoice } from '@reanimate/panel-ui/pipeline/types.ts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { SimulatedHost } from '../../src/panel/bridge/simulated-host.ts';

function Harness(props: { listItems: () => Promise<AudioItem[]>; seen: AudioChoice[] }) {
  const [value, setValue] = useState<AudioChoice>({ kind: 'timeline' });
  return (
    <AudioSource
      value={value}
      hasTimelineAudio
      onChange={(v) => {
        props.seen.push(v);
        setValue(v);
      }}
      pickFile={async () => {
        throw new Error('the file picker must not open for a project item');
      }}
      listItems={props.listItems}
    />
  );
}

describe('AudioSource', () => {
  it('lists the project’s audio items (name, bin, duration) instead of opening the file picker', async () => {
    const host = new SimulatedHost({ mediaBaseUrl: '/media/' });
    const seen: AudioChoice[] = [];
    render(<Harness listItems={() => host.listAudioItems()} seen={seen} />);
    fireEvent.click(screen.getByLabelText('A project item'));
    const select = (await screen.findByLabelText('Project audio item')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Interview A (French).wav — Dubs · 4.0 s',
      'Interview A (German).mp3 — Dubs/German · 4.0 s',
    ]);
    expect((screen.getByLabelText('A project item') as HTMLInputElement).checked).toBe(true);
    expect(seen.at(-1)).toEqual({
      kind: 'project-item',
      itemId: 'dub-fr',
      name: 'Interview A (French).wav',
      path: '/media/dub.wav',
    });
    fireEvent.change(select, { target: { value: 'dub-de' } });
    expect(seen.at(-1)).toMatchObject({ itemId: 'dub-de', path: '/media/dub.mp3' });
    expect(select.value).toBe('dub-de');
    fireEvent.click(screen.getByLabelText("The clip's timeline audio"));
    expect(seen.at(-1)).toEqual({ kind: 'timeline' });
    expect(screen.queryByLabelText('Project audio item')).toBeNull();
  });

  it('says so when the project has no audio items, and keeps the previous choice', async () => {
    const seen: AudioChoice[] = [];
    render(<Harness listItems={async () => []} seen={seen} />);
    fireEvent.click(screen.getByLabelText('A project item'));
    await screen.findByText(/No audio items in this project/);
    await waitFor(() =>
      expect((screen.getByLabelText("The clip's timeline audio") as HTMLInputElement).checked).toBe(true),
    );
    expect(seen).toEqual([]);
  });
});
