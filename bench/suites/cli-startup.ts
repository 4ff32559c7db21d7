// CLI start-up: `neosl --version` and `neosl --help` against a bare `node -e ""`.
import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../benchmark.js';
import { medianWallTimes } from '../measure.js';

const bin = fileURLToPath(new URL('../../bin/neosl.js', import.meta.url));

export const cliStartup: Benchmark = {
  name: 'cli-startup',
  async run() {
    const runs = Number(process.env.NEOSL_BENCH_RUNS ?? 30);
    const [bare, version, help] = medianWallTimes([{ args: ['-e', ''] }, { args: [bin, '--version'] }, { args: [bin, '--help'] }], runs);
    const baseline = { label: 'node -e ""', value: bare!, unit: 'ms' };
    return [
      { name: 'cli start-up', ours: { label: 'neosl --version', value: version!, unit: 'ms' }, baseline, better: 'lower', target: 1.5, notes: `median of ${runs}` },
      { name: 'cli start-up', ours: { label: 'neosl --help', value: help!, unit: 'ms' }, baseline, better: 'lower', notes: `median of ${runs}` },
    ];
  },
};
