// CircuitBreaker: stops calling a failing dependency for a while, then lets one trial call through.
import { NeoError } from '../neo-error.js';
import type { CircuitBreakerOptions, CircuitState } from '../network-types.js';
import { MAX_TIMER_MS, positiveNumber } from './backoff.js';

/**
 * closed: calls go through; `errorThreshold` consecutive failures (a rejection, or a call slower than
 * `timeout` ms, which rejects with NeoError 'TIMEOUT') open the circuit; a success resets the count.
 * open: calls are refused at once with NeoError 'UNAVAILABLE', until `resetTimeout` ms have passed.
 * half-open: one trial call goes through (others are refused while it runs); its success closes the
 * circuit, its failure opens it again for another `resetTimeout`.
 */
export class CircuitBreaker {
  readonly name: string;
  readonly #timeout: number;
  readonly #errorThreshold: number;
  readonly #resetTimeout: number;
  #state: 'closed' | 'open' = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trialRunning = false;
  /** Bumped each time the circuit opens: outcomes of calls begun before then no longer count. */
  #epoch = 0;

  constructor(options: CircuitBreakerOptions) {
    this.name = String(options?.name ?? 'circuit');
    this.#timeout = positiveNumber(`CircuitBreaker ${this.name} timeout`, options.timeout, undefined);
    this.#errorThreshold = positiveNumber(`CircuitBreaker ${this.name} errorThreshold`, options.errorThreshold, undefined, { integer: true });
    this.#resetTimeout = positiveNumber(`CircuitBreaker ${this.name} resetTimeout`, options.resetTimeout, undefined);
  }

  /** 'half-open' once an open circuit's resetTimeout has passed (the next call is the trial). */
  get state(): CircuitState {
    if (this.#state === 'open' && Date.now() - this.#openedAt >= this.#resetTimeout) return 'half-open';
    return this.#state;
  }

  /** Consecutive failures counted while closed. */
  get failures(): number {
    return this.#failures;
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    let trial = false;
    if (state === 'open' || (state === 'half-open' && this.#trialRunning)) {
      const retryAfterMs = Math.max(0, this.#openedAt + this.#resetTimeout - Date.now());
      const why = state === 'open' ? `retry in ${retryAfterMs} ms` : 'a trial call is in progress';
      throw new NeoError('UNAVAILABLE', `circuit ${this.name} is ${state} (${why})`, { circuit: this.name, state, retryAfterMs });
    }
    if (state === 'half-open') {
      trial = true;
      this.#trialRunning = true;
    }
    const epoch = this.#epoch;
    try {
      const result = await this.#withTimeout(fn);
      if (trial || epoch === this.#epoch) this.#succeeded();
      return result;
    } catch (error) {
      if (trial || epoch === this.#epoch) this.#failed(trial);
      throw error;
    } finally {
      if (trial) this.#trialRunning = false;
    }
  }

  #succeeded(): void {
    this.#state = 'closed';
    this.#failures = 0;
  }

  #failed(trial: boolean): void {
    if (trial) {
      this.#open(); // for another resetTimeout
      return;
    }
    this.#failures++;
    if (this.#failures >= this.#errorThreshold) this.#open();
  }

  #open(): void {
    this.#state = 'open';
    this.#epoch++;
    this.#openedAt = Date.now();
    this.#failures = 0;
  }

  #withTimeout<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.#timeout <= MAX_TIMER_MS
        ? setTimeout(() => reject(new NeoError('TIMEOUT', `circuit ${this.name}: the call took longer than ${this.#timeout} ms`,
          { circuit: this.name, timeout: this.#timeout })), this.#timeout)
        : undefined;
      let call: Promise<T>;
      try {
        call = Promise.resolve(fn());
      } catch (error) {
        call = Promise.reject(error);
      }
      call.then(
        (value) => { clearTimeout(timer); resolve(value); },
        (error) => { clearTimeout(timer); reject(error); },
      );
    });
  }
}
