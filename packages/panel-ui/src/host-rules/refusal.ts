import type { HostErrorCode } from '../host-bridge';

/**
 * What host code throws to refuse an operation with a specific code; everything else becomes `internal`. A plain
 * object, not an Error subclass: these rules run in ExtendScript (ES3) as well as in the shells' JavaScript.
 */
export interface HostRefusal {
  reanimateCode: HostErrorCode;
  message: string;
}

export function hostError(code: HostErrorCode, message: string): HostRefusal {
  return { reanimateCode: code, message: message };
}

export function isHostError(value: unknown): value is HostRefusal {
  return typeof value === 'object' && value !== null && 'reanimateCode' in value;
}
