// The parts of the Knative manifests one by one: derived names, scaling annotations and their limits,
// image references, crons Knative cannot read, environment sources, and the validation that refuses
// what the cluster would refuse (schema errors, unknown keys, bad names).
import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../src/config/types.js';
import { imageReferenceProblem, parseImageReference } from '../../src/knative/container-image.js';
import { podEnvironment } from '../../src/knative/env.js';
import { projectDnsName, serviceNames, toDnsLabel } from '../../src/knative/names.js';
import { NoticeList } from '../../src/knative/notices.js';
import { knativeSchedule } from '../../src/knative/ping-sources.js';
import { revisionTimeoutSeconds, scalingAnnotations } from '../../src/knative/scaling.js';
import { knativeService } from '../../src/knative/service.js';
import { resourceProblems, validateResources } from '../../src/knative/validation.js';
import { functionConfig } from '../runtime/helpers.js';

/** The runtime tests' function config with neosl.yaml's default timeout, and these fields changed. */
function fn(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return { ...functionConfig('hello'), timeoutMs: 30_000, ...overrides };
}

describe('names', () => {
  it('derives DNS-1123 labels from function names and says so', () => {
    expect(toDnsLabel('Price_Feed')).toBe('price-feed');
    expect(toDnsLabel('nightlyReport')).toBe('nightly-report');
    expect(toDnsLabel('HTTPServer')).toBe('http-server');
    expect(toDnsLabel('$_1')).toBe('fn');
    expect(toDnsLabel('a'.repeat(64))).toHaveLength(40);
    const notices = new NoticeList();
    const names = serviceNames(['hello', 'Price_Feed'], notices);
    expect([...names]).toEqual([
      ['hello', 'hello'],
      ['Price_Feed', 'price-feed'],
    ]);
    expect(notices.notices).toHaveLength(1);
    expect(notices.notices[0]).toContain('"Price_Feed" is not a valid Kubernetes name');
    expect(notices.notices[0]).toContain('"price-feed"');
  });

  it('resolves collisions with a suffix and names the function that had the name', () => {
    const notices = new NoticeList();
    const names = serviceNames(['price-feed', 'priceFeed', 'Price_Feed'], notices);
    expect([...names.values()]).toEqual(['price-feed', 'price-feed-2', 'price-feed-3']);
    expect(notices.notices.join('\n')).toContain('function priceFeed: service name "price-feed" is taken by function price-feed, so its service is "price-feed-2"');
  });

  it('makes a project name into a label', () => {
    expect(projectDnsName('@acme/My.App')).toBe('my-app');
    expect(projectDnsName('knative-fixture')).toBe('knative-fixture');
  });
});

describe('scaling and timeout', () => {
  it('maps every scaling field to its annotation', () => {
    const notices = new NoticeList();
    const annotations = scalingAnnotations(fn({ scaling: { minInstances: 2, maxInstances: 9, targetConcurrency: 15, cooldownMs: 90_000 } }), notices);
    expect(annotations).toEqual({
      'autoscaling.knative.dev/metric': 'concurrency',
      'autoscaling.knative.dev/target': '15',
      'autoscaling.knative.dev/target-utilization-percentage': '100',
      'autoscaling.knative.dev/min-scale': '2',
      'autoscaling.knative.dev/max-scale': '9',
      'autoscaling.knative.dev/scale-down-delay': '90s',
    });
    expect(notices.items).toEqual([]);
  });

  it('caps a cooldown above one hour with a warning', () => {
    const notices = new NoticeList();
    const annotations = scalingAnnotations(fn({ scaling: { minInstances: 0, maxInstances: 1, targetConcurrency: 1, cooldownMs: 2 * 3_600_000 } }), notices);
    expect(annotations['autoscaling.knative.dev/scale-down-delay']).toBe('3600s');
    expect(notices.warnings).toHaveLength(1);
    expect(notices.warnings[0]).toContain('cooldownPeriod 2h');
    expect(notices.warnings[0]).toContain('capped at 1h');
  });

  it('rounds the timeout up and warns past 600 s naming max-revision-timeout-seconds', () => {
    const quiet = new NoticeList();
    expect(revisionTimeoutSeconds(fn({ timeoutMs: 45_500 }), quiet)).toBe(46);
    expect(revisionTimeoutSeconds(fn({ timeoutMs: 600_000 }), quiet)).toBe(600);
    expect(quiet.items).toEqual([]);
    const notices = new NoticeList();
    expect(revisionTimeoutSeconds(fn({ timeoutMs: 601_000 }), notices)).toBe(601);
    expect(notices.warnings[0]).toContain('max-revision-timeout-seconds');
    expect(notices.warnings[0]).toContain('config-defaults');
  });

  it('covers a triggered run with all its retries: the events route answers after the last attempt', () => {
    const retry = { attempts: 2, backoff: 'linear' as const, initialDelayMs: 5_000, maxDelayMs: 60_000 };
    const notices = new NoticeList();
    // 3 attempts of 10 s, and waits of 5 s and 10 s between them (linear) = 45 s.
    const scheduled = fn({ timeoutMs: 10_000, triggers: [{ kind: 'http', method: 'POST', path: '/functions/hello' }, { kind: 'schedule', cron: '*/5 * * * *', retry }] });
    expect(revisionTimeoutSeconds(scheduled, notices)).toBe(45);
    expect(notices.notices[0]).toContain('function hello: timeoutSeconds 45 (not 10) covers a triggered run with all its retries');
    // The function's own retry applies to triggers that set none; http requests are never retried.
    expect(revisionTimeoutSeconds(fn({ timeoutMs: 10_000, retry, triggers: [{ kind: 'block' }] }), new NoticeList())).toBe(45);
    expect(revisionTimeoutSeconds(fn({ timeoutMs: 10_000, retry }), new NoticeList())).toBe(10);
  });
});

