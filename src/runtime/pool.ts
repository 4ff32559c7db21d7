// The instances of one version of a function, scaled by its `scaling` config: minInstances kept
// warm, a new instance when every instance holds targetConcurrency requests (up to maxInstances,
// then a FIFO queue), idle instances above minInstances stopped after cooldownMs.
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { FunctionConfig } from '../config/types.js';
import type { Call } from './call.js';
import { closedError } from './errors.js';
import { describeFault, type FaultEvent, type FaultReplacement } from './fault.js';
import { Instance, type InstanceOwner } from './instance.js';
import type { EventInterest, ServiceCall, StartMessage, WorkerData, WorkerEvent } from './protocol.js';
import { standbyKey } from './standby-worker.js';
import type { InvocationError } from './types.js';
import { launchWorker } from './worker-launch.js';

/** An idle instance that crashes sooner than this after it started is not replaced eagerly (no crash loop). */
const EARLY_CRASH_MS = 1000;
/** The shortest wait for an instance to import its bundle. */
const MIN_START_TIMEOUT_MS = 10_000;

/** What a pool reports to, shared by every version of a function. */
export interface PoolHost {
  serve(call: ServiceCall): Promise<unknown>;
  publish(functionName: string, events: WorkerEvent[]): void;
  console(functionName: string, instanceId: number, stream: 'stdout' | 'stderr', text: string): void;
  instanceEvent(pool: FunctionPool, instance: Instance, type: 'start' | 'start-failed' | 'stop' | 'crash', error?: InvocationError): void;
  /** The function ended one of its instances (after its 'crash' instanceEvent), with what serves next. */
  fault(event: FaultEvent): void;
  /** Counts a request reaching an instance, cold or warm. */
  assigned(functionName: string, cold: boolean): void;
  nextInstanceId(): number;
  /** A request this (retiring) version cannot run any more: to the current version. */
  redirect(functionName: string, call: Call): void;
  /** A worker booted ahead of time with this key (standbyKey), if one waits. */
  takeStandby(key: string): Worker | undefined;
  /** Which per-request events instances send, as of now (a new instance starts with it). */
  interest(): EventInterest;
}

export interface PoolOptions {
  functionName: string;
  version: number;
  config: FunctionConfig;
  /** All but the interest, which each instance gets as it is when the instance starts. */
  workerData: Omit<WorkerData, 'interest'>;
  env: Record<string, string | undefined>;
  /** False: no request timeout (a debugger is attached); default true. */
  enforceTimeout?: boolean;
}

export class FunctionPool implements InstanceOwner {
  readonly functionName: string;
  readonly version: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly startTimeoutMs: number;
  /** Instances that take requests (starting, ready, or being probed). */
  readonly instances: Instance[] = [];
  /** Instances stopping (cooldown, drain) until their thread has exited. */
  readonly stopping = new Set<Instance>();
  private queue: Call[] = [];
  private draining = false;
  private cooldownTimer: NodeJS.Timeout | undefined;
  private drained: (() => void) | undefined;
  private readonly min: number;
  private readonly max: number;
  private readonly target: number;
  private readonly cooldownMs: number;

