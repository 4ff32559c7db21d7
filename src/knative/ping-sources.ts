// A Knative Eventing PingSource per schedule trigger: the cluster's cron sends a CloudEvent to the
// function's service at /_neosl/events/<function>, which runs the schedule trigger it names.
import type { FunctionConfig, ScheduleTriggerConfig } from '../config/types.js';
import { UserError } from '../errors.js';
import { commonLabels, FUNCTION_ANNOTATION } from './labels.js';

export interface PingSourceInput {
  fn: FunctionConfig;
  service: string;
  project: string;
}

export interface NamedPingSource {
  /** The PingSource's name, `<service>-ping-<n>` (n from 1 per function). */
  name: string;
  trigger: ScheduleTriggerConfig;
  resource: Record<string, unknown>;
}

export function eventsPath(fn: string): string {
  return `/_neosl/events/${fn}`;
}

/**
 * The cron as Knative's parser (robfig/cron, 5 fields, day of week 0-6) reads it. A cron with seconds
 * cannot be expressed: UserError naming the function and the cron.
 */
export function knativeSchedule(fn: string, cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length === 6) {
    throw new UserError(`function ${fn}: the schedule "${cron}" has a seconds field, which a Knative PingSource cannot express (it fires at most once a minute)`, {
      code: 'CRON_NOT_SUPPORTED',
      hint: `write it with 5 fields (minute hour day-of-month month day-of-week), e.g. "${fields.slice(1).join(' ')}"`,
    });
  }
  // neosl accepts 7 for Sunday; Knative only 0.
  fields[4] = fields[4]!
    .split(',')
    .map((part) => {
      const [range, step] = part.split('/');
      if (range === '7') return step === undefined ? '0' : part;
      const bounds = /^(\d+)-7$/.exec(range ?? '');
      if (bounds === null) return part;
      if (step !== undefined) {
        throw new UserError(`function ${fn}: the schedule "${cron}" steps through day of week 7, which Knative does not accept`, { code: 'CRON_NOT_SUPPORTED', hint: 'write Sunday as 0' });
      }
      return bounds[1] === '7' ? '0' : `${bounds[1]}-6,0`;
    })
    .join(',');
  return fields.join(' ');
}

export function pingSources(input: PingSourceInput): NamedPingSource[] {
  const { fn, service } = input;
  const schedules = fn.triggers.filter((trigger): trigger is ScheduleTriggerConfig => trigger.kind === 'schedule');
  return schedules.map((trigger, index) => {
    const name = `${service}-ping-${index + 1}`;
    const data = { cron: trigger.cron, ...(trigger.timezone !== undefined ? { timezone: trigger.timezone } : {}) };
    const resource = {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'PingSource',
      metadata: { name, labels: commonLabels(input.project, service), annotations: { [FUNCTION_ANNOTATION]: fn.name } },
      spec: {
        schedule: knativeSchedule(fn.name, trigger.cron),
        ...(trigger.timezone !== undefined ? { timezone: trigger.timezone } : {}),
        contentType: 'application/json',
        data: JSON.stringify(data),
        sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: service }, uri: eventsPath(fn.name) },
      },
    };
    return { name, trigger, resource };
  });
}
