// The trigger dispatcher of `neosl serve --triggers-only` (one per Knative deployment): follows the
// chain (a Neo N3 node, or the embedded one), and for every new block and contract notification that
// a built function subscribes to, POSTs the event as a CloudEvent to that function's service at
// /_neosl/events/<function>, with the trigger's concurrency and retry (TriggerRunner). Each delivery
// is shown as a request line (method BLOCK or EVENT).
//
// Retries: a connection failure or an answer saying the event did not run (503, a gateway's 5xx,
// 429) is tried again by the trigger's retry. A 502 {"outcome":"failed"} is not: the function process
// already ran the event with that same retry, so a second round would square the attempts; nor is a
// 504 (a proxy stopped waiting, the run may still go on) nor another 4xx (asking again cannot help).
import type { EventEmitter } from 'node:events';
import { startChainHost, nodeClientFactory, type ChainHost } from '../backends/chain/chain-host.js';
import { blockEvent, notificationEvents } from '../backends/chain/events.js';
import type { BlockchainConfig, FunctionConfig, TriggerConfig } from '../config/types.js';
import type { HostEventMap } from '../host/events.js';
import { blockSubscribers, notificationSubscribers } from '../host/trigger-match.js';
import { retryDelay, triggerPolicy, TriggerRunner } from '../host/trigger-runner.js';
import { blockTrigger, notificationTrigger, triggerLane } from '../host/trigger-source.js';
import type { ApplicationLog, Block, BlockEvent, NotificationEvent } from '../sdk/blockchain-types.js';
import { postEvent, type PostEvent } from './post-event.js';
import { chainEventHeaders } from './trigger-cloud-event.js';

export interface TriggerDispatcherOptions {
  /** Every function of the build (their triggers say who subscribes to what). */
  functions: readonly FunctionConfig[];
  /** The base URL of each subscribed function's service. */
  urls: ReadonlyMap<string, string>;
  /** The chain to follow: rpcUrl already expanded; none: the embedded chain. */
  blockchain: BlockchainConfig;
  /** Where a node's credentials (NEOSL_WIF) are read from. */
  chainEnv: Record<string, string | undefined>;
  events: EventEmitter<HostEventMap>;
  /** How one delivery is sent (default: post-event.ts); replaced in tests. */
  post?: PostEvent;
}

export interface TriggerDispatcher {
  /** The functions with a blockchain trigger. */
  readonly subscribed: readonly string[];
  close(): Promise<void>;
}

interface Delivery {
  name: string;
  event: BlockEvent | NotificationEvent;
  /** The block's time: the CloudEvent's ce-time. */
  time: Date;
  method: 'BLOCK' | 'EVENT';
  path: string;
  /** How long one POST may take: the function's runs with their retries, and a margin. */
  timeoutMs: number;
}

interface DeliveryOutcome {
  ok: boolean;
  status: number;
  /** The error code of a failed delivery (the answer's, or UNREACHABLE). */
  errorCode?: string;
  message?: string;
  /** The function process ran the event to its last attempt: no retry here. */
  final: boolean;
}

/** A start, queueing and cold start on top of the function's own attempts. */
const DELIVERY_MARGIN_MS = 60_000;
/** What a failed connection shows as its status. */
const UNREACHABLE_STATUS = 502;

function deliveryTimeout(fn: FunctionConfig, trigger: TriggerConfig): number {
  const { retry } = triggerPolicy(fn, trigger);
  let total = fn.timeoutMs + DELIVERY_MARGIN_MS;
  for (let attempt = 1; attempt <= (retry?.attempts ?? 0); attempt++) total += fn.timeoutMs + retryDelay(retry!, attempt);
  return total;
}

/** The error of a JSON answer `{"error": {code, message}}` or `{"outcome", "error"}`, if it has one. */
function answerError(text: string): { code?: string; message?: string; outcome?: string } {
  try {
    const parsed = JSON.parse(text) as { outcome?: unknown; error?: { code?: unknown; message?: unknown } };
    return {
      ...(typeof parsed.outcome === 'string' ? { outcome: parsed.outcome } : {}),
      ...(typeof parsed.error?.code === 'string' ? { code: parsed.error.code } : {}),
      ...(typeof parsed.error?.message === 'string' ? { message: parsed.error.message } : {}),
    };
  } catch {
    return {};
  }
}

