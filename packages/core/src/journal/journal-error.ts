import { ReanimateError, type ReanimateErrorOptions } from '../errors.js';

/**
 * The journal could not do what was asked: a record is unreadable, a transition is not allowed, or another run
 * owns the job. Branded like every ReanimateError (code `journal`), so `isInstance` works across bundles.
 */
export class JournalError extends ReanimateError {
  /** `busy`: another run owns the job (wait or stop it); `invalid`: anything else the journal refused. */
  readonly reason: 'busy' | 'invalid';
  constructor(message: string, options: ReanimateErrorOptions & { reason?: 'busy' | 'invalid' } = {}) {
    super('journal', message, options);
    this.name = 'JournalError';
    this.reason = options.reason ?? 'invalid';
  }

  static override isInstance(value: unknown): value is JournalError {
    return ReanimateError.isInstance(value) && value.code === 'journal';
  }
}
