// The `b` key of the `neosl dev` dashboard, on a real pseudo-terminal (util-linux `script`): the
// chosen function is benched against the running emulator with the bench dashboard, the summary
// stays on screen until a key is pressed, then the dev dashboard is back, its request count and
// p50/p99 untouched by the bench's traffic; `q` still quits.
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

describe('neosl dev dashboard: the b key', () => {
  it('benches the chosen function, shows the summary, and returns to the dashboard on a key', async () => {
    const project = join(makeTempDir('neosl-dev-bench-'), 'app');
    cpSync(fixture, project, { recursive: true });
    const command = `stty cols 120 rows 40; exec '${process.execPath}' '${neoslBin}' dev --port 0 --persist-to :memory:`;
    // A user's terminal: not CI (where the dashboard gives way to plain lines).
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
    try {
      await waitFor((text) => text.includes('b bench hello') && /hello\s+ready/.test(text), 'the dev dashboard');
      // Keys reach Ink once it has put the terminal in raw mode: press again until the bench shows.
      for (let attempt = 0; !plain(output).includes('neosl bench hello'); attempt++) {
        if (attempt === 10) throw new Error(`the b key did nothing:\n${plain(output).slice(-2000)}`);
        child.stdin.write('b');
        await waitFor((text) => text.includes('neosl bench hello'), 'the bench dashboard', 2000).catch(() => undefined);
      }
      await waitFor((text) => text.includes('Press any key to return to the dashboard.'), 'the bench to finish');
      const text = plain(output);
      expect(text).toMatch(/neosl bench hello\s+POST http:\/\/127\.0\.0\.1:\d+\/functions\/hello/);
      expect(text).toMatch(/hello {2}POST http:\/\/127\.0\.0\.1:\d+\/functions\/hello {2}4 connections, 1\.\d s/);
      expect(text).toMatch(/requests\/s\s+│\s+[\d,]+/);
      const dashboardsBefore = text.split('b bench hello').length;
      child.stdin.write('x');
      await waitFor((now) => now.split('b bench hello').length > dashboardsBefore, 'the dev dashboard again');
      expect(plain(output).slice(text.length)).toMatch(/neosl dev {2}http:\/\/127\.0\.0\.1:\d+/);
      // Thousands of requests were answered, but none of them was the developer's: once the next
      // metrics arrive (each second), hello's row reads 0 requests, 0 errors and no p50/p99.
      const benched = Number(/requests\s+│\s+([\d,]+)/.exec(text)![1]!.replace(/,/g, ''));
      expect(benched).toBeGreaterThan(20);
      const since = plain(output).length;
      await waitFor((now) => /hello\s+ready\s+v1\s+\d+\s+0\s+0\s+-\s+-/.test(now.slice(since)), "hello's row with the session's own numbers", 5000);
      child.stdin.write('q');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
