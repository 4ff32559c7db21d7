// Which trigger of a function an event runs it for: the trigger whose retry and concurrency the run
// gets (TriggerRunner), and its lane. Where two triggers of a function match one event, the
// function runs once (trigger-match.ts), under the first trigger's policy.
import type { BlockTriggerConfig, ContractEventTriggerConfig, FunctionConfig, ScheduleTriggerConfig, TriggerConfig } from '../config/types.js';
import type { NotificationEvent } from '../sdk/blockchain-types.js';
import { matchesFilters } from './trigger-match.js';

/** The function's schedule trigger with the cron and time zone of `fired`. */
export function scheduleTrigger(fn: FunctionConfig, fired: Pick<ScheduleTriggerConfig, 'cron' | 'timezone'>): ScheduleTriggerConfig | undefined {
  return fn.triggers.find((trigger): trigger is ScheduleTriggerConfig => trigger.kind === 'schedule' && trigger.cron === fired.cron && trigger.timezone === fired.timezone);
}

export function blockTrigger(fn: FunctionConfig): BlockTriggerConfig | undefined {
  return fn.triggers.find((trigger): trigger is BlockTriggerConfig => trigger.kind === 'block');
}

export function notificationTrigger(fn: FunctionConfig, event: NotificationEvent): ContractEventTriggerConfig | undefined {
  return fn.triggers.find(
    (trigger): trigger is ContractEventTriggerConfig =>
      trigger.kind === 'contract-event' && trigger.contract === event.contract && trigger.event === event.eventName && matchesFilters(event, trigger.filters),
  );
}

/** One lane of TriggerRunner per trigger of a function. */
export function triggerLane(fn: FunctionConfig, trigger: TriggerConfig): string {
  return `${fn.name}#${fn.triggers.indexOf(trigger)}`;
}
