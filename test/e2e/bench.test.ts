// `neosl bench` spawned as a user runs it, on a copy of the bench fixture project (short runs, no
// warm-up): the --json fields, the lines without a TTY, baselines, --all, Ctrl-C, and bad input.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { neoslBin, spawnNeosl } from '../helpers/spawn-neosl.js';

const fixture = fileURLToPath(new URL('../fixtures/bench-project', import.meta.url));
let project: string;

beforeAll(() => {
  project = join(makeTempDir('neosl-bench-'), 'app');
  cpSync(fixture, project, { recursive: true });
});
afterAll(removeTempDirs);

const bench = (args: string[], cwd = project) => spawnNeosl(['bench', ...args], { cwd });

interface Result {
  function: string;
  url: string;
  method: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errorRate: number;
  firstError: { status: number; body: string } | null;
  server: { instances: number; coldStarts: number; requests: number; cacheHitRate: number | null; rssBytes: number; metrics: Record<string, number> } | null;
  interrupted: boolean;
}

describe('neosl bench', () => {
  it('--json: one document on stdout with the load, the latency and the server side', async () => {
    const run = await bench(['hello', '-c', '3', '--duration', '1s', '--warmup', '0', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Result;
    expect(result).toMatchObject({ function: 'hello', method: 'POST', connections: 3, warmupSec: 0, errors: 0, non2xx: 0, errorRate: 0, firstError: null, interrupted: false });
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/functions\/hello$/);
    expect(result.durationSec).toBeGreaterThanOrEqual(0.9);
    expect(result.durationSec).toBeLessThan(3);
    expect(result.requests.total).toBeGreaterThan(50);
    expect(result.requests.average).toBeGreaterThan(50);
    expect(result.statusCodes).toEqual({ 200: result.requests.total });
    const { p50, p90, p99, max } = result.latency;
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    // The server counted what the client sent (plus the probe), and the function's own counter.
    expect(result.server!.requests).toBeGreaterThanOrEqual(result.requests.total);
    expect(result.server!.instances).toBeGreaterThanOrEqual(1);
    expect(result.server!.coldStarts).toBeGreaterThanOrEqual(1);
    expect(result.server!.rssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(result.server!.metrics.greetings_total).toBe(result.server!.requests);
    // Progress went to stderr, a line a second.
    expect(run.stderr).toMatch(/^\s+1s\s+[\d,]+ req\/s\s+p50 /m);
  });

  it('benches an http route with its neosl.yaml bench settings and shows the cache hit rate', async () => {
    const run = await bench(['prices', '--warmup', '0', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Result;
    expect(result).toMatchObject({ method: 'GET', connections: 2 });
    expect(result.url).toMatch(/\/prices$/);
    // One miss (the first read), every other read a hit.
    const reads = result.server!.requests;
    expect(result.server!.cacheHitRate).toBeCloseTo((reads - 1) / reads, 6);
  });

  it('without a TTY: a line a second on stderr, then the summary table on stdout', async () => {
    const run = await bench(['hello', '--duration', '2', '--warmup', '1s']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/bench hello: POST http:\/\/127\.0\.0\.1:\d+\/functions\/hello, 4 connections, 2 s after a 1 s warm-up/);
    // The summary says what it measured: the warm-up is not in the numbers.
    expect(run.stdout).toMatch(/hello {2}POST http:\/\/127\.0\.0\.1:\d+\/functions\/hello {2}4 connections, 2\.\d s after a 1 s warm-up \(not counted\)/);
    expect(run.stderr).toMatch(/warm-up 1s\s+[\d,]+ req\/s/);
    expect(run.stderr).toMatch(/^\s+1s\s+[\d,]+ req\/s/m);
    expect(run.stderr).toMatch(/^\s+2s\s+[\d,]+ req\/s/m);
    expect(run.stdout).toMatch(/requests\/s\s+│\s+[\d,]+/);
    expect(run.stdout).toMatch(/latency p99\s+│\s+[\d.]+ ms/);
    expect(run.stdout).toMatch(/status codes\s+│\s+200 × [\d,]+/);
    expect(run.stdout).toMatch(/metric: greetings_total\s+│\s+[\d,]+/);
  });

  it('a function that only fails: the error rate and the first error body, exit 1', async () => {
    const run = await bench(['failing', '--duration', '1', '--warmup', '0']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/failing: every request failed \(error rate 100% of \d+\); the first error: 500 .*the price feed is down/);
    expect(run.stdout).toMatch(/status codes\s+│\s+500 × [\d,]+/);
  });

  describe('baselines', () => {
    let saved: { machine: { node: string; cpu: string }; results: Result[] };
    const baselineFile = () => join(project, 'baseline.json');

    beforeAll(async () => {
      const run = await bench(['hello', '--duration', '1', '--warmup', '0', '--save-baseline', 'baseline.json']);
      expect(run.exitCode, run.stderr).toBe(0);
      saved = JSON.parse(readFileSync(baselineFile(), 'utf8'));
    });

    it('--save-baseline writes the result with the Node version and CPU', () => {
      expect(saved.machine.node).toBe(process.version);
      expect(saved.machine.cpu.length).toBeGreaterThan(0);
      expect(saved.results).toHaveLength(1);
      expect(saved.results[0]).toMatchObject({ function: 'hello', connections: 4 });
    });

    it('exits 3 with a table of what regressed when throughput fell or p99 rose past the limit', async () => {
      const [result] = saved.results;
      const faster = { ...saved, results: [{ ...result, requests: { ...result!.requests, average: result!.requests.average * 20 }, latency: { ...result!.latency, p99: 0.01 } }] };
      writeFileSync(join(project, 'faster.json'), JSON.stringify(faster));
      const run = await bench(['hello', '--duration', '1', '--warmup', '0', '--baseline', 'faster.json', '--max-regression', '15']);
      expect(run.exitCode, run.stderr).toBe(3);
      expect(run.stdout).toMatch(/hello\s+│\s+requests\/s\s+│.*│\s+-9\d\.\d%\s+│\s+regressed/);
      expect(run.stdout).toMatch(/p99 latency.*regressed/);
      expect(run.stderr).toMatch(/regressed by more than 15% against faster\.json: hello requests\/s -9\d\.\d%, hello p99 latency \+/);
    });

    it('exits 0 on an improvement, and says so in --json', async () => {
      const [result] = saved.results;
      const slower = { ...saved, results: [{ ...result, requests: { ...result!.requests, average: result!.requests.average / 20 }, latency: { ...result!.latency, p99: result!.latency.p99 * 50 + 100 } }] };
      writeFileSync(join(project, 'slower.json'), JSON.stringify(slower));
      const run = await bench(['hello', '--duration', '1', '--warmup', '0', '--baseline', 'slower.json', '--json']);
      expect(run.exitCode, run.stderr).toBe(0);
      const { baseline } = JSON.parse(run.stdout) as { baseline: { maxRegression: number; comparison: { metric: string; regressed: boolean; changePercent: number }[] } };
      expect(baseline.maxRegression).toBe(10);
      expect(baseline.comparison.map((row) => [row.metric, row.regressed])).toEqual([
        ['requests/s', false],
        ['p99 latency', false],
      ]);
      expect(baseline.comparison[0]!.changePercent).toBeGreaterThan(100);
    });

    it('a missing baseline, or a file of another shape, is a clear error before any load', async () => {
      const missing = await bench(['hello', '--baseline', 'nope.json']);
      expect(missing.exitCode).toBe(1);
      expect(missing.stderr).toContain('--baseline nope.json: no such file');
      expect(missing.stderr).toContain('--save-baseline nope.json');
      writeFileSync(join(project, 'other.json'), JSON.stringify({ results: [{ function: 'hello', requests: 12 }] }));
      const other = await bench(['hello', '--baseline', 'other.json']);
      expect(other.exitCode).toBe(1);
      expect(other.stderr).toMatch(/--baseline other\.json is not a neosl bench baseline: results\.0\.requests: .*; results\.0\.latency: /);
      expect(other.stderr).not.toContain('starting the emulator');
    });
    it("a --json result is a baseline too: one function's document, compared like a saved file", async () => {
      const first = await bench(['hello', '--duration', '1', '--warmup', '0', '--json']);
      expect(first.exitCode, first.stderr).toBe(0);
      writeFileSync(join(project, 'hello-result.json'), first.stdout);
      // A limit no run can pass by noise alone: the comparison itself is what is tested.
      const run = await bench(['hello', '--duration', '1', '--warmup', '0', '--baseline', 'hello-result.json', '--max-regression', '100000', '--json']);
      expect(run.exitCode, run.stderr).toBe(0);
      const { baseline } = JSON.parse(run.stdout) as { baseline: { file: string; comparison: { function: string; metric: string; baseline: number }[] } };
      expect(baseline.file).toBe('hello-result.json');
      const saved = JSON.parse(first.stdout) as Result;
      expect(baseline.comparison).toEqual([
        expect.objectContaining({ function: 'hello', metric: 'requests/s', baseline: saved.requests.average }),
        expect.objectContaining({ function: 'hello', metric: 'p99 latency', baseline: saved.latency.p99 }),
      ]);
    });

    it('a baseline of other functions, an error document or an empty run: a clear error naming the file and the fix, before any load', async () => {
      // baseline.json holds hello only.
      const other = await bench(['prices', '--baseline', 'baseline.json']);
      expect(other.exitCode).toBe(1);
      expect(other.stderr).toContain('--baseline baseline.json has no result for "prices": it holds "hello"');
      expect(other.stderr).toContain('neosl bench prices --save-baseline <file>');
      expect(other.stderr).not.toContain('starting the emulator');

      writeFileSync(join(project, 'error.json'), JSON.stringify({ error: { code: 'ONLY_ERRORS', message: 'every request failed' } }));
      const error = await bench(['hello', '--baseline', 'error.json']);
      expect(error.exitCode).toBe(1);
      expect(error.stderr).toContain('--baseline error.json holds an error, not a bench result');
      expect(error.stderr).toContain('neosl bench hello --save-baseline error.json');

      writeFileSync(join(project, 'empty.json'), JSON.stringify({ results: [] }));
      const empty = await bench(['--all', '--baseline', 'empty.json']);
      expect(empty.exitCode).toBe(1);
      expect(empty.stderr).toContain('--baseline empty.json has no results');
      expect(empty.stderr).toContain('neosl bench --all --save-baseline empty.json');
    });
  });

  it('--all runs every function that has a bench block, with its settings (the CI smoke command)', async () => {
    // (failing has no bench block: not part of --all.)
    const run = await bench(['--all', '--warmup', '0', '--no-dashboard', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Result[] };
    expect(results.map((result) => [result.function, result.connections, result.method])).toEqual([
      ['hello', 4, 'POST'],
      ['prices', 2, 'GET'],
    ]);
    expect(results.every((result) => result.requests.total > 0 && result.errorRate === 0)).toBe(true);

    // Its --json document is a baseline of both functions.
    writeFileSync(join(project, 'all-result.json'), run.stdout);
    const again = await bench(['--all', '--warmup', '0', '--no-dashboard', '--json', '--baseline', 'all-result.json', '--max-regression', '100000']);
    expect(again.exitCode, again.stderr).toBe(0);
    const { baseline } = JSON.parse(again.stdout) as { baseline: { comparison: { function: string; metric: string }[] } };
    expect(baseline.comparison.map((row) => `${row.function} ${row.metric}`)).toEqual(['hello requests/s', 'hello p99 latency', 'prices requests/s', 'prices p99 latency']);
  });

  it('Ctrl-C stops the load, reports the result so far and exits 0', async () => {
    const child = spawn(process.execPath, [neoslBin, 'bench', 'hello', '--duration', '30s', '--warmup', '0', '--json'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!interrupted && /^\s+2s\s/m.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const started = Date.now();
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const result = JSON.parse(stdout) as Result;
    expect(result.interrupted).toBe(true);
    expect(result.durationSec).toBeGreaterThan(1.5);
    expect(result.durationSec).toBeLessThan(10);
    expect(result.requests.total).toBeGreaterThan(0);
    expect(stderr).toContain('stopping the load');
  });

  describe('bad input', () => {
    let server: Server;
    let serverUrl: string;
    beforeAll(async () => {
      server = createServer((_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      serverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('an unknown function: exit 2 with the known ones and a suggestion', async () => {
      const run = await bench(['helo']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('unknown function "helo"');
      expect(run.stderr).toMatch(/did you mean "hello"\?/i);
    });

    it('an unreachable --url, or one that is not on this machine', async () => {
      // A port nothing listens on any more.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as { port: number };
      await new Promise((resolve) => probe.close(resolve));
      const closed = await bench(['hello', '--url', `http://127.0.0.1:${port}/hello`, '--duration', '1']);
      expect(closed.exitCode).toBe(1);
      expect(closed.stderr).toContain(`cannot reach http://127.0.0.1:${port}/hello: ECONNREFUSED`);
      expect(closed.stderr).toContain('Is the server running');
      const remote = await bench(['hello', '--url', 'http://example.com/']);
      expect(remote.exitCode).toBe(2);
      expect(remote.stderr).toContain('only loads this machine');
    });

    it('durations, rates and counts that are not numbers name the flag', async () => {
      for (const [args, message] of [
        [['--duration', 'soon'], '--duration soon: expected a duration like'],
        [['--rate', 'fast'], '--rate fast: expected a number above 0'],
        [['-c', '0'], '--connections 0: expected a whole number of at least 1'],
        [['--warmup', '-1s'], '--warmup -1s: expected a duration'],
        [['--max-regression', '5'], '--max-regression needs --baseline'],
      ] as const) {
        const run = await bench(['hello', ...args]);
        expect(run.exitCode, args.join(' ')).toBe(2);
        expect(run.stderr).toContain(message);
      }
    });

    it('-d is --data everywhere: a test length given to it says to use --duration', async () => {
      for (const value of ['5s', '10', '2m']) {
        const run = await bench(['hello', '-d', value]);
        expect(run.exitCode, value).toBe(2);
        expect(run.stderr).toContain(`-d is --data (the request body); for the test length use --duration ${value}`);
        expect(run.stderr).not.toContain('starting the emulator');
      }
      const notJson = await bench(['hello', '-d', '{name: neo}']);
      expect(notJson.exitCode).toBe(2);
      expect(notJson.stderr).toContain('the request body from -d/--data is not JSON');
      const missing = await bench(['hello', '-d', '@nowhere.json']);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain(`-d nowhere.json: no such file (${join(project, 'nowhere.json')})`);
    });

    it('--url loads any server on this machine, with no server side', async () => {
      const run = await bench(['raw', '--url', serverUrl, '-c', '2', '--duration', '1', '--warmup', '0', '--json']);
      expect(run.exitCode, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as Result;
      expect(result).toMatchObject({ function: 'raw', method: 'GET', server: null, errorRate: 0 });
      expect(result.requests.total).toBeGreaterThan(10);
    });
  });

  describe('--url: any server on this machine, no function or project needed', () => {
    let server: Server;
    let serverUrl: string;
    const seen: { method: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        req.on('end', () => {
          if (req.url === '/hello') seen.push({ method: req.method!, headers: req.headers, body });
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      serverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('runs outside a project, with -m, -d @file, -c and --duration; named by its path; every request marked as bench traffic', async () => {
      const elsewhere = makeTempDir('neosl-bench-url-');
      writeFileSync(join(elsewhere, 'body.json'), '{ "name": "from a file" }');
      const run = await bench(['--url', `${serverUrl}/hello`, '-m', 'POST', '-d', '@body.json', '-c', '2', '--duration', '1', '--warmup', '0', '--json'], elsewhere);
      expect(run.exitCode, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as Result;
      expect(result).toMatchObject({ function: '/hello', url: `${serverUrl}/hello`, method: 'POST', connections: 2, warmupSec: 0, server: null, errorRate: 0 });
      expect(result.durationSec).toBeGreaterThanOrEqual(0.9);
      expect(result.durationSec).toBeLessThan(3);
      // The load plus the probe reached the server, each with the body, its type and the bench mark.
      expect(seen.length).toBeGreaterThanOrEqual(result.requests.total + 1);
      for (const request of [seen[0]!, seen[seen.length - 1]!]) {
        expect(request).toMatchObject({ method: 'POST', body: '{"name":"from a file"}' });
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.headers['x-neosl-bench']).toBe('1');
      }
    });

    it('with neither a function, --all nor --url: a usage error that names all three', async () => {
      const run = await bench([], makeTempDir('neosl-bench-none-'));
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('name the function to bench, --all for every function, or --url for any server on this machine');
    });
  });
});
