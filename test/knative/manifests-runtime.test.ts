// The manifests and the runtime agree: a function's container is started here as its pod would start
// it (the Service's args, with /app the generated build context and the environment the Service's
// ConfigMap and Secret refs give), then called the way the cluster calls it: its http route, and each
// PingSource's CloudEvent (the sink's path, the PingSource's data and content type, a cluster Host).
import type { ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { spawnUntilReady, stopProcess } from '../helpers/server-process.js';
import { neoslBin, spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { ofKind, readYamlFiles, serviceOf, type Resource } from './knative-yaml.js';

const fixture = fileURLToPath(new URL('../fixtures/knative-project', import.meta.url));
/** What the user would put in the Secret. */
const SECRET_VALUES: Record<string, string> = { PRICE_API_URL: 'https://prices.example', PRICE_TOKEN: 't', API_KEY: 'k', NEO_RPC_URL: 'http://127.0.0.1:9' };

interface Answer {
  status: number;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The environment the pod gets from the Service's env entries: ConfigMap data and Secret values. */
function podEnv(service: Resource, files: Map<string, Resource>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of service.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: Resource }[]) {
    if (entry.value !== undefined) env[entry.name] = entry.value;
    else if (entry.valueFrom!.configMapKeyRef !== undefined) {
      const ref = entry.valueFrom!.configMapKeyRef as { name: string; key: string };
      env[entry.name] = ofKind(files, 'ConfigMap').find((map) => map.metadata.name === ref.name)!.data[ref.key];
    } else env[entry.name] = SECRET_VALUES[(entry.valueFrom!.secretKeyRef as { key: string }).key]!;
  }
  return env;
}

afterAll(removeTempDirs);

describe('a generated Service run as its pod runs it', () => {
  let project: string;
  let files: Map<string, Resource>;
  let child: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    project = join(makeTempDir('neosl-knative-run-'), 'app');
    cpSync(fixture, project, { recursive: true });
    const deployed = await spawnNeosl(['deploy', '--target', 'knative', '--out', 'k8s', '--namespace', 'prod', '--image', 'ghcr.io/acme/fixture:1'], {
      cwd: project,
      env: SECRET_VALUES,
    });
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    files = readYamlFiles(join(project, 'k8s'));

    const service = serviceOf(files, 'Price_Feed')!;
    port = await freePort();
    const args = (service.spec.template.spec.containers[0].args as string[]).map((arg, index, all) => {
      if (all[index - 1] === '--from-dir') return join(project, 'k8s', 'image', arg);
      if (all[index - 1] === '--host') return '127.0.0.1';
      if (all[index - 1] === '--port') return String(port);
      return arg;
    });
    const pod = makeTempDir('neosl-knative-pod-');
    // Only what the pod has: PATH and HOME of this machine, and the Service's environment.
    const env = { PATH: process.env.PATH, HOME: pod, NO_COLOR: '1', ...podEnv(service, files) };
    child = await spawnUntilReady(process.execPath, [neoslBin, ...args], { cwd: pod, env }, { name: 'neosl serve (Price_Feed pod)', port, text: 'Ready on', timeoutMs: 30_000 });
  }, 120_000);

  afterAll(async () => {
    if (child !== undefined) await stopProcess(child, 'SIGTERM');
  });

  it('answers its http route with the ConfigMap value', async () => {
    const answer = await send(port, 'GET', '/price', { host: 'price-feed.prod.example.com' });
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ currency: 'USD' });
  });

  it('runs the schedule each PingSource names, as the PingSource sends it', async () => {
    const pings = ofKind(files, 'PingSource').filter((ping) => ping.spec.sink.ref.name === 'price-feed');
    expect(pings).toHaveLength(2);
    for (const ping of pings) {
      const answer = await send(
        port,
        'POST',
        ping.spec.sink.uri,
        {
          host: `${ping.spec.sink.ref.name}.prod.svc.cluster.local`,
          'content-type': ping.spec.contentType,
          'ce-specversion': '1.0',
          'ce-type': 'dev.knative.sources.ping',
          'ce-id': `${ping.metadata.name}-1`,
          'ce-source': `/apis/v1/namespaces/prod/pingsources/${ping.metadata.name}`,
          'ce-time': '2026-12-07T09:00:00.250Z',
        },
        ping.spec.data,
      );
      expect(answer.status, `${ping.metadata.name}: ${answer.body}`).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ outcome: 'done' });
    }
  });
});
