// How many request lines a person is shown: a token bucket. Up to `burst` lines at once (a page
// that loads a few things, a person clicking around: every line), then `perSecond` lines a second
// under load, spread over the second rather than all at its start, so that they are samples of the
// traffic. The printers count what it holds back and say so once a second (request-rates.ts).
export interface LineBudgetOptions {
  /** Lines a second once the burst is spent (default 20). */
  perSecond?: number;
  /** Lines shown back to back before the rate applies (default 20). */
  burst?: number;
}

export class LineBudget {
  private readonly perMs: number;
  private readonly burst: number;
  private tokens: number;
  private lastTime = Number.NEGATIVE_INFINITY;

  constructor(options: LineBudgetOptions = {}) {
    this.perMs = (options.perSecond ?? 20) / 1000;
    this.burst = options.burst ?? 20;
    this.tokens = this.burst;
  }

  /** Whether a line may be shown at `time` (ms); a true answer spends one. */
  take(time: number): boolean {
    this.refill(time);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a line could be shown at `time`, without spending it. */
  available(time: number): boolean {
    this.refill(time);
    return this.tokens >= 1;
  }

  private refill(time: number): void {
    // Times from other threads may come slightly out of order: the bucket never runs backwards.
    if (time > this.lastTime) {
      if (this.lastTime !== Number.NEGATIVE_INFINITY) this.tokens = Math.min(this.burst, this.tokens + (time - this.lastTime) * this.perMs);
      this.lastTime = time;
    }
  }
}
