/**
 * Learns how long a job takes from submit (or from leaving the queue) to completion, from what the polls saw, so
 * the poll that sees completion can be timed to land just after it. Without this, polling once a second finds a
 * finished job on average half a second late; with it, a batch of similar clips is seen finished within tens of ms.
 *
 * Each completed job brackets its latency: it was not done at the last poll that said so (lower bound) and was done
 * when the completing answer arrived (upper bound). Brackets are intersected across jobs; the next job's target is
 * probed down from the upper bound until the bracket is tighter than `toleranceMs`. A job that contradicts the
 * bracket (the service got slower or faster) restarts it from that job's own bracket. Pure and clock-free.
 */
export interface CompletionEstimatorOptions {
  /** How far below the known upper bound to aim while the bracket is wide. */
  probeMs: number;
  /** Bracket width at which we stop probing. */
  toleranceMs: number;
  /** Aim this far past the upper bound once converged, to absorb a little noise. */
  guardMs: number;
}

export interface CompletionObservation {
  /** Latency at which the job was last seen not finished; undefined if the first look found it done. */
  notDoneMs: number | undefined;
  /** Latency at which it was seen finished. */
  doneMs: number;
}

export const DEFAULT_ESTIMATOR_OPTIONS: Readonly<CompletionEstimatorOptions> = Object.freeze({
  probeMs: 250,
  toleranceMs: 150,
  guardMs: 30,
});

export class CompletionEstimator {
  readonly #options: CompletionEstimatorOptions;
  #low = Number.NEGATIVE_INFINITY;
  #high = Number.POSITIVE_INFINITY;

  constructor(options: Partial<CompletionEstimatorOptions> = {}) {
    this.#options = { ...DEFAULT_ESTIMATOR_OPTIONS, ...options };
  }

  observe(observation: CompletionObservation): void {
    const low = observation.notDoneMs ?? Number.NEGATIVE_INFINITY;
    const high = observation.doneMs;
    if (!(high >= 0) || low >= high) return;
    const mergedLow = Math.max(this.#low, low);
    const mergedHigh = Math.min(this.#high, high);
    if (mergedLow < mergedHigh) {
      this.#low = mergedLow;
      this.#high = mergedHigh;
    } else {
      this.#low = low;
      this.#high = high;
    }
  }

  /** The latency to aim the completing poll at, or undefined before any job completed. */
  targetMs(): number | undefined {
    if (!Number.isFinite(this.#high)) return undefined;
    const gap = this.#high - this.#low;
    if (gap <= this.#options.toleranceMs) return this.#high + this.#options.guardMs;
    return this.#high - Math.min(this.#options.probeMs, gap / 2);
  }

  /** The current bracket, for tests and diagnostics. */
  bracket(): { lowMs: number; highMs: number } {
    return { lowMs: this.#low, highMs: this.#high };
  }
}
