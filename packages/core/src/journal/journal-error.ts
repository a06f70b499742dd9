import { ReanimateError, type ReanimateErrorOptions } from '../errors.js';

/**
 * The journal could not do what was asked: a record is unreadable, a transition is not allowed, or another run
 * owns the job. Branded like every ReanimateError (code `journal`), so `isInstance` works across bundles.
 */
export class JournalError extends ReanimateError {
  /**
   * `busy`: another run owns the job (wait or stop it); `io`: its folder cannot be read or written; `invalid`:
   * anything else the journal refused (an unreadable record, a transition the state machine forbids).
   */
  readonly reason: 'busy' | 'io' | 'invalid';
  constructor(message: string, options: ReanimateErrorOptions & { reason?: 'busy' | 'io' | 'invalid' } = {}) {
    super('journal', message, options);
    this.name = 'JournalError';
    this.reason = options.reason ?? 'invalid';
  }

  static override isInstance(value: unknown): value is JournalError {
    return ReanimateError.isInstance(value) && value.code === 'journal';
  }
}
