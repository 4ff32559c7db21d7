// The performance suite: `npm run bench:perf [-- <name filter>…]`. One line per benchmark with the
// ratio to a baseline measured in the same run. `--strict` exits 1 when a target is missed.
import { formatResult, meetsTarget, type Benchmark } from './benchmark.js';
import { benchCommandBenchmarks } from './suites/bench-command.js';
import { cacheBenchmarks } from './suites/cache.js';
import { chainRpcBenchmarks } from './suites/chain-rpc.js';
import { clusterBenchmarks } from './suites/cluster.js';
import { cliStartup } from './suites/cli-startup.js';
import { coldStartBenchmarks } from './suites/cold-start.js';
import { consoleBenchmarks } from './suites/console.js';
import { databaseBenchmarks } from './suites/database.js';
import { emulatorBenchmarks } from './suites/emulator.js';
import { emulatorPreviousBenchmarks } from './suites/emulator-previous.js';
import { hotPathBenchmarks } from './suites/hot-path.js';
import { postgresDatabaseBenchmarks } from './suites/postgres-database.js';
import { runtimeBenchmarks } from './suites/runtime.js';
import { serveBenchmarks } from './suites/serve.js';

const benchmarks: Benchmark[] = [cliStartup, databaseBenchmarks, postgresDatabaseBenchmarks, cacheBenchmarks, coldStartBenchmarks, runtimeBenchmarks, emulatorBenchmarks, emulatorPreviousBenchmarks, benchCommandBenchmarks, chainRpcBenchmarks, serveBenchmarks, clusterBenchmarks, hotPathBenchmarks, consoleBenchmarks];

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const filters = args.filter((arg) => !arg.startsWith('--'));
const selected = benchmarks.filter((benchmark) => filters.length === 0 || filters.some((filter) => benchmark.name.includes(filter)));

let missed = 0;
for (const benchmark of selected) {
  for (const result of await benchmark.run()) {
    process.stdout.write(`${formatResult(result)}\n`);
    if (meetsTarget(result) === false) missed++;
  }
}
if (strict && missed > 0) process.exitCode = 1;
