// neosl.yaml `permissions`, enforced where the host serves the call: secrets (not even sent without
// secrets:read), chain writes, context.functions.execute; also against raw messages on the port.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain, type LocalChain } from '../../src/backends/chain/local-chain.js';
import type { Permission } from '../../src/config/types.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { bundleSource, closeRuntimes, fn, startRuntime } from './helpers.js';

const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';

const SOURCE = `import { workerData, parentPort } from 'node:worker_threads';
import { blockchain } from '@neo-service/sdk/blockchain';

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: any) => ({ ok: false, name: error.name, code: error.code, statusCode: error.statusCode, message: error.message, details: error.details }),
  );

export async function secrets(input: any, context: any) {
  return { sent: workerData.secrets, get: await settle(context.secrets.get('API_KEY')) };
}

export async function secretUncaught(input: any, context: any) {
  return await context.secrets.get('API_KEY');
}

export async function chain(input: { to: string }, context: any) {
  return {
    height: await settle(blockchain.getBlockCount()),
    testInvoke: await settle(context.blockchain.invokeFunction('${GAS}', 'symbol')),
    transfer: await settle(context.blockchain.transfer({ to: input.to, amount: '1', asset: 'GAS' })),
    invoke: await settle(blockchain.invoke({ scriptHash: '${GAS}', operation: 'symbol' })),
  };
}

export async function caller(input: any, context: any) {
  return await settle(context.functions.execute('callee', { n: 1 }));
}

export function callee() {
  return 'called';
}

/** What the host answers to a message posted straight on the port, bypassing the SDK. */
export function raw(input: { service: string; method: string; args: unknown }) {
  const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  return new Promise((resolve) => {
    const onMessage = (message: any) => {
      if (message?.type !== 'reply' || message.id !== id) return;
      parentPort!.off('message', onMessage);
      resolve(message.ok ? { ok: true } : { ok: false, name: message.error.name, message: message.error.message, props: message.error.props });
    };
    parentPort!.on('message', onMessage);
    parentPort!.postMessage({ type: 'call', id, service: input.service, method: input.method, args: input.args });
  });
}
`;

let bundle: string;
let local: LocalChain;

beforeAll(async () => {
  ({ bundleFile: bundle } = await bundleSource(makeTempDir('neosl-permissions-'), 'permissions', SOURCE));
  local = createLocalChain();
});
afterEach(closeRuntimes);
afterAll(() => {
  local.close();
  removeTempDirs();
});

const start = (name: string, permissions: Permission[], extra: Record<string, Permission[]> = {}) =>
  startRuntime(
    {
      [name]: fn(name, bundle, { permissions }),
      ...Object.fromEntries(Object.entries(extra).map(([other, granted]) => [other, fn(other, bundle, { permissions: granted })])),
    },
    { secrets: { API_KEY: 's3cret', HOME_DIR: '/home/me' }, blockchain: local.blockchain },
  );

const denied = (permission: Permission, call: string, functionName: string) => ({
  ok: false,
  name: 'PermissionDeniedError',
  code: 'PERMISSION_DENIED',
  statusCode: 500,
  message: `${call} needs the "${permission}" permission, which function "${functionName}" does not declare: add "${permission}" to functions.${functionName}.permissions in neosl.yaml`,
  details: { function: functionName, permission, call },
});

describe('secrets:read', () => {
  it('without it, the instance gets no secrets and context.secrets.get rejects with PERMISSION_DENIED', async () => {
    const runtime = start('secrets', []);
    expect(await runtime.invoke('secrets', {})).toMatchObject({
      ok: true,
      value: { sent: {}, get: denied('secrets:read', 'context.secrets.get("API_KEY")', 'secrets') },
    });
  });

  it('with it, the instance gets the secrets', async () => {
    const runtime = start('secrets', ['secrets:read']);
    expect(await runtime.invoke('secrets', {})).toMatchObject({
      ok: true,
      value: { sent: { API_KEY: 's3cret', HOME_DIR: '/home/me' }, get: { ok: true, value: 's3cret' } },
    });
  });

  it('an uncaught denial fails the invocation with a 500 whose stack points at the call', async () => {
    const runtime = start('secretUncaught', ['blockchain:invoke']);
    const outcome = await runtime.invoke('secretUncaught', {});
    expect(outcome).toMatchObject({ ok: false, error: { name: 'PermissionDeniedError', code: 'PERMISSION_DENIED', statusCode: 500 } });
    expect(outcome.ok ? '' : outcome.error.message).toContain('add "secrets:read" to functions.secretUncaught.permissions in neosl.yaml');
    expect(outcome.ok ? '' : outcome.error.stack).toMatch(/permissions\.ts:\d+/);
  });
});

