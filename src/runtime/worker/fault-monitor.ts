// Faults outside a request's own promise (a timer that throws after the answer, a rejection no code
// handles) end the instance, as they end a Node process: its state may be corrupt. A monitor, not a
// handler, so that Node's default (the thread ends) and any handler the function installs itself
// still decide; it only tells the host how the fault happened (an exception or a rejection) and
// what was thrown, described here where the source maps are, before the thread is gone. Answers
// finished earlier in the turn are sent first (`beforeFault`): their requests did not fail.
import type { MessagePort } from 'node:worker_threads';
import { describeThrown } from '../describe-error.js';
import type { WorkerMessage } from '../protocol.js';

/** Node wraps a rejection with a non-Error reason; its message ends with the reason. */
const WRAPPED_REASON = /The promise rejected with the reason "([\s\S]*)"\.$/;

export function monitorFaults(port: MessagePort, beforeFault: () => void = () => undefined): void {
  process.on('uncaughtExceptionMonitor', (thrown: unknown, origin) => {
    try {
      beforeFault();
    } catch {
      // The fault is reported all the same.
    }
    try {
      const described = describeThrown(thrown);
      const error: { name: string; message: string; stack?: string } = { name: described.name, message: described.message };
      if (described.stack !== undefined) error.stack = described.stack;
      const wrapped = (thrown as { code?: unknown } | null)?.code === 'ERR_UNHANDLED_REJECTION' ? WRAPPED_REASON.exec(described.message) : null;
      if (wrapped) {
        error.name = 'Error';
        error.message = `the promise was rejected with a non-Error value: ${wrapped[1]}`;
        delete error.stack;
      }
      port.postMessage({ type: 'fault', origin, error } satisfies WorkerMessage);
    } catch {
      // The host still learns of the fault from the thread's 'error' event.
    }
  });
}
