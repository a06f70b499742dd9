import { isHostError } from '../host-rules/refusal.ts';
import { HostError } from './host-error.ts';

/**
 * Runs one of the host code's own rules (src/host-rules/) outside ExtendScript — in the simulated host and
 * the UXP bridge — and turns its refusal into the HostError the CEP bridge would raise for it.
 */
export function hostRules<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (isHostError(error)) throw new HostError({ code: error.reanimateCode, message: error.message });
    throw error;
  }
}
