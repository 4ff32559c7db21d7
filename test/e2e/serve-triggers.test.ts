// Schedules and blockchain triggers switch with the version on a `neosl serve` host: v1 runs tick every
// second and tock on every block, v2 swaps them; after each deploy or rollback the host's recent
// events (GET /_neosl/logs) show trigger runs only as the active version's neosl.yaml says.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostApi, killServeHosts, startServeHost, type ServeHost } from '../helpers/serve-host.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const triggersFixture = fileURLToPath(new URL('../fixtures/serve-triggers-project', import.meta.url));

/** v2: the same code, the triggers swapped between the two functions. */
const V2_CONFIG = `name: triggers-app
functions:
  tick:
    handler: functions/tick/index.ts
    triggers:
      - blockchain: { event: block }
  tock:
    handler: functions/tock/index.ts
    triggers:
      - schedule: "* * * * * *"
`;

/** Which function runs on which trigger, as a version's neosl.yaml says. */
interface TriggerLayout {
  version: string;
  SCHEDULE: string;
  BLOCK: string;
}
const V1: TriggerLayout = { version: 'v1', SCHEDULE: 'tick', BLOCK: 'tock' };
const V2: TriggerLayout = { version: 'v2', SCHEDULE: 'tock', BLOCK: 'tick' };

interface TriggerRun {
  functionName: string;
  method: string;
  version?: string;
  status: number;
  time: number;
}

let host: ServeHost;

beforeAll(async () => {
  host = await startServeHost(triggersFixture);
});

afterAll(() => {
  killServeHosts();
  removeTempDirs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

/** The trigger runs (method SCHEDULE or BLOCK) in the host's recent events since `since`. */
async function triggerRunsSince(since: number): Promise<TriggerRun[]> {
  const answer = await hostApi(host.serve.url, 'GET', `/_neosl/logs?since=${since}`, { token: host.token });
  expect(answer.status, answer.text).toBe(200);
  const { events } = answer.json as { events: (TriggerRun & { type: string })[] };
  return events.filter((event) => event.type === 'request' && (event.method === 'SCHEDULE' || event.method === 'BLOCK'));
}

/**
 * Watches the trigger runs from `since` until each kind has run at least twice (or 6 s pass), then
 * checks that every run came from the layout's function and version, the schedule and the block
 * trigger each on their own (a failure of one does not hide the other).
 */
async function expectRunsAsIn(layout: TriggerLayout, since: number): Promise<void> {
  const deadline = Date.now() + 6000;
  let runs: TriggerRun[] = [];
  for (;;) {
    runs = await triggerRunsSince(since);
    const enough = (['SCHEDULE', 'BLOCK'] as const).every((method) => runs.filter((run) => run.method === method).length >= 2);
    if (enough || Date.now() > deadline) break;
    await sleep(250);
  }
  for (const method of ['SCHEDULE', 'BLOCK'] as const) {
    const ofKind = runs.filter((run) => run.method === method);
    const seen = ofKind.map((run) => `${run.functionName}@${run.version ?? '?'} ${run.status}`);
    expect.soft(ofKind.length, `${method} runs since the switch to ${layout.version}: ${seen.join(', ') || 'none'}`).toBeGreaterThanOrEqual(2);
    expect.soft(new Set(seen), `${method} runs since the switch to ${layout.version}`).toEqual(new Set(ofKind.length > 0 ? [`${layout[method]}@${layout.version} 200`] : []));
  }
}

/** The moment from which only the new version's triggers may run: just after the command returned. */
const switchedAt = () => Date.now() + 200;

describe('schedules and blockchain triggers switch with the version', () => {
  it('v1 deployed on a fresh host: tick runs every second, tock on every block', async () => {
    const deployed = await host.neosl(['deploy']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(lastLine(deployed.stdout)).toBe('Version: v1');
    await expectRunsAsIn(V1, switchedAt());
  });

  it('v2 (triggers swapped): from the switch on, runs come only from v2: tock every second, tick on blocks', async () => {
    writeFileSync(join(host.project, 'neosl.yaml'), V2_CONFIG);
    const deployed = await host.neosl(['deploy']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    expect(lastLine(deployed.stdout)).toBe('Version: v2');
    await expectRunsAsIn(V2, switchedAt());
  });

  it('a rollback to v1 brings v1 triggers back', async () => {
    const rolledBack = await host.neosl(['rollback', '--to', 'v1', '--yes']);
    expect(rolledBack.exitCode, rolledBack.stderr).toBe(0);
    expect(lastLine(rolledBack.stdout)).toBe('Version: v1');
    await expectRunsAsIn(V1, switchedAt());
  });

  it("a host restarted on v1 runs v1's triggers at once; a rollback to v2 then switches them again", async () => {
    await host.restart();
    await expectRunsAsIn(V1, switchedAt());
    const rolledBack = await host.neosl(['rollback', '--to', 'v2', '--yes']);
    expect(rolledBack.exitCode, rolledBack.stderr).toBe(0);
    expect(lastLine(rolledBack.stdout)).toBe('Version: v2');
    await expectRunsAsIn(V2, switchedAt());
  });
});
