import { ReanimateError, type ReanimateErrorOptions } from '../errors.js';

/**
 * The journal could not do what was asked: a record is unreadable, a transition is not allowed, or another run
 * owns the job. Branded like every ReanimateError (code `journal`), so `isInstance` works across bundles.
 */
export class JournalError extends ReanimateError {
  constructor(message: string, options: ReanimateErrorOptions = {}) {
    super('journal', message, options);
    this.name = 'JournalError';
  }

  static override isInstance(value: unknown): value is JournalError {
    return ReanimateError.isInstance(value) && value.code === 'journal';
  }
}
