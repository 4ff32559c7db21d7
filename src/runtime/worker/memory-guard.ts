// The instance's `memory` limit over all of its memory. V8 caps the JS heap itself (the pool's
// resourceLimits) but not what it counts outside the heap: the backing stores of ArrayBuffers and
// Buffers, which a function can grow to gigabytes with its heap nearly empty. The instance measures
// heap + external memory itself: before an answer leaves (a synchronous allocation loop must not
// be answered 200), at most once a millisecond, and on an unref'd interval (growth in timers and
// between awaits).
//
// The per-answer check is one v8.getHeapStatistics() call (per-isolate in a worker: its own heap
// and its own external memory; ~0.3-0.8 µs measured, against ~16 µs for process.memoryUsage(),
// which also reads the process's RSS). V8's external figure includes buffers that are garbage but
// not yet collected (it is only settled by the next GC), so a reading over the limit is confirmed
// after a forced full GC before the instance is ended: a function that allocates and drops large
// buffers is not killed for memory it no longer holds.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { resourceLimits } from 'node:worker_threads';
import type { MemoryUsage } from '../errors.js';

/** How often an instance measures itself between answers. */
export const MEMORY_CHECK_INTERVAL_MS = 50;
/** Answers closer together than this after a measurement are not measured again. */
const ANSWER_CHECK_SPACING_MS = 1;

const MB = 1024 * 1024;

type Gc = () => void;
let gc: Gc | undefined;

/**
 * V8's gc(), without exposing it to the function: the flag is process-wide but only read when a
 * context is created, so it is set just for one throwaway context (as Jest's leak detector does).
 */
function forceGc(): void {
  if (gc === undefined) {
    const global = (globalThis as { gc?: Gc }).gc;
    if (typeof global === 'function') {
      gc = global;
    } else {
      setFlagsFromString('--expose-gc');
      try {
        gc = runInNewContext('gc') as Gc;
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
    }
  }
  // Twice: ArrayBuffers freed by the first are swept concurrently and V8's external figure is only
  // settled by the next one.
  gc();
  gc();
}

export class MemoryGuard {
  private readonly limitBytes: number;
  /**
   * External memory grows at least this much past the last confirmed reading before another forced
   * GC: a function whose heap garbage alone crosses the limit (V8 collects it when the heap fills)
   * never pays for one, and one that churns buffers pays one per this much allocated.
   */
  private readonly marginBytes: number;
  /** V8's external figure after the last forced GC that found the instance within its limit. */
  private confirmedExternal: number;
  private over: MemoryUsage | undefined;
  private checkedAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  /** `memoryMb`: default, the heap limit the pool launched this worker with (the function's `memory`). */
  constructor(
    private readonly onExceeded: (usage: MemoryUsage, limitMb: number) => void,
    readonly memoryMb: number = resourceLimits.maxOldGenerationSizeMb ?? 0,
  ) {
    this.limitBytes = memoryMb > 0 ? memoryMb * MB : Infinity;
    this.marginBytes = Math.max(MB, this.limitBytes / 16);
    this.confirmedExternal = getHeapStatistics().external_memory;
  }

  /**
   * Before an answer leaves: measured when a millisecond or more passed since the last measurement
   * (a request that allocated in a synchronous loop ran that long: filling memory takes time), so
   * that a stream of quick requests pays a clock read, not a heap-statistics call, per answer.
   */
  checkBeforeAnswer(): boolean {
    if (this.over !== undefined) return true;
    if (performance.now() - this.checkedAt < ANSWER_CHECK_SPACING_MS) return false;
    return this.check();
  }

  /** Whether the instance is over its limit (then reported once, and true from then on). */
  check(): boolean {
    if (this.over !== undefined) return true;
    this.checkedAt = performance.now();
    const { used_heap_size: heap, external_memory: external } = getHeapStatistics();
    // The lowest reading is the closest to what is live (readings include uncollected garbage).
    if (external < this.confirmedExternal) this.confirmedExternal = external;
    if (heap + external <= this.limitBytes || external < this.confirmedExternal + this.marginBytes) return false;
    return this.confirm();
  }

  /** Measures between answers until stopped (it never keeps the thread alive). */
  start(intervalMs = MEMORY_CHECK_INTERVAL_MS): void {
    if (this.timer !== undefined || this.limitBytes === Infinity) return;
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private confirm(): boolean {
    forceGc();
    const { used_heap_size: heapBytes, external_memory: externalBytes } = getHeapStatistics();
    if (heapBytes + externalBytes <= this.limitBytes) {
      this.confirmedExternal = externalBytes;
      return false;
    }
    this.over = { heapBytes, externalBytes };
    this.stop();
    this.onExceeded(this.over, this.memoryMb);
    return true;
  }
}
