// The `neosl dev` dashboard on a real pseudo-terminal (util-linux `script`): it shows the selected
// function's routes, and after the `b` key's bench it comes back on the function that was benched.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startDashboardTerminal } from '../helpers/dashboard-terminal.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/bench-project', import.meta.url));
afterAll(removeTempDirs);

describe('neosl dev dashboard: selection and routes', () => {
  it('shows the routes of the selected function and keeps it selected after the b key', async () => {
    const { child, text: shown, waitFor, press, write, exited } = startDashboardTerminal(fixture, 'neosl-dev-select-');
    try {
      await waitFor((text) => text.includes('b bench hello') && /prices\s+ready/.test(text), 'the dev dashboard');
      await waitFor((text) => text.includes('hello: POST /functions/hello'), 'the routes of hello');
      await press('\u001b[B', (text) => text.includes('b bench prices'), 'selecting prices');
      await waitFor((text) => text.includes('prices: GET /prices'), 'the routes of prices');

      await press('b', (text) => text.includes('neosl bench prices'), 'the bench of prices');
      await waitFor((text) => text.includes('Press any key to return to the dashboard.'), 'the bench to finish');
      const before = shown().length;
      write('x');
      await waitFor((text) => text.slice(before).includes('q quit'), 'the dev dashboard again');
      await waitFor((text) => /prices\s+ready/.test(text.slice(before)), 'the rows again');
      const after = shown().slice(before);
      expect(after).toContain('b bench prices');
      expect(after).toMatch(/› prices/);
      expect(after).toContain('prices: GET /prices');
      expect(after).not.toContain('b bench hello');
      write('q');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
