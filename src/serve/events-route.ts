// POST /_neosl/events/<function> of `neosl serve --external-triggers`: a schedule tick (a Knative
// PingSource), a block or a contract notification (the trigger dispatcher) runs the function's
// trigger as if it had fired here, with its retry and concurrency, and the answer comes after the
// run's last attempt: 200 done, 502 failed (the last error), 503 unrun. No token: only requests whose
// Host names a cluster-internal service or loopback are let in (403 EVENTS_CLUSTER_ONLY otherwise).
import type { AdminRoute } from '../emulator/admin-routes.js';
import { unknownFunction, type ErrorAnswer } from '../emulator/errors.js';
import { readJsonObject } from '../emulator/read-body.js';
import { sendError, sendJson } from '../emulator/respond.js';
import type { FunctionConfig, ScheduleTriggerConfig } from '../config/types.js';
import type { DeliveredEvent, FunctionHost } from '../host/function-host.js';
import { blockTrigger, notificationTrigger, scheduleTrigger } from '../host/trigger-source.js';
import { isClusterInternalHost } from './cluster-internal-host.js';
import { deliveredEvent, isErrorAnswer, triggerEventKind } from './trigger-cloud-event.js';

export interface EventsRouteOptions {
  /** The cluster domain of `<svc>.<ns>.svc.<domain>` Host names (NEOSL_CLUSTER_DOMAIN). */
  clusterDomain: string;
  bodyLimitBytes: number;
}

const STATUS_OF_OUTCOME = { done: 200, failed: 502, unrun: 503 } as const;

function describeSchedule(trigger: Pick<ScheduleTriggerConfig, 'cron' | 'timezone'>): string {
  return `"${trigger.cron}"${trigger.timezone !== undefined ? ` (${trigger.timezone})` : ''}`;
}

/** The 404 when the function has no trigger this event runs. */
function missingTrigger(fn: FunctionConfig, delivered: DeliveredEvent): ErrorAnswer | undefined {
  const notFound = (message: string): ErrorAnswer => ({ status: 404, code: 'TRIGGER_NOT_FOUND', message, details: { function: fn.name, event: delivered.kind } });
  if (delivered.kind === 'schedule') {
    const fired = { cron: delivered.event.cron, ...(delivered.timezone !== undefined ? { timezone: delivered.timezone } : {}) };
    if (scheduleTrigger(fn, fired) !== undefined) return undefined;
    const schedules = fn.triggers.filter((trigger): trigger is ScheduleTriggerConfig => trigger.kind === 'schedule');
    return notFound(`${fn.name} has no schedule ${describeSchedule(fired)}: ${schedules.length > 0 ? `its schedules are ${schedules.map(describeSchedule).join(', ')}` : 'it has no schedule trigger'}`);
  }
  if (delivered.kind === 'block') return blockTrigger(fn) !== undefined ? undefined : notFound(`${fn.name} has no blockchain block trigger`);
  const { event } = delivered;
  return notificationTrigger(fn, event) !== undefined ? undefined : notFound(`${fn.name} has no blockchain trigger for ${event.eventName} of ${event.contract} that this notification matches`);
}

export function eventsRoute(host: FunctionHost, options: EventsRouteOptions): AdminRoute {
  return {
    method: 'POST',
    path: '/_neosl/events/:function',
    // No token: a PingSource or the dispatcher has none. The Host check below lets in the cluster only.
    public: true,
    note: '(trigger CloudEvents from inside the cluster)',
    async handle({ req, res, params, requestId }) {
      const refuse = (answer: ErrorAnswer) => {
        req.resume();
        sendError(res, answer, requestId);
      };
      if (!isClusterInternalHost(req.headers.host, options.clusterDomain)) {
        return refuse({
          status: 403,
          code: 'EVENTS_CLUSTER_ONLY',
          message: `trigger events are taken only from inside the cluster: the Host must be a service address (<service>.<namespace>.svc[.${options.clusterDomain}]) or loopback`,
        });
      }
      const name = params.function!;
      const entry = host.functions.get(name);
      if (entry === undefined) return refuse(unknownFunction(name, [...host.functions.keys()]));
      const kind = triggerEventKind(req.headers);
      if ('answer' in kind) return refuse(kind.answer);
      const body = await readJsonObject(req, options.bodyLimitBytes);
      if (!body.ok) return sendError(res, { status: body.code === 'BODY_TOO_LARGE' ? 413 : 400, code: body.code, message: body.message }, requestId);
      const delivered = deliveredEvent(kind.kind, req.headers, body.value);
      if (isErrorAnswer(delivered)) return sendError(res, delivered, requestId);
      const missing = missingTrigger(entry.config, delivered);
      if (missing !== undefined) return sendError(res, missing, requestId);
      const result = await host.deliverEvent(name, delivered);
      sendJson(res, STATUS_OF_OUTCOME[result.outcome], result, { 'x-neosl-request-id': requestId });
    },
  };
}
