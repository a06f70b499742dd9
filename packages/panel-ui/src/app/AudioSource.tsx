import { useEffect, useState } from 'react';
import type { AudioItem } from '../host-bridge.ts';
import type { AudioChoice } from '../pipeline/types.ts';

export interface AudioSourceProps {
  value: AudioChoice;
  hasTimelineAudio: boolean;
  onChange: (value: AudioChoice) => void;
  pickFile: () => Promise<{ path: string; name: string } | undefined>;
  /** The project's audio items (`HostBridge.listAudioItems`). */
  listItems: () => Promise<AudioItem[]>;
}

const itemChoice = (item: AudioItem): AudioChoice => ({
  kind: 'project-item',
  path: item.mediaPath,
  name: item.name,
  itemId: item.itemId,
});

export function itemLabel(item: AudioItem): string {
  const where = item.binPath ? ` — ${item.binPath}` : '';
  const duration = item.durationSec === null ? '' : ` · ${item.durationSec.toFixed(1)} s`;
  return `${item.name}${where}${duration}`;
}

/** Where the new speech comes from: the clip's own timeline audio, a dub file, or an audio item of the project. */
export function AudioSource({ value, hasTimelineAudio, onChange, pickFile, listItems }: AudioSourceProps) {
  const [items, setItems] = useState<AudioItem[]>();
  const [listing, setListing] = useState<'idle' | 'loading' | 'shown'>('idle');
  const [message, setMessage] = useState('');
  const chooseFile = async () => {
    setListing('idle');
    const picked = await pickFile();
    if (picked) onChange({ kind: 'file', ...picked });
  };
  const chooseItem = async () => {
    setListing('loading');
    setMessage('');
    try {
      // Listed afresh each time: the user may have imported a dub since.
      const found = await listItems();
      setItems(found);
      const first = found[0];
      if (first) {
        setListing('shown');
        onChange(itemChoice(first));
      } else {
        // Back to the previous choice: the radio must never show an option the generation would not use.
        setListing('idle');
        setMessage('No audio items in this project: import a dub first, or pick a file.');
      }
    } catch (error) {
      setListing('idle');
      setMessage(error instanceof Error ? error.message : String(error));
    }
  };
  // Remounted with an item already chosen (after a run): list again to show the select.
  const needsList = value.kind === 'project-item' && items === undefined;
  useEffect(() => {
    if (!needsList) return;
    let live = true;
    listItems().then(
      (found) => live && setItems(found),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [needsList, listItems]);
  const showItems = listing !== 'idle' || value.kind === 'project-item';
  return (
    <fieldset className="group">
      <legend>Audio</legend>
      <label className="radio">
        <input
          type="radio"
          name="audio"
          checked={value.kind === 'timeline' && !showItems}
          disabled={!hasTimelineAudio}
          onChange={() => {
            setListing('idle');
            onChange({ kind: 'timeline' });
          }}
        />
        The clip's timeline audio
      </label>
      <label className="radio">
        <input
          type="radio"
          name="audio"
          checked={value.kind === 'file' && !showItems}
          onChange={() => void chooseFile()}
        />
        A dub file from disk{value.kind === 'file' ? `: ${value.name}` : ''}
      </label>
      <label className="radio">
        <input type="radio" name="audio" checked={showItems} onChange={() => void chooseItem()} />A project
        item
      </label>
      {showItems && items && items.length > 0 ? (
        <select
          aria-label="Project audio item"
          value={value.kind === 'project-item' ? value.itemId : ''}
          onChange={(e) => {
            const item = items.find((i) => i.itemId === e.currentTarget.value);
            if (item) onChange(itemChoice(item));
          }}
        >
          {items.map((item) => (
            <option key={item.itemId} value={item.itemId}>
              {itemLabel(item)}
            </option>
          ))}
        </select>
      ) : null}
      {listing === 'loading' ? <p className="muted">Listing the project's audio…</p> : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}
