import { isHostError } from '../../jsx/shared/result.ts';
import { HostError } from './cep-bridge.ts';

/**
 * Runs one of the host code's own rules (src/jsx/shared/range.ts) outside ExtendScript — in the simulated host and
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
