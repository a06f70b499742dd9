import { DEFAULTS, type Emotion, type LipsyncMode, type ModelMode } from '@reanimate/core';

/** The react-1 options the panel offers (all four, not only the emotion). */
export interface React1Choice {
  emotion: Emotion;
  model_mode: ModelMode;
  lipsync_mode: LipsyncMode;
  temperature: number;
}

export const DEFAULT_CHOICE: React1Choice = {
  emotion: DEFAULTS.emotion,
  model_mode: DEFAULTS.model_mode,
  lipsync_mode: DEFAULTS.lipsync_mode,
  temperature: DEFAULTS.temperature,
};