describe('blockchain:transfer and blockchain:invoke', () => {
  it('without them, transfer and invoke reject; reads and test invocations (invokeFunction) are allowed', async () => {
    const runtime = start('chain', []);
    const pool = await local.blockchain.getRawMemPool();
    const outcome = await runtime.invoke('chain', { to: local.accounts[1] });
    expect(outcome).toMatchObject({
      ok: true,
      value: {
        height: { ok: true, value: expect.any(Number) },
        testInvoke: { ok: true, value: { state: 'HALT' } },
        transfer: denied('blockchain:transfer', 'blockchain.transfer()', 'chain'),
        invoke: denied('blockchain:invoke', 'blockchain.invoke()', 'chain'),
      },
    });
    expect(await local.blockchain.getRawMemPool()).toEqual(pool);
  });

  it('each permission allows its own write only', async () => {
    const runtime = start('chain', ['blockchain:transfer']);
    const outcome = await runtime.invoke('chain', { to: local.accounts[1] });
    expect(outcome).toMatchObject({
      ok: true,
      value: { transfer: { ok: true, value: { hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) } }, invoke: denied('blockchain:invoke', 'blockchain.invoke()', 'chain') },
    });
    const both = start('chain', ['blockchain:transfer', 'blockchain:invoke']);
    expect(await both.invoke('chain', { to: local.accounts[1] })).toMatchObject({ ok: true, value: { transfer: { ok: true }, invoke: { ok: true } } });
  });
});

describe('functions:execute', () => {
  it('without it, execute rejects and the other function never runs', async () => {
    const runtime = start('caller', [], { callee: [] });
    expect(await runtime.invoke('caller', {})).toMatchObject({
      ok: true,
      value: denied('functions:execute', 'context.functions.execute("callee")', 'caller'),
    });
    expect(runtime.stats('callee').invocations).toBe(0);
  });

  it('with it, execute runs the other function', async () => {
    const runtime = start('caller', ['functions:execute'], { callee: [] });
    expect(await runtime.invoke('caller', {})).toMatchObject({ ok: true, value: { ok: true, value: 'called' } });
  });
});

describe('raw messages on the port', () => {
  it('are checked by the host: a transfer posted past the SDK is denied', async () => {
    const runtime = start('raw', []);
    const pool = await local.blockchain.getRawMemPool();
    const outcome = await runtime.invoke('raw', { service: 'chain', method: 'transfer', args: [{ to: local.accounts[1], amount: '1', asset: 'GAS' }] });
    expect(outcome).toMatchObject({ ok: true, value: { ok: false, name: 'PermissionDeniedError', props: { code: 'PERMISSION_DENIED', statusCode: 500 } } });
    const execute = await runtime.invoke('raw', { service: 'execute', method: 'raw', args: [{}, undefined] });
    expect(execute).toMatchObject({ ok: true, value: { ok: false, name: 'PermissionDeniedError' } });
    expect(await local.blockchain.getRawMemPool()).toEqual(pool);
  });

  it('a malformed call fails that call only: unknown service, arguments that are not a list', async () => {
    const runtime = start('raw', ['blockchain:transfer']);
    expect(await runtime.invoke('raw', { service: 'filesystem', method: 'read', args: [] })).toMatchObject({
      ok: true,
      value: { ok: false, message: 'unknown service "filesystem"' },
    });
    expect(await runtime.invoke('raw', { service: 'chain', method: 'getBlockCount', args: 5 })).toMatchObject({ ok: true, value: { ok: false } });
    expect(await runtime.invoke('raw', { service: 'redis', method: 'get', args: null })).toMatchObject({ ok: true, value: { ok: false } });
    expect(await runtime.invoke('raw', { service: 'chain', method: 'getBlockCount', args: [] })).toMatchObject({ ok: true, value: { ok: true } });
  });
});
