// Why `neosl bench --url` and a standalone autocannon run read differently against the same server:
// runs both, in turns, against one raw node:http hello server and prints each run and the ratios.
//
//   npm run build && npx tsx bench/compare-autocannon.ts [--reps 4] [--connections 20] [--seconds 4] [--pairs as-reported,like-for-like,autocannon-warmup,headers]
//
// The pairs (each: standalone autocannon first, then the other, alternated for --reps rounds):
//   as-reported        `autocannon -m POST -b '{}' -c 20 -d 4`  vs  `neosl bench --url … -m POST -d '{}' -c 20 --duration 4`
//                      (the comparison of issue 11: neosl's default 2 s warm-up against none)
//   like-for-like      the same autocannon run  vs  neosl bench with `--warmup 0`
//   autocannon-warmup  autocannon with `--warmup [ -c 20 -d 2 ]`  vs  neosl bench with its default 2 s warm-up
//   headers            autocannon  vs  autocannon sending neosl's two extra headers (content-type, x-neosl-bench)
// Then, from neosl bench's lines a second, how fast a fresh client's first second runs against its
// warmed-up seconds: measured within one run, so free of the drift between runs on a busy machine,
// it gives the difference a warm-up makes to a run of this length.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rawHelloServer, startServerProcess } from './hello-servers.js';
import { median } from './measure.js';

const neoslBin = fileURLToPath(new URL('../bin/neosl.js', import.meta.url));
const autocannonBin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '4' },
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '4' },
    pairs: { type: 'string', default: 'as-reported,like-for-like,autocannon-warmup' },
  },
});
const reps = Number(values.reps);
const connections = String(Number(values.connections));
const seconds = String(Number(values.seconds));

interface Reading {
  /** requests.average: the mean of the per-second counts. */
  average: number;
  total: number;
  durationSec: number;
  /** autocannon's slowest and fastest second (standalone runs only): a cold first second shows as a low minimum. */
  seconds?: { min: number; max: number };
  /** neosl bench's seconds, from its progress lines on stderr: the warm-up's, then the measured run's. */
  ticks?: { warmup: number[]; run: number[] };
}

/** The one JSON document printed; with --warmup, autocannon prints the warm-up's line first and the run's last. */
function lastJson(stdout: string): Record<string, unknown> {
  try {
    return JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  }
}

/** neosl bench's lines a second ("warm-up 1s   1,234 req/s …", "  1s   5,678 req/s …"). */
function ticksOf(stderr: string): { warmup: number[]; run: number[] } {
  const ticks = { warmup: [] as number[], run: [] as number[] };
  for (const match of stderr.matchAll(/^(warm-up )?\s*\d+s\s+([\d,]+) req\/s/gm)) ticks[match[1] ? 'warmup' : 'run'].push(Number(match[2]!.replace(/,/g, '')));
  return ticks;
}

function runJson(args: string[]): Promise<{ json: Record<string, unknown>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${args.slice(1, 3).join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
      else {
        try {
          resolve({ json: lastJson(stdout), stderr });
        } catch (error) {
          reject(new Error(`${args.slice(1, 3).join(' ')} printed no JSON (${(error as Error).message}):\n${stdout.slice(-2000)}`));
        }
      }
    });
  });
}

/** The standalone CLI, as a user runs it (-j only to read its numbers; it renders nothing else off a terminal). */
async function standalone(url: string, extra: string[] = []): Promise<Reading> {
  const { json: result } = await runJson([autocannonBin, '-j', '-m', 'POST', '-b', '{}', '-c', connections, '-d', seconds, ...extra, url]);
  const requests = result.requests as { average: number; total: number; min: number; max: number };
  return { average: requests.average, total: requests.total, durationSec: result.duration as number, seconds: { min: requests.min, max: requests.max } };
}

async function neoslBench(url: string, extra: string[] = []): Promise<Reading> {
  const { json: result, stderr } = await runJson([neoslBin, 'bench', '--url', url, '-m', 'POST', '-d', '{}', '-c', connections, '--duration', seconds, '--no-dashboard', '--json', ...extra]);
  const requests = result.requests as { average: number; total: number };
  return { average: requests.average, total: requests.total, durationSec: result.durationSec as number, ticks: ticksOf(stderr) };
}

