import { DEFAULTS, type Emotion, type LipsyncMode, type ModelMode } from '@reanimate/core';

export interface EmotionChoice {
  emotion: Emotion;
  model_mode: ModelMode;
  lipsync_mode: LipsyncMode;
  temperature: number;
}

export const DEFAULT_CHOICE: EmotionChoice = {
  emotion: DEFAULTS.emotion,
  model_mode: DEFAULTS.model_mode,
  lipsync_mode: DEFAULTS.lipsync_mode,
  temperature: DEFAULTS.temperature,
};
