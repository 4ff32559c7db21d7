// `neosl deploy --target knative` spawned as a user runs it, on a fixture using every scaling,
// trigger and environment feature: the manifests' fields against neosl.yaml, no .env value in any
// file written, the output folder's rules (own folder replaced, foreign one refused, --force), bad
// input (image, cron), and --apply with kubectl missing, without a cluster, and with a fake kubectl.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resourceProblems } from '../../src/knative/validation.js';
import { spawnNeosl, type NeoslResult } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { allFiles, ofKind, readYamlFiles, serviceOf, type Resource } from './knative-yaml.js';

const fixture = fileURLToPath(new URL('../fixtures/knative-project', import.meta.url));
const SENTINELS = ['SENTINEL-api-7f3e', 'SENTINEL-token-91ab', 'SENTINEL-node-c4d2', 'SENTINEL-key-5e60'];
const DOT_ENV = [
  `PRICE_API_URL=https://${SENTINELS[0]}.example`,
  `PRICE_TOKEN=${SENTINELS[1]}`,
  `NEO_RPC_URL=http://${SENTINELS[2]}:10332`,
  `API_KEY=${SENTINELS[3]}`,
].join('\n');

interface Document {
  out: string;
  image: string;
  namespace: string;
  services: { function: string; service: string; visibility: string; url?: string }[];
  resources: string[];
  files: string[];
  warnings: string[];
  notices: string[];
  applied?: string[];
}

/** A fresh copy of the fixture with a .env holding the sentinel values. */
function copyFixture(): string {
  const project = join(makeTempDir('neosl-knative-'), 'app');
  cpSync(fixture, project, { recursive: true });
  writeFileSync(join(project, '.env'), `${DOT_ENV}\n`);
  return project;
}

const deploy = (project: string, args: string[], env?: NodeJS.ProcessEnv): Promise<NeoslResult> => spawnNeosl(['deploy', '--target', 'knative', ...args], { cwd: project, env });

function jsonError(result: NeoslResult): { code: string; message: string } {
  return (JSON.parse(result.stdout) as { error: { code: string; message: string } }).error;
}

/** kubectl's built-in kustomize checks the kustomization offline, where kubectl is installed. */
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

afterAll(removeTempDirs);

