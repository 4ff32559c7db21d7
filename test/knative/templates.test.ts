// `neosl deploy --target knative` on a project of every template: the manifests are validated again
// here with the Kubernetes/Knative schemas and the unknown-key check, and their interesting fields
// (annotations, timeouts, memory, schedules, environment, visibility, dispatcher) match neosl.yaml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/types.js';
import { resourceProblems } from '../../src/knative/validation.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { ofKind, readYamlFiles, serviceOf, type Resource } from './knative-yaml.js';

const TEMPLATES = ['hello', 'http-api', 'cached', 'database', 'scheduled', 'blockchain'];

afterAll(removeTempDirs);

describe.each(TEMPLATES)('neosl deploy --target knative on the %s template', (template) => {
  let project: string;
  let loaded: LoadedConfig;
  let raw: { functions: Record<string, { environment?: Record<string, string> }> };
  let files: Map<string, Resource>;
  let document: { services: { function: string; service: string }[]; resources: string[]; warnings: string[] };

  beforeAll(async () => {
    project = join(makeTempDir('neosl-knative-'), `app-${template}`);
    const init = await spawnNeosl(['init', project, '--template', template, '--no-install']);
    expect(init.exitCode, init.stderr).toBe(0);
    const result = await spawnNeosl(['deploy', '--target', 'knative', '--out', 'k8s', '--image', 'registry.example.com/team/app:1.0', '--json'], { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
    document = JSON.parse(result.stdout) as typeof document;
    loaded = await loadConfig({ cwd: project, env: {} });
    raw = parse(readFileSync(join(project, 'neosl.yaml'), 'utf8')) as typeof raw;
    files = readYamlFiles(join(project, 'k8s'));
  }, 120_000);

  it('writes manifests that pass the schemas and the unknown-key check', () => {
    expect(files.size).toBeGreaterThan(1);
    for (const [file, resource] of files) expect(resourceProblems(resource), file).toEqual([]);
    const kustomization = files.get('kustomization.yaml')!;
    expect(kustomization.resources).toEqual(document.resources);
    expect([...files.keys()].filter((file) => file !== 'kustomization.yaml').sort()).toEqual([...document.resources].sort());
  });

  it('has one Service per function with the scaling, timeout, memory and image of neosl.yaml', () => {
    const functions = Object.values(loaded.config.functions);
    expect(ofKind(files, 'Service')).toHaveLength(functions.length);
    for (const fn of functions) {
      const service = serviceOf(files, fn.name)!;
      expect(service, fn.name).toBeDefined();
      expect(document.services).toContainEqual(expect.objectContaining({ function: fn.name, service: service.metadata.name }));
      const annotations = service.spec.template.metadata.annotations;
      expect(annotations).toMatchObject({
        'autoscaling.knative.dev/metric': 'concurrency',
        'autoscaling.knative.dev/min-scale': String(fn.scaling.minInstances),
        'autoscaling.knative.dev/max-scale': String(fn.scaling.maxInstances),
        'autoscaling.knative.dev/target': String(fn.scaling.targetConcurrency),
        'autoscaling.knative.dev/target-utilization-percentage': '100',
        'autoscaling.knative.dev/scale-down-delay': `${Math.min(3600, Math.ceil(fn.scaling.cooldownMs / 1000))}s`,
      });
      const spec = service.spec.template.spec;
      expect(spec.timeoutSeconds).toBe(Math.ceil(fn.timeoutMs / 1000));
      const container = spec.containers[0];
      expect(container.image).toBe('registry.example.com/team/app:1.0');
      expect(container.args).toEqual(['serve', '--from-dir', '/app', '--function', fn.name, '--external-triggers', '--host', '0.0.0.0', '--port', '8080']);
      expect(container.resources).toEqual({ requests: { memory: `${fn.memoryMb + 128}Mi` }, limits: { memory: `${fn.memoryMb + 128}Mi` } });
      expect(container.readinessProbe.httpGet.path).toBe('/_neosl/health');
      const hasHttp = fn.triggers.some((trigger) => trigger.kind === 'http');
      expect(service.metadata.labels['networking.knative.dev/visibility']).toBe(hasHttp ? undefined : 'cluster-local');
    }
  });

  it('puts the literal environment of neosl.yaml in a ConfigMap per function', () => {
    for (const fn of Object.values(loaded.config.functions)) {
      const written = raw.functions[fn.name]!.environment ?? {};
      const service = serviceOf(files, fn.name)!;
      const configMap = ofKind(files, 'ConfigMap').find((resource) => resource.metadata.name === `${service.metadata.name}-env`);
      if (Object.keys(written).length === 0) {
        expect(configMap).toBeUndefined();
        continue;
      }
      expect(configMap!.data).toEqual(written);
      for (const key of Object.keys(written)) {
        expect(service.spec.template.spec.containers[0].env).toContainEqual({ name: key, valueFrom: { configMapKeyRef: { name: configMap!.metadata.name, key } } });
      }
    }
  });

  it('has a PingSource per schedule and a dispatcher only for blockchain triggers', () => {
    const functions = Object.values(loaded.config.functions);
    const schedules = functions.flatMap((fn) => fn.triggers.flatMap((trigger) => (trigger.kind === 'schedule' ? [{ fn, trigger }] : [])));
    const pings = ofKind(files, 'PingSource');
    expect(pings).toHaveLength(schedules.length);
    for (const { fn, trigger } of schedules) {
      const service = serviceOf(files, fn.name)!;
      const ping = pings.find((resource) => resource.spec.sink.ref.name === service.metadata.name && JSON.parse(resource.spec.data).cron === trigger.cron)!;
      expect(ping, `${fn.name} ${trigger.cron}`).toBeDefined();
      expect(ping.spec.schedule).toBe(trigger.cron);
      expect(ping.spec.sink.uri).toBe(`/_neosl/events/${fn.name}`);
    }
    const chain = functions.filter((fn) => fn.triggers.some((trigger) => trigger.kind === 'block' || trigger.kind === 'contract-event'));
    const deployments = ofKind(files, 'Deployment');
    expect(deployments).toHaveLength(chain.length > 0 ? 1 : 0);
    if (chain.length > 0) {
      const container = deployments[0]!.spec.template.spec.containers[0];
      const urls = JSON.parse(container.env.find((entry: { name: string }) => entry.name === 'NEOSL_FUNCTION_URLS').value) as Record<string, string>;
      expect(Object.keys(urls)).toEqual(chain.map((fn) => fn.name));
      expect(document.warnings.join('\n')).toContain('blockchain.rpcUrl');
    }
  });
});
