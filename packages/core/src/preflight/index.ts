export { assessProbe } from './assess.js';
export { checkInput, checkInputs } from './check.js';
export type {
  BlobInput,
  CheckedInput,
  CheckedInputs,
  CheckInputsOptions,
  InputRole,
  InputSource,
  LocalFileInput,
} from './types.js';
