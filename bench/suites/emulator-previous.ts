// neosl dev against a previous version of itself, in the same run. Every round starts both
// emulators afresh, in alternating order (the one started first reads several percent slower on
// this machine, whatever its version), warms them, and measures:
// - throughput at full load, one after the other (autocannon in its own process);
// - CPU time per request (user + system, all threads, from /proc) with both loaded at once at a
//   fixed rate, so that the machine's speed, which swings from second to second, is the same for
//   both: what decides throughput on a CPU-bound server.
// Each figure is the median of the rounds' ratios. The control runs the same CPU measurement on two
// copies of the previous version: how far apart two identical servers read here (the noise floor).
// Last, the checks added on the request path, timed in-process, as a share of a request's CPU.
// The previous version is a git ref (NEOSL_BENCH_BASELINE_REF, default HEAD: the working tree
// against the last commit).
import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../benchmark.js';
import { autocannon, cpuSeconds, startEmulator, type RunningEmulator } from '../emulator-process.js';
import { median } from '../measure.js';
import { buildPreviousVersion } from '../previous-version.js';
import { AccessPolicy } from '../../src/emulator/access-policy.js';
import { functionResponse, isErrorAnswer } from '../../src/emulator/function-response.js';
import { MemoryGuard } from '../../src/runtime/worker/memory-guard.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 4);
const rounds = Number(process.env.NEOSL_BENCH_ROUNDS ?? 8);
/** Per emulator, while both are loaded: well under what the machine can serve. */
const FIXED_RATE = 1500;

const load = (emulator: RunningEmulator, secs: number, rate?: number) =>
  autocannon(`${emulator.url}/functions/hello`, { connections: rate === undefined ? 50 : 20, seconds: secs, method: 'POST', body, ...(rate === undefined ? {} : { rate }) });

/** Both loaded at once at FIXED_RATE: a's CPU time per request over b's. */
async function cpuRatio(a: RunningEmulator, b: RunningEmulator): Promise<number> {
  const before = [cpuSeconds(a.child.pid!), cpuSeconds(b.child.pid!)];
  const results = await Promise.all([load(a, seconds, FIXED_RATE), load(b, seconds, FIXED_RATE)]);
  const [ua, ub] = [a, b].map((emulator, i) => (cpuSeconds(emulator.child.pid!) - before[i]!) / Math.max(1, results[i]!.total));
  return ua! / ub!;
}

/** Starts the two in the round's order, warmed up; stops them after `measure`. */
async function round<T>(index: number, binA: string | undefined, binB: string, measure: (a: RunningEmulator, b: RunningEmulator) => Promise<T>): Promise<T> {
  const start = (bin: string | undefined) => startEmulator(fixture, [], ...(bin === undefined ? [] : [bin]));
  let a: RunningEmulator | undefined;
  let b: RunningEmulator | undefined;
  try {
    if (index % 2 === 0) {
      a = await start(binA);
      b = await start(binB);
    } else {
      b = await start(binB);
      a = await start(binA);
    }
    await Promise.all([load(a, 1), load(b, 1)]);
    return await measure(a, b);
  } finally {
    await a?.stop();
    await b?.stop();
  }
}

/** Microseconds per request of the checks this version added on the request path, timed in-process. */
function requestChecksMicros(): number {
  const access = new AccessPolicy({ listenHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] });
  const guard = new MemoryGuard(() => undefined, 4096);
  const value = { message: 'Hello, neo!' };
  const calls = 200_000;
  let kept = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    if (access.hostAllowed('127.0.0.1:8700') && access.originAllowed(undefined)) kept++;
    if (!isErrorAnswer(functionResponse('hello', 'plain', value))) kept++;
    if (!guard.checkBeforeAnswer()) kept++;
  }
  const micros = ((performance.now() - started) * 1000) / calls;
  if (kept !== calls * 3) throw new Error('the checks refused a healthy request');
  return micros;
}

export const emulatorPreviousBenchmarks: Benchmark = {
  name: 'emulator-vs-previous',
  async run() {
    const previous = buildPreviousVersion(process.env.NEOSL_BENCH_BASELINE_REF ?? 'HEAD');
    try {
      const throughput: number[] = [];
      const ours: number[] = [];
      const theirs: number[] = [];
      const cpu: number[] = [];
      const control: number[] = [];
      let microsPerRequest = 0;
      for (let index = 0; index < rounds; index++) {
        await round(index, undefined, previous.bin, async (current, before) => {
          // Who goes first alternates too.
          const order = index % 2 === 0 ? [current, before] : [before, current];
          const rates = new Map<RunningEmulator, number>();
          for (const emulator of order) rates.set(emulator, (await load(emulator, seconds)).requestsPerSecond);
          ours.push(rates.get(current)!);
          theirs.push(rates.get(before)!);
          throughput.push(rates.get(current)! / rates.get(before)!);
          const cpuBefore = cpuSeconds(current.child.pid!);
          const ratio = await cpuRatio(current, before);
          cpu.push(ratio);
          microsPerRequest = ((cpuSeconds(current.child.pid!) - cpuBefore) * 1e6) / (seconds * FIXED_RATE);
        });
        control.push(await round(index, previous.bin, previous.bin, cpuRatio));
      }
      const checks = requestChecksMicros();
      const list = (values: number[], digits = 0) => values.map((value) => value.toFixed(digits)).join(', ');
      return [
        {
          name: 'emulator throughput vs previous version',
          ours: { label: 'working tree / previous, median of rounds', value: median(throughput), unit: 'x' },
          baseline: { label: `the same rounds of neosl dev at ${previous.label}`, value: 1, unit: 'x' },
          better: 'higher',
          target: 0.97,
          notes: `${rounds} rounds of autocannon -c 50 -d ${seconds}, fresh emulators each; req/s ours ${list(ours)}; previous ${list(theirs)}`,
        },
        {
          name: `emulator CPU per request vs previous version, both at ${FIXED_RATE} req/s at once`,
          ours: { label: 'working tree / previous, median of rounds', value: median(cpu), unit: 'x' },
          baseline: { label: 'previous / a second copy of itself (the noise floor)', value: median(control), unit: 'x' },
          better: 'lower',
          target: 1.03,
          notes: `${rounds} rounds of ${seconds} s; ratios ${list(cpu, 2)}; control ${list(control, 2)}`,
        },
        {
          name: 'hardening checks per request',
          ours: { label: 'Host + Origin checks, response checks, memory check', value: checks, unit: 'µs' },
          baseline: { label: 'the emulator CPU per request (last round, working tree)', value: microsPerRequest, unit: 'µs' },
          better: 'lower',
          target: 0.03,
          notes: 'the checks timed in-process over 200k calls; their share of what a request costs',
        },
      ];
    } finally {
      previous.remove();
    }
  },
};
