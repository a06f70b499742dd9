export { assessProbe } from './assess.js';
export { checkInputs } from './check.js';
export type {
  BlobInput,
  CheckedInput,
  CheckedInputs,
  CheckInputsOptions,
  InputRole,
  InputSource,
  LocalFileInput,
} from './types.js';
