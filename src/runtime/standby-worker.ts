// One worker thread booted ahead of time, so that a hot reload does not wait for a thread to start.
// Booting a worker and loading the instance entry (~30 ms) does not depend on the function: only
// its resource limits and process.env are fixed at launch, so a standby launched with the same
// ones (the same key) can become an instance of any function, and is then given its bundle
// (a `start` message). While it waits it does not keep the host process alive.
import type { Worker } from 'node:worker_threads';

export function standbyKey(memoryMb: number, env: Record<string, string | undefined>): string {
  return JSON.stringify([memoryMb, env]);
}

interface Held {
  key: string;
  worker: Worker;
}

export class StandbyWorker {
  private held: Held | undefined;
  private closed = false;

  /** The waiting worker when it was launched with `key` (it is then no longer held), else undefined. */
  take(key: string): Worker | undefined {
    const held = this.held;
    if (held === undefined || held.key !== key) return undefined;
    this.held = undefined;
    held.worker.ref();
    return held.worker;
  }

  /** Makes sure a worker with `key` waits; replaces one launched with another key. */
  prepare(key: string, launch: () => Worker): void {
    if (this.closed || this.held?.key === key) return;
    this.discard();
    const worker = launch();
    worker.unref();
    // A standby that dies (it never ran user code, so only the host can kill it) is simply gone.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (this.held?.worker === worker) this.held = undefined;
    });
    this.held = { key, worker };
  }

  close(): Promise<void> {
    this.closed = true;
    return this.discard();
  }

  private async discard(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (held) await held.worker.terminate();
  }
}
