// A bench against a running `neosl dev` (what the dashboard's `b` key does, here through
// `neosl bench --url`): its requests reach the function as any others, but the session's own
// request count and p50/p99 stay the developer's traffic; the bench reads its own traffic's server side.
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, killDevProcesses, post, startDev } from '../helpers/dev-process.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { fileURLToPath } from 'node:url';
import { removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/bench-project', import.meta.url));

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

interface Row {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  bench?: { requests: number; errors: number; p50: number; p99: number };
}

const helloRow = async (base: string): Promise<Row> => {
  const { functions } = (await (await fetch(`${base}/_neosl/functions`)).json()) as { functions: Row[] };
  return functions.find((row) => row.name === 'hello')!;
};

describe('bench traffic on a running neosl dev', () => {
  it('is counted apart: the session keeps its own request count and latency, the bench gets its server side', async () => {
    const project = copyFixture(fixture);
    const dev = await startDev(project, ['--persist-to', ':memory:']);
    const base = dev.url.replace(/\/$/, '');
    for (let i = 0; i < 3; i++) expect((await post(`${base}/functions/hello`, { name: 'dev' })).status).toBe(200);
    const before = await helloRow(base);
    expect(before.requests).toBe(3);

    // No function named: /functions/hello names it, so the bench finds its server-side row.
    const run = await spawnNeosl(['bench', '--url', `${base}/functions/hello`, '-c', '2', '--duration', '1', '--warmup', '0', '--json'], { cwd: project });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { function: string; requests: { total: number }; server: { requests: number } | null };
    expect(result.function).toBe('hello');
    expect(result.requests.total).toBeGreaterThan(20);

    const after = await helloRow(base);
    // The developer's numbers: unchanged by thousands of bench requests.
    expect(after.requests).toBe(3);
    expect(after.p50).toBe(before.p50);
    expect(after.p99).toBe(before.p99);
    // The bench's own: every request it sent (the load and the probe), also what the bench reported as its server side.
    expect(after.bench!.requests).toBeGreaterThanOrEqual(result.requests.total + 1);
    expect(result.server!.requests).toBeGreaterThanOrEqual(result.requests.total);
    // The function ran for all of them: its own counter counts dev and bench requests alike.
    const metrics = await (await fetch(`${base}/_neosl/metrics`)).text();
    const greetings = Number(/^greetings_total\{[^}]*function="hello"[^}]*\} (\d+)/m.exec(metrics)?.[1]);
    expect(greetings).toBe(3 + after.bench!.requests);
  });
});
