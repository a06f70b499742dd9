import type { HostErrorCode, HostFailure, HostResult } from '@reanimate/panel-ui/host-bridge';
import { isHostError } from '@reanimate/panel-ui/host-rules';
import { stringify } from './json';

// Refusals are part of the shared host rules (packages/panel-ui/src/host-rules): one definition for ExtendScript
// and the shells' bridges.
export { type HostRefusal as HostError, hostError, isHostError } from '@reanimate/panel-ui/host-rules';

export function ok<T>(value: T): HostResult<T> {
  return { ok: true, value: value };
}

export function fail(code: HostErrorCode, message: string): HostResult<never> {
  const error: HostFailure = { code: code, message: message };
  return { ok: false, error: error };
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const withMessage = error as { message?: unknown; line?: unknown };
    if (typeof withMessage.message === 'string') {
      // ExtendScript errors carry the line of the bundled file, which is what a bug report needs.
      return typeof withMessage.line === 'number'
        ? `${withMessage.message} (line ${withMessage.line})`
        : withMessage.message;
    }
  }
  return String(error);
}

/** Runs an entry point body and encodes its outcome: nothing thrown ever crosses the evalScript bridge. */
export function runEntry<T>(body: () => T): string {
  let result: HostResult<T>;
  try {
    result = ok(body());
  } catch (error) {
    result = isHostError(error)
      ? fail(error.reanimateCode, error.message)
      : fail('internal', describe(error));
  }
  try {
    return stringify(result);
  } catch (error) {
    return stringify(fail('internal', `could not encode the result: ${describe(error)}`));
  }
}
