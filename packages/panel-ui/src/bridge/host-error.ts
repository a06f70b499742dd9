import type { HostFailure } from '../host-bridge.ts';

/** A host operation that refused; `code` says why, for the panel's states. Every shell's bridge throws it. */
export class HostError extends Error {
  readonly code: HostFailure['code'];
  constructor(failure: HostFailure) {
    super(failure.message);
    this.name = 'HostError';
    this.code = failure.code;
  }
}
