// The pieces of the Knative runtime that decide without a process: which Host names count as inside
// the cluster, how a trigger CloudEvent is read, NEOSL_FUNCTION_URLS, the --from-dir environment
// rule, and when the trigger dispatcher tries a delivery again (never squaring the function's retry).
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostEventMap, RequestEvent } from '../../src/host/events.js';
import { clusterDomain, isClusterInternalHost } from '../../src/serve/cluster-internal-host.js';
import { resolveFunctionEnvironment } from '../../src/serve/function-environment.js';
import { functionUrls } from '../../src/serve/function-urls.js';
import { deliveredEvent, triggerEventKind } from '../../src/serve/trigger-cloud-event.js';
import { startTriggerDispatcher, type TriggerDispatcher } from '../../src/serve/trigger-dispatcher.js';
import { sampleFunctionConfig } from '../helpers/function-config.js';

describe('the Host check of POST /_neosl/events/<function>', () => {
  it('lets in service addresses of the cluster domain and loopback, nothing else', () => {
    const inside = ['fn.default.svc', 'fn.default.svc.cluster.local', 'FN.Default.SVC.Cluster.Local:80', 'fn.default.svc.cluster.local.', '127.0.0.1', '127.0.0.1:8080', 'localhost:8080', '[::1]:8080', '::1'];
    for (const host of inside) expect(isClusterInternalHost(host, 'cluster.local'), host).toBe(true);
    const outside = [undefined, '', 'example.com', 'fn.example.com', 'fn.default.svc.evil.example', 'svc', '.svc', 'svc.cluster.local', 'fn.svc.example.com', '10.0.0.5', '127.evil.example', 'localhost.evil.example', 'fn.default.svc.other.domain'];
    for (const host of outside) expect(isClusterInternalHost(host, 'cluster.local'), String(host)).toBe(false);
  });

  it('the cluster domain comes from NEOSL_CLUSTER_DOMAIN', () => {
    expect(clusterDomain({})).toBe('cluster.local');
    expect(clusterDomain({ NEOSL_CLUSTER_DOMAIN: '.Corp.Internal.' })).toBe('corp.internal');
    expect(isClusterInternalHost('fn.ns.svc.corp.internal', clusterDomain({ NEOSL_CLUSTER_DOMAIN: 'corp.internal' }))).toBe(true);
    expect(isClusterInternalHost('fn.ns.svc.cluster.local', clusterDomain({ NEOSL_CLUSTER_DOMAIN: 'corp.internal' }))).toBe(false);
  });
});

describe('trigger CloudEvents', () => {
  it('a ping is the schedule event, its time ce-time to the second (now without one)', () => {
    expect(triggerEventKind({ 'ce-type': 'dev.knative.sources.ping' })).toEqual({ kind: 'schedule' });
    expect(deliveredEvent('schedule', { 'ce-time': '2026-12-07T08:00:59.999+01:00' }, { cron: '0 * * * *', timezone: 'Europe/Paris' })).toEqual({
      kind: 'schedule',
      event: { type: 'schedule', cron: '0 * * * *', scheduledTime: '2026-12-07T07:00:59.000Z' },
      timezone: 'Europe/Paris',
    });
    const now = new Date('2026-01-02T03:04:05.678Z');
    expect(deliveredEvent('schedule', {}, { cron: '0 * * * *' }, now)).toEqual({ kind: 'schedule', event: { type: 'schedule', cron: '0 * * * *', scheduledTime: '2026-01-02T03:04:05.000Z' } });
  });

  it('an unknown or missing ce-type, or a body that is not the event, is a 400', () => {
    expect(triggerEventKind({ 'ce-type': 'com.example.other' })).toMatchObject({ answer: { status: 400, code: 'EVENT_TYPE_UNKNOWN' } });
    expect(triggerEventKind({})).toMatchObject({ answer: { status: 400, code: 'EVENT_TYPE_UNKNOWN', message: expect.stringContaining('io.neosl.block') } });
    expect(deliveredEvent('schedule', {}, {})).toMatchObject({ status: 400, code: 'EVENT_INVALID' });
    expect(deliveredEvent('schedule', { 'ce-time': 'yesterday' }, { cron: '* * * * *' })).toMatchObject({ status: 400, code: 'EVENT_INVALID' });
    expect(deliveredEvent('block', {}, { type: 'block', block: { index: -1 } })).toMatchObject({ status: 400, code: 'EVENT_INVALID' });
    expect(deliveredEvent('notification', {}, { type: 'notification', contract: '0x00' })).toMatchObject({ status: 400, code: 'EVENT_INVALID' });
  });
});

