import { probeFile } from '../media/node.js';
import { checkInputs } from './check.js';
import type { CheckedInputs, CheckInputsOptions, InputSource } from './types.js';

/** `checkInputs` able to probe `{ kind: 'file', path }` inputs on disk (streamed, never read whole). */
export function checkInputsNode(
  inputs: { video: InputSource; audio: InputSource },
  options: CheckInputsOptions = {},
): Promise<CheckedInputs> {
  return checkInputs(inputs, { probeFile: (path) => probeFile(path), ...options });
}
