// The trigger events a `neosl serve --external-triggers` process receives at POST
// /_neosl/events/<function>, as binary-mode CloudEvents (the `ce-*` headers, the data as the body):
// a Knative PingSource's `dev.knative.sources.ping` (body {cron, timezone?}, ce-time the fire time),
// and the trigger dispatcher's `io.neosl.block` / `io.neosl.notification` (body: the event exactly as
// a block or contract-event trigger receives it). Both ends of the format live here: the parsing,
// and the headers the dispatcher sends.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorAnswer } from '../emulator/errors.js';
import type { DeliveredEvent } from '../host/function-host.js';
import type { BlockEvent, NotificationEvent } from '../sdk/blockchain-types.js';

export const PING_EVENT_TYPE = 'dev.knative.sources.ping';
export const BLOCK_EVENT_TYPE = 'io.neosl.block';
export const NOTIFICATION_EVENT_TYPE = 'io.neosl.notification';
const ACCEPTED_TYPES = [PING_EVENT_TYPE, BLOCK_EVENT_TYPE, NOTIFICATION_EVENT_TYPE];

export type TriggerEventKind = DeliveredEvent['kind'];

const KIND_OF_TYPE: Record<string, TriggerEventKind> = {
  [PING_EVENT_TYPE]: 'schedule',
  [BLOCK_EVENT_TYPE]: 'block',
  [NOTIFICATION_EVENT_TYPE]: 'notification',
};

const invalid = (message: string): ErrorAnswer => ({ status: 400, code: 'EVENT_INVALID', message });

/** The kind of event the `ce-type` header names, or the 400 naming the accepted types. */
export function triggerEventKind(headers: IncomingHttpHeaders): { kind: TriggerEventKind } | { answer: ErrorAnswer } {
  const type = headers['ce-type'];
  const kind = typeof type === 'string' ? KIND_OF_TYPE[type.trim()] : undefined;
  if (kind !== undefined) return { kind };
  return {
    answer: {
      status: 400,
      code: 'EVENT_TYPE_UNKNOWN',
      message: `${typeof type === 'string' ? `ce-type "${type}" is not a trigger event` : 'the ce-type header is missing'}: the accepted ones are ${ACCEPTED_TYPES.join(', ')}`,
      details: { accepted: ACCEPTED_TYPES },
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A PingSource's tick: the schedule {cron, timezone?} and its time (ce-time, else now) to the second. */
function scheduleEvent(headers: IncomingHttpHeaders, body: Record<string, unknown>, now: Date): DeliveredEvent | ErrorAnswer {
  const { cron, timezone } = body;
  if (typeof cron !== 'string' || cron.trim() === '') return invalid(`a ${PING_EVENT_TYPE} event needs the body {"cron": "<the schedule's cron>", "timezone"?: "<time zone>"}`);
  if (timezone !== undefined && typeof timezone !== 'string') return invalid(`the "timezone" of a ${PING_EVENT_TYPE} event must be a string, e.g. "Europe/Paris"`);
  const time = headers['ce-time'];
  let fired = now;
  if (typeof time === 'string') {
    fired = new Date(time);
    if (Number.isNaN(fired.getTime())) return invalid(`ce-time "${time}" is not an RFC 3339 time`);
  }
  const scheduledTime = new Date(Math.floor(fired.getTime() / 1000) * 1000).toISOString();
  return { kind: 'schedule', event: { type: 'schedule', cron, scheduledTime }, ...(timezone !== undefined ? { timezone } : {}) };
}

function blockEvent(body: Record<string, unknown>): DeliveredEvent | ErrorAnswer {
  const { block } = body;
  if (body.type !== 'block' || !isObject(block) || !Number.isSafeInteger(block.index) || (block.index as number) < 0) {
    return invalid(`an ${BLOCK_EVENT_TYPE} event's body is the block event a block trigger receives: {"type": "block", "block": {"index": <height>, …}}`);
  }
  return { kind: 'block', event: body as unknown as BlockEvent };
}

function notificationEvent(body: Record<string, unknown>): DeliveredEvent | ErrorAnswer {
  const valid = body.type === 'notification' && typeof body.contract === 'string' && typeof body.eventName === 'string' && Array.isArray(body.decoded) && typeof body.txid === 'string' && Number.isSafeInteger(body.blockIndex);
  if (!valid) {
    return invalid(`an ${NOTIFICATION_EVENT_TYPE} event's body is the notification a contract-event trigger receives: {"type": "notification", "contract", "eventName", "state", "decoded": [...], "txid", "blockIndex"}`);
  }
  return { kind: 'notification', event: body as unknown as NotificationEvent };
}

/** The event a CloudEvent of this kind carries, or the 400 saying what its body lacks. */
export function deliveredEvent(kind: TriggerEventKind, headers: IncomingHttpHeaders, body: Record<string, unknown>, now = new Date()): DeliveredEvent | ErrorAnswer {
  if (kind === 'schedule') return scheduleEvent(headers, body, now);
  return kind === 'block' ? blockEvent(body) : notificationEvent(body);
}

export function isErrorAnswer(value: DeliveredEvent | ErrorAnswer): value is ErrorAnswer {
  return 'status' in value;
}

/** The headers of a binary-mode CloudEvent carrying a block or a notification (the dispatcher's deliveries). */
export function chainEventHeaders(event: BlockEvent | NotificationEvent, time: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': randomUUID(),
    'ce-source': '/neosl/trigger-dispatcher',
    'ce-type': event.type === 'block' ? BLOCK_EVENT_TYPE : NOTIFICATION_EVENT_TYPE,
    'ce-time': time.toISOString(),
  };
}
