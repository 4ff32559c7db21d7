// The `b` key of the `neosl dev` dashboard, on a real pseudo-terminal (util-linux `script`): the
// chosen function is benched against the running emulator with the bench dashboard, the summary
// stays on screen until a key is pressed, then the dev dashboard is back, its request count and
// p50/p99 untouched by the bench's traffic; `q` still quits.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startDashboardTerminal } from '../helpers/dashboard-terminal.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/bench-project', import.meta.url));
afterAll(removeTempDirs);

describe('neosl dev dashboard: the b key', () => {
  it('benches the chosen function, shows the summary, and returns to the dashboard on a key', async () => {
    const { child, text: shown, waitFor, press, write, exited } = startDashboardTerminal(fixture, 'neosl-dev-bench-');
    try {
      await waitFor((text) => text.includes('b bench hello') && /hello\s+ready/.test(text), 'the dev dashboard');
      await press('b', (text) => text.includes('neosl bench hello'), 'the bench dashboard');
      await waitFor((text) => text.includes('Press any key to return to the dashboard.'), 'the bench to finish');
      const text = shown();
      expect(text).toMatch(/neosl bench hello\s+POST http:\/\/127\.0\.0\.1:\d+\/functions\/hello/);
      expect(text).toMatch(/hello {2}POST http:\/\/127\.0\.0\.1:\d+\/functions\/hello {2}4 connections, 1\.\d s/);
      expect(text).toMatch(/requests\/s\s+│\s+[\d,]+/);
      const dashboardsBefore = text.split('b bench hello').length;
      write('x');
      await waitFor((now) => now.split('b bench hello').length > dashboardsBefore, 'the dev dashboard again');
      expect(shown().slice(text.length)).toMatch(/neosl dev {2}http:\/\/127\.0\.0\.1:\d+/);
      // Thousands of requests were answered, but none of them was the developer's: once the next
      // metrics arrive (each second), hello's row reads 0 requests, 0 errors and no p50/p99.
      const benched = Number(/requests\s+│\s+([\d,]+)/.exec(text)![1]!.replace(/,/g, ''));
      expect(benched).toBeGreaterThan(20);
      const since = shown().length;
      await waitFor((now) => /hello\s+ready\s+v1\s+\d+\s+0\s+0\s+-\s+-/.test(now.slice(since)), "hello's row with the session's own numbers", 5000);
      write('q');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
