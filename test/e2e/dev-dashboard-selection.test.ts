// The `neosl dev` dashboard on a real pseudo-terminal (util-linux `script`): it shows the selected
// function's routes, and after the `b` key's bench it comes back on the function that was benched.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { neoslBin } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/bench-project', import.meta.url));
afterAll(removeTempDirs);

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('neosl dev dashboard: selection and routes', () => {
  it('shows the routes of the selected function and keeps it selected after the b key', async () => {
    const project = join(makeTempDir('neosl-dev-select-'), 'app');
    cpSync(fixture, project, { recursive: true });
    const command = `stty cols 120 rows 40; exec '${process.execPath}' '${neoslBin}' dev --port 0 --persist-to :memory:`;
    const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...env } = process.env;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: project, env: { ...env, NO_COLOR: '1', TERM: 'xterm' } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const waitFor = async (test: (text: string) => boolean, what: string, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!test(plain(output))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${plain(output).slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    /** Keys reach Ink once it has put the terminal in raw mode: press again until the effect shows. */
    const press = async (key: string, effect: (text: string) => boolean, what: string) => {
      for (let attempt = 0; !effect(plain(output)); attempt++) {
        if (attempt === 10) throw new Error(`${what}: the key did nothing:\n${plain(output).slice(-2000)}`);
        child.stdin.write(key);
        await waitFor(effect, what, 2000).catch(() => undefined);
      }
    };
    try {
      await waitFor((text) => text.includes('b bench hello') && /prices\s+ready/.test(text), 'the dev dashboard');
      await waitFor((text) => text.includes('hello: POST /functions/hello'), 'the routes of hello');
      await press('\u001b[B', (text) => text.includes('b bench prices'), 'selecting prices');
      await waitFor((text) => text.includes('prices: GET /prices'), 'the routes of prices');

      await press('b', (text) => text.includes('neosl bench prices'), 'the bench of prices');
      await waitFor((text) => text.includes('Press any key to return to the dashboard.'), 'the bench to finish');
      const before = plain(output).length;
      child.stdin.write('x');
      await waitFor((text) => text.slice(before).includes('q quit'), 'the dev dashboard again');
      await waitFor((text) => /prices\s+ready/.test(text.slice(before)), 'the rows again');
      const after = plain(output).slice(before);
      expect(after).toContain('b bench prices');
      expect(after).toMatch(/› prices/);
      expect(after).toContain('prices: GET /prices');
      expect(after).not.toContain('b bench hello');
      child.stdin.write('q');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
