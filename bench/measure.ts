// Timing helpers for the performance suite.
import { spawnSync } from 'node:child_process';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall time (ms) of one `node <args>` run, from spawn to exit; throws when it exits non-zero. */
export function nodeWallTime(command: { args: string[]; cwd?: string; env?: NodeJS.ProcessEnv }): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, command.args, { cwd: command.cwd, env: command.env, stdio: 'ignore' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`node ${command.args.join(' ')} exited with ${child.status}`);
  return elapsed;
}

/**
 * Wall times (ms) of each command, `runs` of each, runs interleaved so that a noisy neighbour hurts
 * them alike; a few warm-up runs first fill the OS file cache.
 */
export function wallTimeRuns(commands: { args: string[]; cwd?: string; env?: NodeJS.ProcessEnv }[], runs: number, warmups = 3): number[][] {
  const times = commands.map(() => [] as number[]);
  for (let round = -warmups; round < runs; round++) {
    commands.forEach((command, index) => {
      const elapsed = nodeWallTime(command);
      if (round >= 0) times[index]!.push(elapsed);
    });
  }
  return times;
}

/** Median wall time (ms) of each command: wallTimeRuns' medians. */
export function medianWallTimes(commands: { args: string[]; cwd?: string }[], runs: number, warmups = 3): number[] {
  return wallTimeRuns(commands, runs, warmups).map(median);
}

/** Seconds since `started` (a process.hrtime.bigint() reading). */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Calls per second of `call` (given a running count), awaited one after another for about `ms` milliseconds. */
async function callsPerSecond(call: (i: number) => unknown, ms: number): Promise<number> {
  let count = 0;
  const started = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() - started < limit) {
    for (let i = 0; i < 20; i++) await call(count++);
  }
  return count / secondsSince(started);
}

/**
 * Median calls per second of ours and of the baseline, each run for about `ms` per round: one warm-up
 * round of each, then `runs` rounds alternating the two, so that a noisy neighbour hurts them alike.
 */
export async function medianRates(ours: (i: number) => unknown, baseline: (i: number) => unknown, runs: number, ms: number): Promise<{ ours: number; baseline: number }> {
  const oursRates: number[] = [];
  const baselineRates: number[] = [];
  await callsPerSecond(ours, ms);
  await callsPerSecond(baseline, ms);
  for (let run = 0; run < runs; run++) {
    oursRates.push(await callsPerSecond(ours, ms));
    baselineRates.push(await callsPerSecond(baseline, ms));
  }
  return { ours: median(oursRates), baseline: median(baselineRates) };
}
