// A function's `rateLimit` (max requests per windowMs) per client IP: fixed windows, counted in a map
// that forgets windows once they are over.
import type { RateLimitConfig } from '../config/types.js';

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(readonly config: RateLimitConfig) {}

  /** 0 when allowed; else the seconds until the client's window ends. */
  take(client: string, now: number): number {
    const { windowMs, max } = this.config;
    if (now - this.lastSweep > windowMs) this.sweep(now);
    let window = this.windows.get(client);
    if (window === undefined || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(client, window);
    }
    if (window.count >= max) return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    window.count++;
    return 0;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [client, window] of this.windows) if (now - window.start >= this.config.windowMs) this.windows.delete(client);
  }
}
