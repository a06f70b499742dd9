import { describe, expect, it } from 'vitest';
import { abortReason, isAbortError, throwIfAborted } from '../src/index.js';

describe('one convention for cancelled work', () => {
  it("rejects with the caller's own reason when there is one", () => {
    const controller = new AbortController();
    const reason = new Error('user pressed Cancel');
    controller.abort(reason);
    expect(abortReason(controller.signal)).toBe(reason);
    expect(() => throwIfAborted(controller.signal)).toThrow(reason);
  });

  it('is an AbortError otherwise, as fetch would throw', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(abortReason(controller.signal))).toBe(true);
    expect(isAbortError(abortReason(undefined))).toBe(true);
    expect(() => throwIfAborted(undefined)).not.toThrow();
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
  });

  it('tells aborts from other failures', () => {
    expect(isAbortError(new Error('network down'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});
