// neosl dev against a previous version of itself, in the same run: both serve the hello fixture in
// their own processes and are loaded alternately (autocannon in its own process), so that the
// machine's drift hits both alike. Two figures, each the median of the rounds' paired ratios:
// throughput at full load (noisy on a shared 2-core machine: a run can swing ±20%), and the
// emulator's CPU time per request (user + system, all its threads, from /proc) at a fixed 5000
// req/s, which is what decides throughput on a CPU-bound server and varies less. The previous
// version is a git ref (NEOSL_BENCH_BASELINE_REF, default HEAD: the working tree against the last
// commit).
import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../benchmark.js';
import { autocannon, cpuSeconds, startEmulator, type RunningEmulator } from '../emulator-process.js';
import { median } from '../measure.js';
import { buildPreviousVersion } from '../previous-version.js';

const fixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const rounds = Number(process.env.NEOSL_BENCH_ROUNDS ?? 8);
const FIXED_RATE = 5000;

async function fullLoad(emulator: RunningEmulator, secs: number): Promise<number> {
  return (await autocannon(`${emulator.url}/functions/hello`, { connections: 50, seconds: secs, method: 'POST', body })).requestsPerSecond;
}

/** Microseconds of the emulator's CPU per request at a fixed rate. */
async function cpuPerRequest(emulator: RunningEmulator, secs: number): Promise<number> {
  const cpuBefore = cpuSeconds(emulator.child.pid!);
  const result = await autocannon(`${emulator.url}/functions/hello`, { connections: 50, seconds: secs, method: 'POST', body, rate: FIXED_RATE });
  return ((cpuSeconds(emulator.child.pid!) - cpuBefore) * 1e6) / Math.max(1, result.total);
}

/** Runs `measure` on both, alternating who goes first each round; the values and their paired ratios. */
async function paired(current: RunningEmulator, before: RunningEmulator, measure: (emulator: RunningEmulator) => Promise<number>) {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ours.push(await measure(current));
      theirs.push(await measure(before));
    } else {
      theirs.push(await measure(before));
      ours.push(await measure(current));
    }
  }
  return { ours, theirs, ratio: median(ours.map((value, i) => value / theirs[i]!)) };
}

export const emulatorPreviousBenchmarks: Benchmark = {
  name: 'emulator-vs-previous',
  async run() {
    const previous = buildPreviousVersion(process.env.NEOSL_BENCH_BASELINE_REF ?? 'HEAD');
    const current = await startEmulator(fixture);
    const before = await startEmulator(fixture, [], previous.bin);
    try {
      await fullLoad(current, 1);
      await fullLoad(before, 1);
      const throughput = await paired(current, before, (emulator) => fullLoad(emulator, seconds));
      const cpu = await paired(current, before, (emulator) => cpuPerRequest(emulator, seconds));
      const list = (values: number[]) => values.map(Math.round).join(', ');
      const how = `${rounds} alternating rounds of autocannon -c 50 -d ${seconds}`;
      return [
        {
          name: 'emulator throughput vs previous version',
          ours: { label: 'neosl dev (working tree)', value: median(throughput.ours), unit: 'req/s' },
          baseline: { label: `neosl dev at ${previous.label}`, value: median(throughput.theirs), unit: 'req/s' },
          better: 'higher',
          target: 0.97,
          notes: `${how}; median paired ratio ${throughput.ratio.toFixed(3)}; ours ${list(throughput.ours)}; previous ${list(throughput.theirs)}`,
        },
        {
          name: `emulator CPU per request at ${FIXED_RATE} req/s vs previous version`,
          ours: { label: 'neosl dev (working tree)', value: median(cpu.ours), unit: 'µs' },
          baseline: { label: `neosl dev at ${previous.label}`, value: median(cpu.theirs), unit: 'µs' },
          better: 'lower',
          target: 1.03,
          notes: `${how} -R ${FIXED_RATE}; median paired ratio ${cpu.ratio.toFixed(3)}; ours ${list(cpu.ours)}; previous ${list(cpu.theirs)}`,
        },
      ];
    } finally {
      await current.stop();
      await before.stop();
      previous.remove();
    }
  },
};