describe('neosl deploy --target knative on a project using every feature', () => {
  let project: string;
  let result: NeoslResult;
  let document: Document;
  let files: Map<string, Resource>;

  beforeAll(async () => {
    project = copyFixture();
    result = await deploy(project, ['--out', 'k8s', '--namespace', 'prod', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    document = JSON.parse(result.stdout) as Document;
    files = readYamlFiles(join(project, 'k8s'));
  }, 120_000);

  it('validates: every file passes the schemas and the unknown-key check', () => {
    for (const [file, resource] of files) expect(resourceProblems(resource), file).toEqual([]);
  });

  it('maps scaling, timeout and memory onto each Service', () => {
    const price = serviceOf(files, 'Price_Feed')!;
    expect(price.metadata.name).toBe('price-feed');
    expect(price.spec.template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/metric': 'concurrency',
      'autoscaling.knative.dev/target': '25',
      'autoscaling.knative.dev/target-utilization-percentage': '100',
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '7',
      'autoscaling.knative.dev/scale-down-delay': '3600s',
    });
    expect(price.spec.template.spec.timeoutSeconds).toBe(900);
    // The function's 512 MB plus the host's own 128 (HOST_MEMORY_OVERHEAD_MB).
    expect(price.spec.template.spec.containers[0].resources).toEqual({ requests: { memory: '640Mi' }, limits: { memory: '640Mi' } });
    expect(price.metadata.labels['networking.knative.dev/visibility']).toBeUndefined();

    const watch = serviceOf(files, 'chainWatch')!;
    expect(watch.metadata.name).toBe('chain-watch');
    expect(watch.spec.template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/min-scale': '0',
      'autoscaling.knative.dev/max-scale': '3',
      'autoscaling.knative.dev/target': '4',
      'autoscaling.knative.dev/scale-down-delay': '90s',
    });
    expect(watch.spec.template.spec.timeoutSeconds).toBe(46);
    expect(watch.spec.template.spec.containers[0].resources.limits.memory).toBe('256Mi');
    expect(watch.metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');

    const hello = serviceOf(files, 'hello')!;
    expect(hello.metadata.name).toBe('hello');
    expect(hello.spec.template.spec.containers[0].args).toEqual(['serve', '--from-dir', '/app', '--function', 'hello', '--external-triggers', '--host', '0.0.0.0', '--port', '8080']);
    expect(hello.spec.template.spec.containers[0].readinessProbe).toEqual({ httpGet: { path: '/_neosl/health' } });
  });

  it('says which names were derived and warns about the cooldown cap and the timeout', () => {
    expect(document.services).toEqual([
      { function: 'Price_Feed', service: 'price-feed', visibility: 'public' },
      { function: 'chainWatch', service: 'chain-watch', visibility: 'cluster-local', url: 'http://chain-watch.prod.svc.cluster.local' },
      { function: 'hello', service: 'hello', visibility: 'public' },
    ]);
    expect(document.notices.join('\n')).toContain('"Price_Feed" is not a valid Kubernetes name');
    expect(document.warnings.join('\n')).toContain('cooldownPeriod 2h');
    expect(document.warnings.join('\n')).toContain('max-revision-timeout-seconds');
    expect(document.notices.join('\n')).toContain('no --image');
    expect(document.image).toMatch(/^knative-fixture:[0-9a-f]{8}$/);
    expect(serviceOf(files, 'hello')!.spec.template.spec.containers[0].image).toBe(document.image);
    expect(readFileSync(join(project, 'k8s', 'README.md'), 'utf8')).toContain('max-revision-timeout-seconds');
  });

  it('writes a PingSource per schedule with its cron, timezone, sink and data', () => {
    const pings = ofKind(files, 'PingSource');
    expect(pings.map((ping) => ping.spec)).toEqual([
      {
        schedule: '*/5 * * * *',
        timezone: 'Europe/Paris',
        contentType: 'application/json',
        data: JSON.stringify({ cron: '*/5 * * * *', timezone: 'Europe/Paris' }),
        sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'price-feed' }, uri: '/_neosl/events/Price_Feed' },
      },
      {
        schedule: '0 9 * * MON-FRI',
        contentType: 'application/json',
        data: JSON.stringify({ cron: '0 9 * * MON-FRI' }),
        sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'price-feed' }, uri: '/_neosl/events/Price_Feed' },
      },
    ]);
  });

  it('runs one dispatcher for the blockchain triggers, with the function URLs and the node from the Secret', () => {
    const [dispatcher] = ofKind(files, 'Deployment');
    expect(dispatcher!.spec.replicas).toBe(1);
    expect(dispatcher!.spec.strategy).toEqual({ type: 'Recreate' });
    const container = dispatcher!.spec.template.spec.containers[0];
    expect(container.args).toEqual(['serve', '--from-dir', '/app', '--triggers-only', '--host', '0.0.0.0', '--port', '8080']);
    expect(container.readinessProbe.httpGet.path).toBe('/_neosl/health');
    const env = container.env as { name: string; value?: string; valueFrom?: unknown }[];
    expect(JSON.parse(env.find((entry) => entry.name === 'NEOSL_FUNCTION_URLS')!.value!)).toEqual({ chainWatch: 'http://chain-watch.prod.svc.cluster.local' });
    expect(env).toContainEqual({ name: 'NEO_RPC_URL', valueFrom: { secretKeyRef: { name: 'knative-fixture-secrets', key: 'NEO_RPC_URL' } } });
  });

  it('takes literals from a ConfigMap and ${env.X} and secrets from Secret keys, never their values', () => {
    const configMap = ofKind(files, 'ConfigMap');
    expect(configMap).toHaveLength(1);
    expect(configMap[0]!.metadata.name).toBe('price-feed-env');
    expect(configMap[0]!.data).toEqual({ CURRENCY: 'USD' });
    const env = serviceOf(files, 'Price_Feed')!.spec.template.spec.containers[0].env;
    const secret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: 'knative-fixture-secrets', key } } });
    expect(env).toEqual([
      { name: 'CURRENCY', valueFrom: { configMapKeyRef: { name: 'price-feed-env', key: 'CURRENCY' } } },
      secret('PRICE_API_URL', 'PRICE_API_URL'),
      secret('PRICE_TOKEN', 'PRICE_TOKEN'),
      secret('API_KEY', 'API_KEY'),
      secret('NEO_RPC_URL', 'NEO_RPC_URL'),
    ]);
    const readme = readFileSync(join(project, 'k8s', 'README.md'), 'utf8');
    for (const key of ['API_KEY', 'NEO_RPC_URL', 'PRICE_API_URL', 'PRICE_TOKEN']) expect(readme).toContain(`--from-literal=${key}=…`);
    expect(readme).toContain('kubectl apply -k k8s');
    expect(readme).toContain(`docker build -t ${document.image} k8s/image`);
  });

  it('writes no value of .env into any file, nor into its output', () => {
    const written = allFiles(join(project, 'k8s'));
    expect(written).toContain('image/Dockerfile');
    for (const file of written) {
      const content = readFileSync(join(project, 'k8s', file)).toString('latin1');
      for (const sentinel of SENTINELS) expect(content.includes(sentinel), `${sentinel} in ${file}`).toBe(false);
    }
    for (const sentinel of SENTINELS) expect(result.stdout + result.stderr).not.toContain(sentinel);
  });

  it('lists every manifest in kustomization.yaml with the namespace', () => {
    const kustomization = files.get('kustomization.yaml')!;
    expect(kustomization.namespace).toBe('prod');
    const manifests = [...files.keys()].filter((file) => file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
    expect(document.resources).toEqual(kustomization.resources);
  });

  it.skipIf(!hasKubectl)('builds with kubectl kustomize (offline): every resource, in the namespace', () => {
    const built = spawnSync('kubectl', ['kustomize', join(project, 'k8s')], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const resources = parseAllDocuments(built.stdout).map((doc) => doc.toJS() as Resource);
    expect(resources.map((resource) => `${resource.kind}/${resource.metadata.name}`).sort()).toEqual(
      [...files.values()].filter((resource) => resource.kind !== 'Kustomization').map((resource) => `${resource.kind}/${resource.metadata.name}`).sort(),
    );
    for (const resource of resources) expect(resource.metadata.namespace).toBe('prod');
  });

  it('replaces its own folder on a second run: stale files go, files of the user stay', async () => {
    writeFileSync(join(project, 'k8s', 'my-notes.txt'), 'mine');
    writeFileSync(join(project, 'k8s', 'ping-price-feed-9.yaml'), 'stale: true\n');
    const yaml = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    writeFileSync(join(project, 'neosl.yaml'), yaml.replace('      - schedule: "0 9 * * MON-FRI"\n', ''));
    const again = await deploy(project, ['--out', 'k8s', '--image', 'ghcr.io/acme/fixture:2']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(existsSync(join(project, 'k8s', 'ping-price-feed-2.yaml'))).toBe(false);
    expect(existsSync(join(project, 'k8s', 'ping-price-feed-1.yaml'))).toBe(true);
    expect(readFileSync(join(project, 'k8s', 'my-notes.txt'), 'utf8')).toBe('mine');
    const kustomization = readYamlFiles(join(project, 'k8s')).get('kustomization.yaml')!;
    expect(kustomization.resources).not.toContain('ping-price-feed-2.yaml');
    expect(kustomization.namespace).toBe('default');
    // Human output: what was written, the warnings, and the two commands.
    expect(again.stderr).toMatch(/Price_Feed\s+price-feed\s+http \(public\) · schedule \*\/5 \* \* \* \* \(Europe\/Paris\)/);
    expect(again.stderr).toContain('dispatcher: Deployment knative-fixture-dispatcher');
    expect(again.stderr).toContain('▲ warning function Price_Feed: timeout 900s');
    expect(again.stdout).toContain('docker build -t ghcr.io/acme/fixture:2 k8s/image && docker push ghcr.io/acme/fixture:2');
    expect(again.stdout).toContain('kubectl apply -k k8s');
    expect(again.stderr).not.toContain('did not write');
    writeFileSync(join(project, 'neosl.yaml'), yaml);
  }, 60_000);
});

describe('neosl deploy --target knative refuses', () => {
  let project: string;

  beforeAll(() => {
    project = copyFixture();
  });

  it('a folder with files neosl did not write, unless --force', async () => {
    mkdirSync(join(project, 'other'));
    writeFileSync(join(project, 'other', 'keep.txt'), 'keep');
    const refused = await deploy(project, ['--out', 'other', '--json']);
    expect(refused.exitCode).toBe(1);
    expect(jsonError(refused).code).toBe('OUT_DIR_NOT_EMPTY');
    expect(jsonError(refused).message).toContain('keep.txt');
    expect(existsSync(join(project, 'other', 'kustomization.yaml'))).toBe(false);

    const forced = await deploy(project, ['--out', 'other', '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('held files neosl did not write (--force)');
    expect(existsSync(join(project, 'other', 'kustomization.yaml'))).toBe(true);
    expect(readFileSync(join(project, 'other', 'keep.txt'), 'utf8')).toBe('keep');
  }, 60_000);

  it('an invalid --image, before building or writing anything', async () => {
    const result = await deploy(project, ['--out', 'bad-image', '--image', 'https://Registry/App:1', '--json']);
    expect(result.exitCode).toBe(1);
    expect(jsonError(result).code).toBe('IMAGE_INVALID');
    expect(jsonError(result).message).toContain('https://Registry/App:1');
    expect(existsSync(join(project, 'bad-image'))).toBe(false);
  });

  it('a cron with seconds, naming the function and the cron', async () => {
    const yaml = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    writeFileSync(join(project, 'neosl.yaml'), yaml.replace('"0 9 * * MON-FRI"', '"30 0 9 * * MON-FRI"'));
    try {
      const result = await deploy(project, ['--out', 'bad-cron']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('function Price_Feed: the schedule "30 0 9 * * MON-FRI"');
      expect(existsSync(join(project, 'bad-cron'))).toBe(false);
    } finally {
      writeFileSync(join(project, 'neosl.yaml'), yaml);
    }
  });

  it('--out without --target knative and --target knative without --out (usage, exit 2)', async () => {
    const noTarget = await spawnNeosl(['deploy', '--out', 'k8s'], { cwd: project });
    expect(noTarget.exitCode).toBe(2);
    expect(noTarget.stderr).toContain('--out is only for --target knative');
    const noOut = await deploy(project, []);
    expect(noOut.exitCode).toBe(2);
    expect(noOut.stderr).toContain('--target knative needs --out');
    const hostFlag = await deploy(project, ['--out', 'k8s', '--canary', '10']);
    expect(hostFlag.exitCode).toBe(2);
    expect(hostFlag.stderr).toContain('--canary');
    const namespace = await deploy(project, ['--out', 'k8s', '--namespace', 'Prod_1']);
    expect(namespace.exitCode).toBe(2);
    expect(namespace.stderr).toContain('--namespace "Prod_1" is not a valid Kubernetes namespace');
    expect(existsSync(join(project, 'k8s'))).toBe(false);
  });
});

describe('neosl deploy --target knative in a project with a host target named knative', () => {
  it('deploys to that host when no Knative flag is given', async () => {
    const project = copyFixture();
    const yaml = readFileSync(join(project, 'neosl.yaml'), 'utf8');
    writeFileSync(join(project, 'neosl.yaml'), `${yaml}deploy:\n  targets:\n    knative: { url: "http://127.0.0.1:9", token: plain }\n`);
    const result = await deploy(project, ['--json']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toContain('needs --out');
    expect(jsonError(result).code).toBe('HOST_UNREACHABLE');
    expect(jsonError(result).message).toContain('127.0.0.1:9');
  }, 60_000);
});

describe('neosl deploy --target knative --apply', () => {
  let project: string;
  let bin: string;
  let log: string;

  beforeAll(async () => {
    project = copyFixture();
    bin = join(makeTempDir('neosl-kubectl-'), 'bin');
    mkdirSync(bin);
    log = join(bin, 'kubectl-args.log');
  });

  function fakeKubectl(script: string): void {
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'kubectl'), 0o755);
  }

  it('says kubectl is missing when it is not on the PATH', async () => {
    const empty = makeTempDir('neosl-empty-path-');
    const result = await deploy(project, ['--out', 'k8s', '--image', 'ghcr.io/acme/fixture:1', '--apply', '--json'], { PATH: empty });
    expect(result.exitCode).toBe(1);
    expect(jsonError(result).code).toBe('KUBECTL_NOT_FOUND');
    // The files are written before kubectl is looked for.
    expect(existsSync(join(project, 'k8s', 'kustomization.yaml'))).toBe(true);
  }, 60_000);

  it('says no cluster is configured when kubectl config current-context fails', async () => {
    fakeKubectl('if [ "$1" = config ]; then echo "error: current-context is not set" >&2; exit 1; fi\nexit 0');
    const result = await deploy(project, ['--out', 'k8s', '--image', 'ghcr.io/acme/fixture:1', '--apply'], { PATH: bin });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('kubectl has no cluster configured');
    expect(result.stderr).toContain('current-context is not set');
    const json = await deploy(project, ['--out', 'k8s', '--image', 'ghcr.io/acme/fixture:1', '--apply', '--json'], { PATH: bin });
    expect(jsonError(json).code).toBe('KUBECTL_NO_CLUSTER');
  }, 60_000);

  it('runs kubectl apply -k DIR and reports each line it prints', async () => {
    fakeKubectl(
      [
        `printf '%s\\n' "$*" >> '${log}'`,
        'if [ "$1" = config ]; then echo test-cluster; exit 0; fi',
        'echo "service.serving.knative.dev/price-feed created"',
        'echo "pingsource.sources.knative.dev/price-feed-ping-1 created"',
        'echo "deployment.apps/knative-fixture-dispatcher configured"',
      ].join('\n'),
    );
    const result = await deploy(project, ['--out', 'k8s', '--image', 'ghcr.io/acme/fixture:1', '--apply', '--json'], { PATH: bin });
    expect(result.exitCode, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as Document;
    expect(document.applied).toEqual([
      'service.serving.knative.dev/price-feed created',
      'pingsource.sources.knative.dev/price-feed-ping-1 created',
      'deployment.apps/knative-fixture-dispatcher configured',
    ]);
    expect(result.stderr).toContain('service.serving.knative.dev/price-feed created');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['config current-context', `apply -k ${join(project, 'k8s')}`]);

    const human = await deploy(project, ['--out', 'k8s', '--image', 'ghcr.io/acme/fixture:1', '--apply'], { PATH: bin });
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stderr).toContain('  deployment.apps/knative-fixture-dispatcher configured');
    expect(human.stdout).toContain('Applied 3 resources');
  }, 60_000);
});