  constructor(
    private readonly host: PoolHost,
    private readonly options: PoolOptions,
  ) {
    const { config } = options;
    this.functionName = options.functionName;
    this.version = options.version;
    this.timeoutMs = options.enforceTimeout === false ? Infinity : config.timeoutMs;
    this.memoryMb = config.memoryMb;
    this.startTimeoutMs = Math.max(MIN_START_TIMEOUT_MS, config.timeoutMs);
    this.max = Math.max(1, config.scaling.maxInstances);
    this.min = Math.min(this.max, Math.max(0, config.scaling.minInstances));
    this.target = Math.max(1, config.scaling.targetConcurrency);
    this.cooldownMs = config.scaling.cooldownMs;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Drained or closed, with every instance gone: it will never run anything again. */
  get finished(): boolean {
    return this.draining && this.instances.length === 0 && this.stopping.size === 0;
  }

  get inFlight(): number {
    let total = this.queue.length;
    for (const instance of this.instances) total += instance.inFlight;
    return total;
  }

  /**
   * Starts `count` instances (default minInstances); resolves with the first start error, if any.
   * `preferStandby`: the first may be a worker booted ahead of time (a hot reload's new version).
   */
  async warm(count = this.min, preferStandby = false): Promise<InvocationError | undefined> {
    const started: Instance[] = [];
    while (this.instances.length < Math.min(count, this.max)) started.push(this.startInstance(preferStandby && started.length === 0));
    for (const error of await Promise.all(started.map((instance) => instance.started))) if (error) return error;
    return undefined;
  }

  dispatch(call: Call): void {
    let best: Instance | undefined;
    let waitOn: Instance | undefined;
    for (const instance of this.instances) {
      if (instance.inFlight >= this.target) continue;
      if (instance.state === 'ready') {
        if (best === undefined || instance.inFlight < best.inFlight) best = instance;
      } else if (instance.state !== 'stopping' && instance.state !== 'stopped' && (waitOn === undefined || instance.state === 'suspect')) {
        // Starting (the request will be cold), or checked for liveness after a timeout (it will be
        // warm if the instance answers, re-dispatched if it is terminated).
        waitOn = instance;
      }
    }
    if (best !== undefined) return this.assign(best, call, false);
    if (waitOn !== undefined) return this.assign(waitOn, call, waitOn.state === 'starting');
    if (this.instances.length < this.max) return this.assign(this.startInstance(), call, true);
    this.queue.push(call);
  }

  /** No new requests: the queued ones are handed back (to go to the next version); the rest finish, then every instance stops. */
  drain(): { queued: Call[]; done: Promise<void> } {
    this.draining = true;
    clearTimeout(this.cooldownTimer);
    const queued = this.queue;
    this.queue = [];
    const done = new Promise<void>((resolve) => (this.drained = resolve));
    for (const instance of [...this.instances]) if (instance.inFlight === 0 && instance.state !== 'starting') this.retire(instance);
    this.checkDrained();
    return { queued, done };
  }

  /** Fails everything queued or in flight and stops every instance. */
  async close(): Promise<void> {
    this.draining = true;
    clearTimeout(this.cooldownTimer);
    for (const call of this.queue.splice(0)) call.fail(closedError(this.functionName));
    const all = [...this.instances, ...this.stopping];
    await Promise.all(all.map((instance) => instance.abort(closedError(this.functionName))));
  }

  /** Tells every instance (those stopping too: they may still finish requests) which events to send. */
  setInterest(interest: EventInterest): void {
    for (const instance of this.instances) instance.setInterest(interest);
    for (const instance of this.stopping) instance.setInterest(interest);
  }

  // InstanceOwner

  launch(preferStandby: boolean): Worker {
    const workerData: WorkerData = { ...this.options.workerData, interest: this.host.interest() };
    const standby = preferStandby ? this.host.takeStandby(this.standbyKey) : undefined;
    if (standby) {
      standby.postMessage({ type: 'start', data: workerData } satisfies StartMessage);
      return standby;
    }
    return launchWorker({ workerData, env: this.options.env, resourceLimits: this.resourceLimits });
  }

  /** A worker that can become one of this pool's instances (see StandbyWorker). */
  launchStandby(): Worker {
    return launchWorker({ workerData: undefined, env: this.options.env, resourceLimits: this.resourceLimits });
  }

  get standbyKey(): string {
    return standbyKey(this.memoryMb, this.options.env);
  }

  private get resourceLimits(): ResourceLimits {
    return { maxOldGenerationSizeMb: this.memoryMb };
  }

  serve(call: ServiceCall): Promise<unknown> {
    return this.host.serve(call);
  }

  publish(events: WorkerEvent[]): void {
    this.host.publish(this.functionName, events);
  }

  console(instance: Instance, stream: 'stdout' | 'stderr', text: string): void {
    this.host.console(this.functionName, instance.id, stream, text);
  }

  instanceReady(instance: Instance): void {
    this.host.instanceEvent(this, instance, 'start');
    this.instanceFree(instance);
  }

  instanceFree(instance: Instance): void {
    if (instance.state !== 'ready') return;
    while (this.queue.length > 0 && instance.inFlight < this.target) this.assign(instance, this.queue.shift()!, false);
    if (instance.inFlight > 0) return;
    if (this.draining) {
      this.retire(instance);
    } else if (this.instances.length > this.min) {
      this.scheduleCooldown();
    }
  }

  instanceGone(instance: Instance, how: 'stop' | 'crash' | 'start-failed', error?: InvocationError): void {
    const index = this.instances.indexOf(instance);
    if (index !== -1) this.instances.splice(index, 1);
    this.stopping.delete(instance);
    this.host.instanceEvent(this, instance, how, error);
    if (this.draining) {
      if (how === 'crash') this.reportFault(instance, 'newer-version');
      return this.checkDrained();
    }
    if (how === 'start-failed') {
      // The same start would fail the same way: requests waiting for room fail with its error
      // unless an instance is left to serve them. The next request tries a new start.
      if (this.instances.length === 0) for (const call of this.queue.splice(0)) call.fail(error!);
      return;
    }
    const left = this.instances.length;
    if (how === 'crash') {
      // An instance that died on its own right after starting (a module-level timer that throws)
      // would die again: it is replaced by the next request, not in a loop.
      const crashLoop = !instance.busyAtExit && performance.now() - instance.readyAt < EARLY_CRASH_MS;
      if (!crashLoop) while (this.instances.length < this.min) this.startInstance();
    }
    // Queued requests get the room the instance left.
    while (this.queue.length > 0 && this.instances.length < this.max) {
      const fresh = this.startInstance();
      while (this.queue.length > 0 && fresh.inFlight < this.target) this.assign(fresh, this.queue.shift()!, true);
    }
    if (how === 'crash') this.reportFault(instance, this.instances.length > left ? 'started' : left > 0 ? 'others' : 'next-request');
  }

  /** When the function ended the instance (not the host: see Instance.exitFault). */
  private reportFault(instance: Instance, replacement: FaultReplacement): void {
    if (instance.exitFault === undefined) return;
    const event = {
      functionName: this.functionName,
      version: this.version,
      instanceId: instance.id,
      error: instance.exitFault,
      failedRequests: instance.failedAtExit,
      replacement,
    };
    this.host.fault({ ...event, message: describeFault(event) });
  }

  redispatch(call: Call): void {
    if (this.draining) this.host.redirect(this.functionName, call);
    else this.dispatch(call);
  }

  private assign(instance: Instance, call: Call, cold: boolean): void {
    this.host.assigned(this.functionName, cold);
    instance.assign(call, cold);
  }

  private startInstance(preferStandby = false): Instance {
    const instance = new Instance(this, this.host.nextInstanceId(), preferStandby);
    this.instances.push(instance);
    return instance;
  }

  private retire(instance: Instance): void {
    const index = this.instances.indexOf(instance);
    if (index === -1) return;
    this.instances.splice(index, 1);
    this.stopping.add(instance);
    void instance.stop();
  }

  private scheduleCooldown(delay = this.cooldownMs): void {
    if (this.cooldownTimer !== undefined) return;
    this.cooldownTimer = setTimeout(this.sweepIdle, Math.max(1, delay));
    this.cooldownTimer.unref();
  }

  private readonly sweepIdle = (): void => {
    this.cooldownTimer = undefined;
    if (this.draining) return;
    const now = performance.now();
    const idle = this.instances.filter((instance) => instance.state === 'ready' && instance.inFlight === 0).sort((a, b) => a.idleSince - b.idleSince);
    let next = Infinity;
    for (const instance of idle) {
      if (this.instances.length <= this.min) break;
      const due = instance.idleSince + this.cooldownMs;
      if (due <= now) this.retire(instance);
      else next = Math.min(next, due);
    }
    if (next !== Infinity && this.instances.length > this.min) this.scheduleCooldown(next - now);
  };

  private checkDrained(): void {
    if (this.draining && this.instances.length === 0 && this.stopping.size === 0) this.drained?.();
  }
}