describe('image references', () => {
  it('accepts what docker accepts', () => {
    for (const ok of ['app', 'app:1.0', 'ghcr.io/acme/app:1.0', 'localhost:5000/team/app', 'registry.example.com:5000/a/b/c@sha256:' + 'a'.repeat(64), 'docker.io/library/node:20-bookworm-slim']) {
      expect(imageReferenceProblem(ok), ok).toBeUndefined();
    }
    expect(parseImageReference('ghcr.io/acme/app:1.0')).toMatchObject({ name: 'ghcr.io/acme/app', tag: '1.0' });
  });

  it('refuses what docker refuses, with code IMAGE_INVALID', () => {
    for (const bad of ['', 'App', 'ghcr.io/Acme/app', 'https://ghcr.io/acme/app', 'app:', 'app:1.0 extra', 'app@sha256:123', '-app', 'a//b']) {
      expect(imageReferenceProblem(bad), bad).toBeDefined();
    }
    expect(() => parseImageReference('Nope')).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID' }));
  });
});

describe('schedules', () => {
  it('refuses a cron with seconds, naming the function and the cron', () => {
    expect(() => knativeSchedule('tick', '*/10 * * * * *')).toThrow(expect.objectContaining({ code: 'CRON_NOT_SUPPORTED', message: expect.stringContaining('function tick: the schedule "*/10 * * * * *"') }));
  });

  it('writes Sunday as 0, which is all Knative reads', () => {
    expect(knativeSchedule('f', '0 9 * * 7')).toBe('0 9 * * 0');
    expect(knativeSchedule('f', '0 9 * * 5-7')).toBe('0 9 * * 5-6,0');
    expect(knativeSchedule('f', '*/5  *  * * MON-FRI')).toBe('*/5 * * * MON-FRI');
  });
});

describe('environment', () => {
  it('puts literals in the ConfigMap and every ${env.X} and secret in Secret refs, without values', () => {
    const env = podEnvironment({
      fn: 'f',
      configMapName: 'f-env',
      secretName: 'p-secrets',
      raw: { A: 'literal', B: '${env.TOKEN}', C: 'Bearer ${env.OTHER}' },
      secrets: ['API_KEY'],
      backendReferences: ['DB_PASSWORD'],
    });
    expect(env.configMap).toEqual({ name: 'f-env', data: { A: 'literal' } });
    expect(env.env).toEqual([
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'f-env', key: 'A' } } },
      { name: 'B', valueFrom: { secretKeyRef: { name: 'p-secrets', key: 'TOKEN' } } },
      { name: 'OTHER', valueFrom: { secretKeyRef: { name: 'p-secrets', key: 'OTHER' } } },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'p-secrets', key: 'API_KEY' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'p-secrets', key: 'DB_PASSWORD' } } },
    ]);
    expect(env.secretKeys).toEqual(['API_KEY', 'DB_PASSWORD', 'OTHER', 'TOKEN']);
  });

  it('refuses a variable Knative reserves', () => {
    expect(() => podEnvironment({ fn: 'f', configMapName: 'f-env', secretName: 's', raw: { PORT: '3000' }, secrets: [], backendReferences: [] })).toThrow(
      expect.objectContaining({ code: 'KNATIVE_ENV_RESERVED', message: expect.stringContaining('function f: environment.PORT would set PORT') }),
    );
  });

  it('refuses two sources for one variable', () => {
    expect(() => podEnvironment({ fn: 'f', configMapName: 'f-env', secretName: 's', raw: { API_KEY: 'x' }, secrets: ['API_KEY'], backendReferences: [] })).toThrow(
      expect.objectContaining({ code: 'KNATIVE_ENV_CONFLICT' }),
    );
  });
});

describe('validation', () => {
  const service = () => knativeService({ fn: fn(), service: 'hello', project: 'p', image: 'p:1', env: [] }, new NoticeList());

  it('passes a generated Service', () => {
    expect(resourceProblems(service())).toEqual([]);
  });

  it('reports a schema error, an unknown key and a bad name, with their paths', () => {
    const bad = service() as { metadata: Record<string, unknown>; spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };
    bad.metadata.name = 'Hello_World';
    bad.spec.template.spec.timeoutSeconds = 'soon';
    bad.spec.template.spec.containers[0]!.imagePullPolicyy = 'Always';
    const problems = resourceProblems(bad as unknown as Record<string, unknown>);
    expect(problems).toContain('spec.template.spec.timeoutSeconds: must be integer');
    expect(problems).toContain('spec.template.spec.containers[0].imagePullPolicyy: not a field of serving.knative.dev/v1 Service');
    expect(problems.some((problem) => problem.startsWith('metadata.name: "Hello_World"'))).toBe(true);
    expect(() => validateResources([{ file: 'service-hello.yaml', resource: bad as unknown as Record<string, unknown> }])).toThrow(
      expect.objectContaining({ code: 'MANIFEST_INVALID', diagnostics: expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('Service Hello_World (service-hello.yaml)') })]) }),
    );
  });

  it('checks the kustomization for unknown keys', () => {
    expect(resourceProblems({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [], namspace: 'x' })).toEqual([
      'namspace: not a field of kustomize.config.k8s.io/v1beta1 Kustomization',
    ]);
  });
});
