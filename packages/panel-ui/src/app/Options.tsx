import { EMOTIONS, LIPSYNC_MODES, MODEL_MODES, OPTION_HELP } from '@reanimate/core';
import type { React1Choice } from '../pipeline/options.ts';

export interface OptionsProps {
  value: React1Choice;
  onChange: (value: React1Choice) => void;
}

/** react-1's four knobs, each with its one-line explanation. */
export function Options({ value, onChange }: OptionsProps) {
  const set = <K extends keyof React1Choice>(key: K, v: React1Choice[K]) => onChange({ ...value, [key]: v });
  return (
    <fieldset className="group">
      <legend>Options</legend>
      <Select
        label="Emotion"
        help={OPTION_HELP.emotion}
        value={value.emotion}
        options={EMOTIONS}
        onChange={(v) => set('emotion', v)}
      />
      <Select
        label="Model mode"
        help={OPTION_HELP.model_mode}
        value={value.model_mode}
        options={MODEL_MODES}
        onChange={(v) => set('model_mode', v)}
      />
      <Select
        label="Lipsync mode"
        help={OPTION_HELP.lipsync_mode}
        value={value.lipsync_mode}
        options={LIPSYNC_MODES}
        onChange={(v) => set('lipsync_mode', v)}
      />
      <div className="field">
        <label htmlFor="option-temperature">
          Temperature <output>{value.temperature.toFixed(2)}</output>
        </label>
        <input
          id="option-temperature"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={value.temperature}
          aria-describedby="help-temperature"
          onChange={(e) => set('temperature', Number(e.currentTarget.value))}
        />
        <small id="help-temperature" className="muted">
          {OPTION_HELP.temperature}
        </small>
      </div>
    </fieldset>
  );
}

function Select<T extends string>(props: {
  label: string;
  help: string;
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
}) {
  const slug = props.label.toLowerCase().replace(/\s+/g, '-');
  const id = `help-${slug}`;
  return (
    <div className="field">
      <label htmlFor={`option-${slug}`}>{props.label}</label>
      <select
        id={`option-${slug}`}
        value={props.value}
        aria-describedby={id}
        onChange={(e) => props.onChange(e.currentTarget.value as T)}
      >
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option.replace('_', ' ')}
          </option>
        ))}
      </select>
      <small id={id} className="muted">
        {props.help}
      </small>
    </div>
  );
}
