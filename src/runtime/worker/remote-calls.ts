// Calls from an instance to the host's services (the shared Redis, the chain, other functions):
// a request/response protocol over the worker's port, one pending promise per call.
import type { MessagePort } from 'node:worker_threads';
import type { ServiceName, ServiceReply } from '../protocol.js';
import { reviveRemoteError } from '../remote-error.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  callSite: Error | undefined;
}

export class RemoteCalls {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly port: MessagePort) {}

  /** `callSite`: an Error made by the caller, whose frames a failure's stack reuses. */
  call(service: ServiceName, method: string, args: unknown[], callSite?: Error): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${service}.${method}: the instance is shutting down`));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      try {
        this.port.postMessage({ type: 'call', id, service, method, args });
      } catch (error) {
        reject(new TypeError(`${service}.${method}: the arguments cannot be sent to the host: ${(error as Error).message}`));
        return;
      }
      this.pending.set(id, { resolve, reject, callSite });
    });
  }

  settle(reply: ServiceReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(reviveRemoteError(reply.error, pending.callSite));
  }

  close(): void {
    this.closed = true;
    for (const pending of this.pending.values()) pending.reject(new Error('the instance is shutting down'));
    this.pending.clear();
  }
}