export function startTriggerDispatcher(options: TriggerDispatcherOptions): TriggerDispatcher {
  const { events, urls } = options;
  const send = options.post ?? postEvent;
  const error = (message: string, extra: { functionName?: string; code?: string } = {}) => events.emit('error', { type: 'error', time: Date.now(), message, ...extra });

  /** Aborted on close: a stopping dispatcher does not wait for the deliveries in flight. */
  const stopping = new AbortController();

  async function deliver(delivery: Delivery): Promise<DeliveryOutcome> {
    const url = `${urls.get(delivery.name)}/_neosl/events/${encodeURIComponent(delivery.name)}`;
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, delivery.timeoutMs);
    const stop = () => attempt.abort();
    stopping.signal.addEventListener('abort', stop);
    try {
      const answer = await send(url, { headers: chainEventHeaders(delivery.event, delivery.time), body: JSON.stringify(delivery.event), signal: attempt.signal });
      const { text } = answer;
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, final: true };
      const told = answerError(text);
      // 504: a proxy gave up waiting while the run may still go on there; another POST could run it twice.
      const retryable = answer.status === 429 || (answer.status >= 500 && answer.status !== 504 && !(answer.status === 502 && told.outcome === 'failed'));
      return {
        ok: false,
        status: answer.status,
        errorCode: told.code ?? (told.outcome === 'unrun' ? 'TRIGGER_UNRUN' : `HTTP_${answer.status}`),
        message: told.message ?? (told.outcome === 'unrun' ? 'the function process could not run it (queue full or closing)' : `HTTP ${answer.status} from ${url}`),
        final: !retryable,
      };
    } catch (failure) {
      const reason = timedOut ? `no answer within ${Math.round(delivery.timeoutMs / 1000)} s` : ((failure as NodeJS.ErrnoException).code ?? (failure as Error).message);
      return { ok: false, status: UNREACHABLE_STATUS, errorCode: 'UNREACHABLE', message: `cannot reach ${url}: ${reason}`, final: false };
    } finally {
      clearTimeout(timer);
      stopping.signal.removeEventListener('abort', stop);
    }
  }

  const runner = new TriggerRunner<Delivery, DeliveryOutcome>({
    invoke: async (delivery, attempt) => {
      const started = performance.now();
      const outcome = await deliver(delivery);
      // Cut short by close(): not a failure of the function's service.
      if (stopping.signal.aborted) return { ...outcome, final: true };
      events.emit('request', {
        type: 'request',
        time: Date.now(),
        requestId: crypto.randomUUID(),
        functionName: delivery.name,
        method: delivery.method,
        path: attempt === 1 ? delivery.path : `${delivery.path} (attempt ${attempt})`,
        status: outcome.status,
        durationMs: performance.now() - started,
        coldStart: false,
        ...(outcome.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}),
      });
      return outcome;
    },
    retryable: (outcome) => !outcome.final,
    onGiveUp: (delivery, outcome) => {
      if (stopping.signal.aborted) return;
      error(`${delivery.name}: ${delivery.method} ${delivery.path} was not delivered: ${outcome.message ?? outcome.errorCode}`, { functionName: delivery.name, ...(outcome.errorCode !== undefined ? { code: outcome.errorCode } : {}) });
    },
    onDrop: (delivery, _lane, { queueLimit, concurrency }) =>
      error(`${delivery.name}: ${delivery.method} ${delivery.path} was dropped: ${queueLimit} deliveries of its trigger were already waiting (trigger concurrency ${concurrency})`, { functionName: delivery.name, code: 'TRIGGER_QUEUE_FULL' }),
    onError: (delivery, failure) => error(`${delivery.name}: ${delivery.method} ${delivery.path}: ${(failure as Error)?.message ?? String(failure)}`, { functionName: delivery.name }),
  });

  const byName = new Map(options.functions.map((fn) => [fn.name, fn]));
  const submit = (fn: FunctionConfig, trigger: TriggerConfig, delivery: Omit<Delivery, 'timeoutMs'>) =>
    runner.submit(triggerLane(fn, trigger), triggerPolicy(fn, trigger), { ...delivery, timeoutMs: deliveryTimeout(fn, trigger) });

  function onBlock(block: Block, logs: ApplicationLog[]): void {
    const time = new Date(block.time);
    for (const name of blockSubscribers(options.functions)) {
      const fn = byName.get(name)!;
      submit(fn, blockTrigger(fn)!, { name, event: blockEvent(block), time, method: 'BLOCK', path: `#${block.index}` });
    }
    for (const notification of notificationEvents(block, logs)) {
      for (const name of notificationSubscribers(options.functions, notification)) {
        const fn = byName.get(name)!;
        submit(fn, notificationTrigger(fn, notification)!, { name, event: notification, time, method: 'EVENT', path: `${notification.eventName} ${notification.contract}` });
      }
    }
  }

  const subscribed = chainSubscribers(options.functions);
  const chain: ChainHost = startChainHost({
    ...(options.blockchain.rpcUrl !== undefined ? { rpcUrl: options.blockchain.rpcUrl } : {}),
    ...(options.blockchain.blockIntervalMs !== undefined ? { blockIntervalMs: options.blockchain.blockIntervalMs } : {}),
    contracts: options.blockchain.contracts,
    connect: nodeClientFactory(options.chainEnv),
    onBlock,
    onError: (message) => error(message, { code: 'CHAIN' }),
  });

  return {
    subscribed,
    async close() {
      runner.stop();
      stopping.abort();
      await chain.close();
    },
  };
}

/** The functions with a blockchain trigger (a block or a contract event), in build order. */
export function chainSubscribers(functions: readonly FunctionConfig[]): string[] {
  return functions.filter((fn) => fn.triggers.some((trigger) => trigger.kind === 'block' || trigger.kind === 'contract-event')).map((fn) => fn.name);
}