describe('NEOSL_FUNCTION_URLS', () => {
  it('gives each subscribed function its base URL, and says which names it does not need', () => {
    const env = { NEOSL_FUNCTION_URLS: JSON.stringify({ blocks: 'http://blocks.default.svc.cluster.local/', typo: 'http://x.svc' }) };
    expect(functionUrls(env, ['blocks'])).toEqual({ urls: new Map([['blocks', 'http://blocks.default.svc.cluster.local']]), unused: ['typo'] });
  });

  it('refuses a missing function, a non-URL and non-JSON, naming them', () => {
    expect(() => functionUrls({ NEOSL_FUNCTION_URLS: '{}' }, ['blocks'])).toThrow(/no URL for function blocks/);
    expect(() => functionUrls({}, ['blocks', 'transfers'])).toThrow(/blocks, transfers/);
    expect(() => functionUrls({ NEOSL_FUNCTION_URLS: '{"blocks": "ftp://x"}' }, ['blocks'])).toThrow(/function blocks/);
    expect(() => functionUrls({ NEOSL_FUNCTION_URLS: '[1' }, ['blocks'])).toThrow(/not valid JSON/);
    // Nothing subscribed: nothing needed.
    expect(functionUrls({}, []).urls.size).toBe(0);
  });
});

describe('the --from-dir environment rule', () => {
  it('the process variable of the same name wins; else ${env.NAME} is filled from the process environment', () => {
    const built = { GREETING: 'hi', API: 'https://${env.HOST}/v1', LITERAL: 'as is' };
    expect(resolveFunctionEnvironment('worker', built, { HOST: 'api.internal', GREETING: 'from the pod' })).toEqual({ GREETING: 'from the pod', API: 'https://api.internal/v1', LITERAL: 'as is' });
    expect(resolveFunctionEnvironment('worker', built, { API: 'set whole' })).toMatchObject({ API: 'set whole' });
  });

  it('a variable not set stops the start naming the function, the key and the variable', () => {
    expect(() => resolveFunctionEnvironment('worker', { API: 'https://${env.HOST}/v1' }, {})).toThrow(/function worker: environment key API refers to \$\{env\.HOST\}/);
  });
});

describe('the trigger dispatcher', () => {
  let dispatcher: TriggerDispatcher | undefined;
  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
  });

  /**
   * Follows a fast embedded chain, answering every delivery with `status` and `body`: the deliveries
   * of the first block once `expected` of them came (or 5 s passed), and a moment more for any extra one.
   */
  async function deliveriesOfFirstBlock(status: number, body: unknown, expected: number): Promise<{ urls: string[]; requests: RequestEvent[] }> {
    const events = new EventEmitter<HostEventMap>();
    const requests: RequestEvent[] = [];
    events.on('request', (event) => requests.push(event));
    events.on('error', () => undefined);
    const urls: string[] = [];
    const fn = sampleFunctionConfig('blocks', { triggers: [{ kind: 'block', retry: { attempts: 2, backoff: 'linear', initialDelayMs: 1, maxDelayMs: 1 } }] });
    dispatcher = startTriggerDispatcher({
      functions: [fn],
      urls: new Map([['blocks', 'http://blocks.default.svc.cluster.local']]),
      blockchain: { blockIntervalMs: 50, contracts: {} },
      chainEnv: {},
      events,
      post: async (url, init) => {
        urls.push(`${url} ${init.headers['ce-type']}`);
        return { status, text: JSON.stringify(body) };
      },
    });
    const ofFirst = () => {
      const first = requests[0]?.path;
      return first === undefined ? [] : requests.filter((request) => request.path === first || request.path.startsWith(`${first} (`));
    };
    for (let waited = 0; ofFirst().length < expected && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const delivered = ofFirst();
    return { urls: urls.slice(0, delivered.length), requests: delivered };
  }

  it('posts each block as an io.neosl.block CloudEvent to the function\'s service, shown as a BLOCK line', async () => {
    const { urls, requests } = await deliveriesOfFirstBlock(200, { outcome: 'done' }, 1);
    expect(urls).toEqual(['http://blocks.default.svc.cluster.local/_neosl/events/blocks io.neosl.block']);
    expect(requests).toEqual([expect.objectContaining({ method: 'BLOCK', functionName: 'blocks', status: 200 })]);
  });

  it('a run that could not happen (503 unrun) is tried again by the trigger\'s retry; a run that failed there (502 failed) is not', async () => {
    const unrun = await deliveriesOfFirstBlock(503, { outcome: 'unrun' }, 3);
    expect(unrun.requests.map((request) => request.status)).toEqual([503, 503, 503]);
    await dispatcher!.close();
    const failed = await deliveriesOfFirstBlock(502, { outcome: 'failed', error: { code: 'BOOM', message: 'boom' } }, 1);
    expect(failed.requests).toEqual([expect.objectContaining({ status: 502, errorCode: 'BOOM' })]);
  });
});
