// The host side of one instance: its worker thread, the requests sent to it, their deadlines, and
// how it ends (stopped, crashed, out of memory, terminated for not yielding). The requests assigned
// to it during one turn of the host's event loop leave in one message (an InvokeBatch, flushed in
// setImmediate); its answers come back the same way (an AnswerBatch).
import type { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import type { Call } from './call.js';
import { crashError, outOfMemoryError, runtimeError, timeoutError, unhandledError, type FaultOrigin } from './errors.js';
import type { AnswerBatch, EventInterest, EventsPayload, HostMessage, InvokeBatch, InvokeRequest, ServiceCall, WorkerEvent, WorkerMessage } from './protocol.js';
import { toRemoteError } from './remote-error.js';
import type { InvocationError } from './types.js';
import { userStack } from './user-stack.js';

/** After a request times out, the instance must answer a ping this fast, or it is terminated. */
export const UNRESPONSIVE_GRACE_MS = 100;
/** A graceful stop that takes longer (a function's timers, open sockets) ends in terminate(). */
export const STOP_GRACE_MS = 1000;

export type InstanceState = 'starting' | 'ready' | 'suspect' | 'stopping' | 'stopped';

/** What an instance needs from its pool. */
export interface InstanceOwner {
  readonly functionName: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly startTimeoutMs: number;
  /** A new worker thread for an instance; `preferStandby`: one booted ahead of time, when there is one. */
  launch(preferStandby: boolean): Worker;
  serve(call: ServiceCall): Promise<unknown>;
  publish(events: WorkerEvent[]): void;
  console(instance: Instance, stream: 'stdout' | 'stderr', text: string): void;
  instanceReady(instance: Instance): void;
  /** A slot freed up, or the instance can take requests again. */
  instanceFree(instance: Instance): void;
  instanceGone(instance: Instance, how: 'stop' | 'crash' | 'start-failed', error?: InvocationError): void;
  /** A request assigned to this instance that never ran on it. */
  redispatch(call: Call): void;
}

export class Instance {
  state: InstanceState = 'starting';
  /** Requests assigned to it: waiting for it to start, or sent and not settled. */
  inFlight = 0;
  /** performance.now() when it last became idle. */
  idleSince = 0;
  readyAt = 0;
  initDurationMs = 0;
  /** Resolves when it is ready (undefined) or failed to start (the error). */
  readonly started: Promise<InvocationError | undefined>;
  /** Resolves when the thread has exited. */
  readonly exited: Promise<void>;

  private readonly worker: Worker;
  private readonly waiting: Call[] = [];
  private readonly sent = new Map<number, Call>();
  /** Sent this turn: they leave together in flushOutbox. */
  private outbox: Call[] = [];
  private flushScheduled = false;
  private nextId = 0;
  private readonly launchedAt = performance.now();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private stopTimer: NodeJS.Timeout | undefined;
  private startFailure: InvocationError | undefined;
  private workerError: (Error & { code?: string }) | undefined;
  /** Whether it had requests (or was terminated for one) when its thread exited. */
  busyAtExit = false;
  /** Requests it held that failed when its thread exited (0: it ended outside any request). */
  failedAtExit = 0;
  /**
   * When the function ended it (an uncaught exception or unhandled rejection, process.exit, its
   * memory): why, as reported to the user. An exception is UNHANDLED_ERROR here, INSTANCE_CRASHED
   * for the requests it failed. Undefined for the host's own ends: a stop, and the termination of a
   * busy loop, which the request that timed out reports (504).
   */
  exitFault: InvocationError | undefined;
  /** How the instance described its last uncaught exception or unhandled rejection. */
  private fault: { origin: FaultOrigin; error: Pick<InvocationError, 'name' | 'message' | 'stack'> } | undefined;
  /** Why the host terminated it, when it did. */
  private killReason: InvocationError | undefined;
  private referenced = true;
  private resolveStarted!: (error: InvocationError | undefined) => void;
  private resolveExited!: () => void;

  constructor(
    private readonly owner: InstanceOwner,
    readonly id: number,
    preferStandby = false,
  ) {
    this.started = new Promise((resolve) => (this.resolveStarted = resolve));
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.worker = owner.launch(preferStandby);
    this.worker.on('message', this.onMessage);
    this.worker.on('error', (error: Error) => {
      this.workerError = error;
    });
    this.worker.on('exit', this.onExit);
    this.pipe(this.worker.stdout, 'stdout');
    this.pipe(this.worker.stderr, 'stderr');
    this.startTimer = setTimeout(() => {
      this.kill(runtimeError('INSTANCE_CRASHED', `function "${owner.functionName}": the instance did not start within ${owner.startTimeoutMs} ms (a slow or hanging top-level await in the module?)`));
    }, owner.startTimeoutMs);
    this.startTimer.unref();
  }

  /** Takes a request: sent now when ready, else when it has started. */
  assign(call: Call, cold: boolean): void {
    call.coldStart = cold;
    if (this.inFlight++ === 0) this.setReferenced(true);
    // While starting, or while a ping checks that it still yields, requests wait here.
    if (this.state === 'starting' || this.state === 'suspect') this.waiting.push(call);
    else this.send(call);
  }

  /** Stops it once it has nothing in flight (the pool only stops idle instances). */
  stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return this.exited;
    // Whoever awaits the stop must see the exit: until then the thread keeps the process alive.
    this.setReferenced(true);
    this.state = 'stopping';
    this.clearTimers();
    this.flushOutbox();
    this.post({ type: 'close' });
    this.stopTimer = setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS);
    this.stopTimer.unref();
    return this.exited;
  }

  /** Fails every request it holds with `error` and stops it (runtime close). */
  abort(error: InvocationError): Promise<void> {
    for (const call of this.waiting.splice(0)) call.fail(error);
    for (const call of this.sent.values()) call.fail(error);
    this.sent.clear();
    this.inFlight = 0;
    return this.stop();
  }

  /** Which per-request events the instance sends (see EventInterest). */
  setInterest(interest: EventInterest): void {
    if (this.state !== 'stopped') this.post({ type: 'interest', interest });
  }

  private send(call: Call): void {
    const id = ++this.nextId;
    call.id = id;
    call.sentAt = performance.now();
    call.deadline = call.sentAt + this.owner.timeoutMs;
    call.initDurationMs = call.coldStart ? this.initDurationMs : undefined;
    this.sent.set(id, call);
    this.outbox.push(call);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushOutbox);
    }
    // One timer per instance, armed for the oldest request: every request of a pool has the same
    // timeout, so the Map's insertion order is deadline order.
    if (this.deadlineTimer === undefined) this.armDeadline(this.owner.timeoutMs);
  }

  /** The requests sent this turn, in one message; a batch structured clone refuses goes again one by one. */
  private readonly flushOutbox = (): void => {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const calls = this.outbox;
    this.outbox = [];
    // Settled meanwhile (the thread exited, the runtime closed): nothing to send.
    if (this.state === 'stopped') return;
    const batch: InvokeBatch = [];
    for (const call of calls) if (!call.settled) batch.push(this.request(call));
    if (batch.length === 0) return;
    try {
      this.worker.postMessage(batch);
      return;
    } catch (error) {
      if (batch.length === 1) return this.refuse(batch[0]!.id, error);
    }
    // One input cannot be copied: it alone fails, its batch-mates go.
    for (const request of batch) {
      try {
        this.worker.postMessage([request] satisfies InvokeBatch);
      } catch (error) {
        this.refuse(request.id, error);
      }
    }
  };

  private request(call: Call): InvokeRequest {
    const request: InvokeRequest = { id: call.id, input: call.input, requestId: call.requestId };
    if (call.traceId !== undefined) request.traceId = call.traceId;
    return request;
  }

  /** A request whose input structured clone refused: it never reached the instance. */
  private refuse(id: number, error: unknown): void {
    const call = this.sent.get(id);
    if (call === undefined) return;
    this.sent.delete(id);
    this.release();
    call.fail(runtimeError('INVALID_INPUT', `function "${this.owner.functionName}": the input cannot be sent to the function: ${(error as Error).message}`), 0);
  }

  private armDeadline(ms: number): void {
    // No timeout (a debugger is attached): nothing to watch.
    if (ms === Infinity) return;
    this.deadlineTimer = setTimeout(this.checkDeadlines, Math.max(1, Math.ceil(ms)));
    this.deadlineTimer.unref();
  }

  private readonly checkDeadlines = (): void => {
    this.deadlineTimer = undefined;
    const now = performance.now();
    let timedOut = false;
    for (const [id, call] of this.sent) {
      if (call.deadline > now) {
        this.armDeadline(call.deadline - now);
        break;
      }
      this.sent.delete(id);
      timedOut = true;
      call.fail(timeoutError(this.owner.functionName, this.owner.timeoutMs), now - call.sentAt);
      this.release(false);
    }
    if (timedOut) this.probe();
    if (timedOut && this.state === 'ready') this.owner.instanceFree(this);
  };

  /** A request timed out: an instance that does not answer a ping quickly is stuck (a busy loop). */
  private probe(): void {
    if (this.state !== 'ready') return;
    this.state = 'suspect';
    // Requests sent before the ping go before it.
    this.flushOutbox();
    this.post({ type: 'ping', id: 0 });
    this.probeTimer = setTimeout(() => {
      this.kill(crashError(this.owner.functionName, `it was terminated because it did not yield within ${UNRESPONSIVE_GRACE_MS} ms after a request timed out (a synchronous busy loop?)`));
    }, UNRESPONSIVE_GRACE_MS);
    this.probeTimer.unref();
  }

  private kill(reason: InvocationError): void {
    if (this.state === 'stopped') return;
    this.killReason ??= reason;
    void this.worker.terminate();
  }

  /** One fewer request in flight. */
  private release(notify = true): void {
    if (--this.inFlight === 0) {
      this.idleSince = performance.now();
      this.setReferenced(false);
    }
    if (notify) this.owner.instanceFree(this);
  }

  // An idle instance does not keep the host process alive; one with work does.
  private setReferenced(referenced: boolean): void {
    if (referenced === this.referenced || this.state === 'stopped') return;
    this.referenced = referenced;
    if (referenced) this.worker.ref();
    else this.worker.unref();
  }

  private post(message: HostMessage): void {
    try {
      this.worker.postMessage(message);
    } catch {
      // The thread is gone; its exit handler settles everything.
    }
  }

  private readonly onMessage = (message: WorkerMessage): void => {
    switch (message.type) {
      case undefined:
        this.onAnswers(message);
        return;
      case 'call':
        this.onServiceCall(message);
        return;
      case 'events':
        this.receiveEvents(message);
        return;
      case 'ready':
        this.onReady();
        return;
      case 'start-failed':
        this.startFailure = message.error;
        return;
      case 'memory-exceeded':
        this.kill(outOfMemoryError(this.owner.functionName, this.owner.memoryMb, message.usage));
        return;
      case 'fault':
        this.fault = { origin: message.origin, error: message.error };
        return;
      case 'pong':
        if (this.state === 'suspect') {
          clearTimeout(this.probeTimer);
          this.state = 'ready';
          for (const call of this.waiting.splice(0)) this.send(call);
          this.owner.instanceFree(this);
        }
    }
  };

  private onAnswers(batch: AnswerBatch): void {
    // First the events: a request's logs belong in its outcome. Cache reads and metric values
    // count even when their request timed out already: they happened.
    this.receiveEvents(batch);
    for (const answer of batch.answers) {
      const call = this.sent.get(answer.id);
      // Unknown: it timed out already.
      if (call === undefined) continue;
      this.sent.delete(answer.id);
      if (answer.ok) call.succeed(answer.value, answer.durationMs);
      else call.fail(answer.error, answer.durationMs);
      this.release();
    }
  }

  /** The events in order, then the cache reads and metric values since the instance's last message. */
  private receiveEvents({ events, cache, metrics }: EventsPayload): void {
    if (events === undefined && cache === undefined && metrics === undefined) return;
    const published: WorkerEvent[] = events ?? [];
    for (const event of published) {
      if (event.kind === 'log') this.sent.get(event.id)?.addLog(event.record);
    }
    if (cache !== undefined) published.push({ kind: 'cache', reads: cache });
    if (metrics !== undefined) published.push({ kind: 'metrics', delta: metrics });
    if (published.length > 0) this.owner.publish(published);
  }

  private onServiceCall(message: ServiceCall): void {
    const { id } = message;
    this.owner.serve(message).then(
      (value) => {
        try {
          this.worker.postMessage({ type: 'reply', id, ok: true, value } satisfies HostMessage);
        } catch (error) {
          this.post({ type: 'reply', id, ok: false, error: toRemoteError(error) });
        }
      },
      (error: unknown) => this.post({ type: 'reply', id, ok: false, error: toRemoteError(error) }),
    );
  }

  private onReady(): void {
    clearTimeout(this.startTimer);
    if (this.state !== 'starting') return;
    this.state = 'ready';
    this.readyAt = performance.now();
    this.initDurationMs = this.readyAt - this.launchedAt;
    this.idleSince = this.readyAt;
    for (const call of this.waiting.splice(0)) this.send(call);
    if (this.inFlight === 0) this.setReferenced(false);
    this.resolveStarted(undefined);
    this.owner.instanceReady(this);
  }

  private readonly onExit = (exitCode: number): void => {
    const previous = this.state;
    this.state = 'stopped';
    this.clearTimers();
    clearTimeout(this.stopTimer);
    const error = this.killReason ?? this.exitError(previous, exitCode);
    // Requests held while a ping was out never ran here: they go back to the pool.
    const held = previous === 'suspect' ? this.waiting.splice(0) : [];
    const calls = [...this.waiting.splice(0), ...this.sent.values()];
    this.busyAtExit = calls.length > 0 || held.length > 0 || this.killReason !== undefined;
    this.failedAtExit = calls.length;
    this.sent.clear();
    this.inFlight = 0;
    for (const call of calls) call.fail(error);
    // (A stop before it was ready still settles `started`: the promise was made, nothing else resolves it.)
    this.resolveStarted(error);
    if (previous === 'starting') {
      this.owner.instanceGone(this, 'start-failed', error);
    } else if (previous === 'stopping' && this.killReason === undefined) {
      this.owner.instanceGone(this, 'stop');
    } else {
      this.exitFault = this.killReason === undefined ? (this.uncaught() ?? error) : this.killReason.code === 'OUT_OF_MEMORY' ? this.killReason : undefined;
      this.owner.instanceGone(this, 'crash', error);
    }
    for (const call of held) this.owner.redispatch(call);
    this.resolveExited();
  };

  private exitError(previous: InstanceState, exitCode: number): InvocationError {
    const name = this.owner.functionName;
    if (this.startFailure) return this.startFailure;
    if (this.workerError?.code === 'ERR_WORKER_OUT_OF_MEMORY') return outOfMemoryError(name, this.owner.memoryMb);
    const during = previous === 'starting' ? ' while starting' : '';
    if (this.workerError) {
      const thrown = this.thrown();
      const what = this.fault?.origin === 'unhandledRejection' ? 'unhandled promise rejection' : 'uncaught';
      return crashError(name, `${what} ${thrown.name}${during}: ${thrown.message}`, thrown.stack);
    }
    return crashError(name, `the thread exited with code ${exitCode}${during} (process.exit() in the function?)`);
  }

  /** What ended the thread when an exception or rejection did (Node's 'error' event tells that it did). */
  private uncaught(): InvocationError | undefined {
    if (this.workerError === undefined || this.workerError.code === 'ERR_WORKER_OUT_OF_MEMORY') return undefined;
    return unhandledError(this.owner.functionName, this.fault?.origin ?? 'uncaughtException', this.thrown());
  }

  /** The instance's own description (source-mapped, trimmed) when it sent one, else the 'error' event's. */
  private thrown(): Pick<InvocationError, 'name' | 'message' | 'stack'> {
    if (this.fault) return this.fault.error;
    const error = this.workerError!;
    return { name: error.name, message: error.message, stack: userStack(error.stack) };
  }

  private clearTimers(): void {
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.startTimer);
    clearTimeout(this.probeTimer);
    this.deadlineTimer = undefined;
  }

  private pipe(stream: Readable, name: 'stdout' | 'stderr'): void {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => this.owner.console(this, name, text));
  }
}
