// Timing helpers for the performance suite.
import { spawnSync } from 'node:child_process';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Median wall time (ms) of each command, runs interleaved so that a noisy neighbour hurts them
 * alike; a few warm-up runs first fill the OS file cache.
 */
export function medianWallTimes(commands: { args: string[]; cwd?: string }[], runs: number, warmups = 3): number[] {
  const times = commands.map(() => [] as number[]);
  for (let round = -warmups; round < runs; round++) {
    commands.forEach((command, index) => {
      const started = process.hrtime.bigint();
      const child = spawnSync(process.execPath, command.args, { cwd: command.cwd, stdio: 'ignore' });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (child.status !== 0) throw new Error(`node ${command.args.join(' ')} exited with ${child.status}`);
      if (round >= 0) times[index]!.push(elapsed);
    });
  }
  return times.map(median);
}
