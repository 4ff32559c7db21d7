import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/config/types.js';
import { Schedules } from '../../src/host/schedules.js';
import type { ScheduleEvent } from '../../src/sdk/function.js';

const runs: [string, ScheduleEvent][] = [];
const schedules = new Schedules((name, event) => runs.push([name, event]));
afterEach(() => schedules.stop());

describe('Schedules', () => {
  it('runs each schedule trigger with a ScheduleEvent, and stops', async () => {
    const fn = { name: 'tick', triggers: [{ kind: 'schedule', cron: '* * * * * *' }, { kind: 'http', method: 'GET', path: '/x' }] } as unknown as FunctionConfig;
    schedules.apply([fn]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const [name, event] = runs[0]!;
    expect(name).toBe('tick');
    expect(event).toMatchObject({ type: 'schedule', cron: '* * * * * *' });
    expect(new Date(event.scheduledTime).getTime()).toBeGreaterThan(Date.now() - 5000);
    schedules.stop();
    const count = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(runs.length).toBe(count);
  });
});
