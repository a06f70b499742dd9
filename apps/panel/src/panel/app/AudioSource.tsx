import type { AudioChoice } from '../pipeline/types.ts';

export interface AudioSourceProps {
  value: AudioChoice;
  hasTimelineAudio: boolean;
  onChange: (value: AudioChoice) => void;
  pickFile: () => Promise<{ path: string; name: string } | undefined>;
}

/** Where the new speech comes from: the clip's own timeline audio, a dub file, or an item of the project. */
export function AudioSource({ value, hasTimelineAudio, onChange, pickFile }: AudioSourceProps) {
  const choose = async (kind: 'file' | 'project-item') => {
    const picked = await pickFile();
    if (picked) onChange({ kind, ...picked });
  };
  return (
    <fieldset className="group">
      <legend>Audio</legend>
      <label className="radio">
        <input
          type="radio"
          name="audio"
          checked={value.kind === 'timeline'}
          disabled={!hasTimelineAudio}
          onChange={() => onChange({ kind: 'timeline' })}
        />
        The clip's timeline audio
      </label>
      <label className="radio">
        <input
          type="radio"
          name="audio"
          checked={value.kind === 'file'}
          onChange={() => void choose('file')}
        />
        A dub file from disk{value.kind === 'file' ? `: ${value.name}` : ''}
      </label>
      <label className="radio">
        <input
          type="radio"
          name="audio"
          checked={value.kind === 'project-item'}
          onChange={() => void choose('project-item')}
        />
        A project item{value.kind === 'project-item' ? `: ${value.name}` : ''}
      </label>
    </fieldset>
  );
}