type Run = (url: string) => Promise<Reading>;
const pairs: Record<string, { label: [string, string]; runs: [Run, Run] }> = {
  'as-reported': {
    label: ['autocannon', 'neosl bench (2 s warm-up)'],
    runs: [(url) => standalone(url), (url) => neoslBench(url)],
  },
  'like-for-like': {
    label: ['autocannon', 'neosl bench --warmup 0'],
    runs: [(url) => standalone(url), (url) => neoslBench(url, ['--warmup', '0'])],
  },
  'autocannon-warmup': {
    label: ['autocannon --warmup [-d 2]', 'neosl bench (2 s warm-up)'],
    runs: [(url) => standalone(url, ['--warmup', '[', '-c', connections, '-d', '2', ']']), (url) => neoslBench(url)],
  },
  headers: {
    label: ['autocannon', "autocannon + neosl's headers"],
    runs: [(url) => standalone(url), (url) => standalone(url, ['-H', 'content-type=application/json', '-H', 'x-neosl-bench=1'])],
  },
};

const chosen = values.pairs.split(',').map((name) => name.trim());
for (const name of chosen) if (!(name in pairs)) throw new Error(`unknown pair "${name}": ${Object.keys(pairs).join(', ')}`);

const server = await startServerProcess(rawHelloServer);
// The server goes with this script, however it ends.
process.on('exit', () => server.stop());
process.on('SIGINT', () => process.exit(130));
const url = `${server.url}/`;
const round = (value: number) => Math.round(value);
const summary: string[] = [];
/** Within one neosl run, so free of the drift between runs: a fresh client's first second over its warmed-up seconds. */
const coldSeconds: number[] = [];
const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
try {
  // One throwaway run so the server process is warm for every measured one alike.
  await standalone(url, []);
  for (const name of chosen) {
    const { label, runs } = pairs[name]!;
    const readings: [Reading[], Reading[]] = [[], []];
    for (let rep = 0; rep < reps; rep++) {
      for (const side of [0, 1] as const) {
        const reading = await runs[side](url);
        readings[side].push(reading);
        const spread = reading.seconds
          ? `; its seconds ${reading.seconds.min}…${reading.seconds.max}`
          : reading.ticks
            ? `; its seconds: ${reading.ticks.warmup.length ? `warm-up ${reading.ticks.warmup.join(', ')}, ` : ''}measured ${reading.ticks.run.join(', ')}`
            : '';
        console.log(`${name.padEnd(18)} rep ${rep + 1}  ${label[side].padEnd(30)} ${String(round(reading.average)).padStart(7)} req/s  (${reading.total} in ${reading.durationSec} s${spread})`);
      }
    }
    const [a, b] = readings.map((list) => list.map((reading) => reading.average)) as [number[], number[]];
    const perRep = b.map((value, i) => (value / a[i]!).toFixed(2)).join(', ');
    summary.push(`${name.padEnd(18)} ${label[1]} / ${label[0]}: ${(median(b) / median(a)).toFixed(2)}x (medians ${round(median(b))} / ${round(median(a))} req/s; per rep ${perRep})`);
    for (const reading of readings[1]) if (reading.ticks && reading.ticks.warmup.length > 0 && reading.ticks.run.length > 0) coldSeconds.push(reading.ticks.warmup[0]! / mean(reading.ticks.run));
  }
} finally {
  server.stop();
}
console.log(`\nraw node:http hello, POST '{}', ${connections} connections, ${seconds} s, ${reps} alternating reps:`);
for (const line of summary) console.log(`  ${line}`);
if (coldSeconds.length > 0) {
  // A run of d seconds that counts a first second at r of the warmed rate reads d / (d - 1 + r) below one that does not.
  const r = median(coldSeconds);
  const d = Number(seconds);
  console.log(
    `  a fresh client's first second ran at ${r.toFixed(2)}x its warmed-up rate (median of ${coldSeconds.length}: ${coldSeconds.map((value) => value.toFixed(2)).join(', ')}):` +
      ` a ${d} s run that counts it, as a standalone autocannon does, reads ${(d / (d - 1 + r)).toFixed(2)}x lower than one after a warm-up`,
  );
}
