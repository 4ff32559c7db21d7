// The cluster recipe (examples/cluster/): throughput of the hello function through nginx in front
// of three `neosl serve` replicas on one PostgreSQL store, against one of those replicas called
// directly, in the same run (autocannon in its own process; rounds interleaved, median of each).
// Everything shares the machine's cores: on 2 cores three replicas, nginx and autocannon compete
// for them, so the ratio shows the cost of the extra hop more than the gain of the replicas.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from '../benchmark.js';
import { autocannon, type LoadResult } from '../emulator-process.js';
import { freePort } from '../../test/helpers/free-port.js';

const recipe = fileURLToPath(new URL('../../examples/cluster/', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/neosl.js', import.meta.url));
const helloFixture = fileURLToPath(new URL('../fixtures/hello-project', import.meta.url));
const body = '{"name":"neo"}';
const seconds = Number(process.env.NEOSL_BENCH_SECONDS ?? 5);
const loadRounds = 3;
const connections = 50;

/** The round with the median throughput. */
function medianLoad(rounds: LoadResult[]): LoadResult {
  return [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[rounds.length >> 1]!;
}

const sum = (rounds: LoadResult[], key: 'non2xx' | 'errors') => rounds.reduce((total, round) => total + round[key], 0);

/** Why the suite cannot run here (a tool missing), or undefined. */
function missingTool(): string | undefined {
  for (const [tool, check] of [
    ['nginx', 'command -v nginx || test -x /usr/sbin/nginx'],
    ['redis-server', 'command -v redis-server'],
    ['postgresql', 'ls /usr/lib/postgresql/*/bin/initdb'],
    ['curl', 'command -v curl'],
  ] as const) {
    if (spawnSync('sh', ['-c', check], { stdio: 'ignore' }).status !== 0) return tool;
  }
  return undefined;
}

async function throughput(): Promise<BenchmarkResult[]> {
  const missing = missingTool();
  if (missing !== undefined) {
    process.stderr.write(`cluster: skipped, ${missing} is not installed (apt-get install ${missing})\n`);
    return [];
  }
  const root = mkdtempSync(join(tmpdir(), 'neosl-bench-cluster-'));
  chmodSync(root, 0o755);
  const state = join(root, 'state');
  const env = { ...process.env, NEOSL_BIN: bin, NO_COLOR: '1' };
  const ports = [await freePort(), await freePort(), await freePort()];
  const httpPort = await freePort();
  try {
    const started = spawnSync(join(recipe, 'start-cluster.sh'), ['--state', state, '--ports', ports.join(','), '--http-port', String(httpPort), '--redis-port', String(await freePort()), '--postgres-port', String(await freePort())], { env, encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`start-cluster.sh exited with ${started.status}:\n${started.stdout}${started.stderr}`);
    const projectDir = join(root, 'app');
    cpSync(helloFixture, projectDir, { recursive: true });
    mkdirSync(join(root, 'config'));
    const deployEnv = { ...env, NEOSL_TOKEN: readFileSync(join(state, 'token'), 'utf8').trim(), NEOSL_CONFIG_DIR: join(root, 'config') };
    const deployed = spawnSync(process.execPath, [bin, 'deploy', '--target', `http://127.0.0.1:${httpPort}`], { cwd: projectDir, env: deployEnv, encoding: 'utf8' });
    if (deployed.status !== 0) throw new Error(`neosl deploy exited with ${deployed.status}:\n${deployed.stderr}`);

    const clusterUrl = `http://127.0.0.1:${httpPort}/functions/hello`;
    const replicaUrl = `http://127.0.0.1:${ports[0]}/functions/hello`;
    // Every replica has the version before the first round (it reaches them within about a second).
    for (const port of ports) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const answer = await fetch(`http://127.0.0.1:${port}/functions/hello`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }).catch(() => undefined);
        if (answer?.status === 200) break;
        if (Date.now() > deadline) throw new Error(`replica ${port} does not serve hello 30 s after the deploy`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    for (const url of [clusterUrl, replicaUrl]) await autocannon(url, { connections, seconds: 1, method: 'POST', body });
    const loads = { cluster: [] as LoadResult[], replica: [] as LoadResult[] };
    for (let round = 0; round < loadRounds; round++) {
      loads.cluster.push(await autocannon(clusterUrl, { connections, seconds, method: 'POST', body }));
      loads.replica.push(await autocannon(replicaUrl, { connections, seconds, method: 'POST', body }));
    }
    const [cluster, replica] = [medianLoad(loads.cluster), medianLoad(loads.replica)];
    return [
      {
        name: 'cluster throughput',
        ours: { label: 'nginx → 3 neosl serve replicas POST /functions/hello', value: cluster.requestsPerSecond, unit: 'req/s' },
        baseline: { label: 'one replica directly', value: replica.requestsPerSecond, unit: 'req/s' },
        better: 'higher',
        notes: `autocannon -c ${connections} -d ${seconds} in its own process, median of ${loadRounds} interleaved rounds, everything on one machine of ${availableParallelism()} cores; p99 ${cluster.p99} ms vs ${replica.p99} ms; non-2xx ${sum(loads.cluster, 'non2xx')} vs ${sum(loads.replica, 'non2xx')}, errors ${sum(loads.cluster, 'errors')} vs ${sum(loads.replica, 'errors')}`,
      },
    ];
  } finally {
    spawnSync(join(recipe, 'stop-cluster.sh'), ['--state', state], { env, stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  }
}

export const clusterBenchmarks: Benchmark = {
  name: 'cluster',
  run: throughput,
};
