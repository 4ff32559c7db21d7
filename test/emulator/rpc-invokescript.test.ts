// invokescript on the in-process chain: contract-call scripts (as neon-js builds them) run in order as one
// invocation (each call seeing the transfers before it), in the node's shape and key order; FAULTs, refusals,
// and neon-js end to end (RPCClient.invokeScript, neon-api's token helpers, the experimental system-fee helper).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, experimental, rpc, sc, tx, u } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToScriptHash, createLocalChain, type LocalChain } from '../../src/backends/chain/index.js';
import { ASSERT_FAILED } from '../../src/backends/chain/contract-executor.js';
import { createChainRpcHandler, createRpcDispatcher, dispatchRpc, type JsonRpcResponse } from '../../src/emulator/rpc/index.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';

const TIME = 1_700_000_000_000;
const chain: LocalChain = createLocalChain({ now: () => TIME });
const node = chain.blockchain;
const alice = chain.accounts[0]!;
const bob = chain.accounts[1]!;
const aliceHash = addressToScriptHash(alice);

// The node's invokescript answer: tests/Neo.RpcClient.Tests/RpcTestCases.json of neo-project/neo, the second
// "invokescriptasync" case (request script below: GAS decimals with no arguments), its `result` kept as is.
// Its "script" is not the request's (an artifact of that test file): a node echoes the script it ran.
const NODE_RESULT = JSON.parse(readFileSync(new URL('../fixtures/neo-rpc/invokescript.json', import.meta.url), 'utf8'));
const NODE_REQUEST_SCRIPT = 'wh8MCGRlY2ltYWxzDBTPduKL0AYsSkeO41VhARMZ88+k0kFifVtS';

/** Alice's GAS after sending bob 250_000_000 and paying that transaction's fees, as on a node. */
let aliceGas = 0n;

beforeAll(async () => {
  const { hash } = await node.transfer({ to: bob, amount: 250_000_000, asset: 'GAS' });
  const pooled = await node.getTransaction(hash);
  aliceGas = 100_000_000_000n - 250_000_000n - BigInt(pooled.sysfee) - BigInt(pooled.netfee);
  await chain.mineBlock();
});

type Answer = Extract<JsonRpcResponse, { result: unknown }> & Extract<JsonRpcResponse, { error: unknown }>;

async function ask(method: string, params: unknown[]): Promise<Partial<Answer>> {
  return (await dispatchRpc(node, { jsonrpc: '2.0', id: 1, method, params }, chain)) as Partial<Answer>;
}

async function result(method: string, params: unknown[]): Promise<any> {
  const answer = await ask(method, params);
  expect(answer.error, `${method} answered an error`).toBeUndefined();
  return answer.result;
}

async function error(method: string, params: unknown[]): Promise<{ code: number; message: string; data?: string }> {
  const answer = await ask(method, params);
  expect(answer, `${method} answered a result`).toHaveProperty('error');
  return answer.error!;
}

type ContractCall = Exclude<Parameters<typeof sc.createScript>[number], string>;
/** A neon-js contract call (neon-js takes hashes without 0x). */
const call = (scriptHash: string, operation: string, args: unknown[] = []): ContractCall =>
  ({ scriptHash: scriptHash.slice(2), operation, args }) as ContractCall;
const base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const script = (...calls: ContractCall[]): string => base64(sc.createScript(...calls));
/** GAS transfer alice → bob of `amount`, ending with ASSERT as wallets build it. */
const transferScript = (amount: number): string =>
  base64(
    new sc.ScriptBuilder()
      .emitContractCall(call(GAS_HASH, 'transfer', [sc.ContractParam.hash160(alice), sc.ContractParam.hash160(bob), sc.ContractParam.integer(amount), sc.ContractParam.any()]))
      .emit(sc.OpCode.ASSERT)
      .build(),
  );

describe('invokescript on the local chain', () => {
  it('GAS symbol + decimals + balanceOf: HALT with the three stack items in order, as three invokefunction calls give them', async () => {
    const before = chain.snapshot();
    const sent = script(call(GAS_HASH, 'symbol'), call(GAS_HASH, 'decimals'), call(GAS_HASH, 'balanceOf', [sc.ContractParam.hash160(alice)]));
    const answer = await result('invokescript', [sent]);
    const single = [
      await result('invokefunction', [GAS_HASH, 'symbol']),
      await result('invokefunction', [GAS_HASH, 'decimals']),
      await result('invokefunction', [GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: aliceHash }]]),
    ];
    expect(answer).toEqual({
      script: sent,
      state: 'HALT',
      gasconsumed: single.reduce((sum, r) => sum + BigInt(r.gasconsumed), 0n).toString(),
      exception: null,
      notifications: [],
      stack: single.flatMap((r) => r.stack),
    });
    expect(answer.stack).toEqual([
      { type: 'ByteString', value: Buffer.from('GAS').toString('base64') },
      { type: 'Integer', value: '8' },
      { type: 'Integer', value: String(aliceGas) },
    ]);
    // A one-call script answers exactly as invokefunction (whose script is the same bytes).
    expect(await result('invokescript', [single[0].script])).toEqual(single[0]);
    expect(chain.snapshot()).toEqual(before);
  });

  it('answers with the keys of a node, in its order (RpcServer GetInvokeResult; fixture from RpcTestCases.json)', async () => {
    const answer = await result('invokescript', [NODE_REQUEST_SCRIPT]);
    // The fixture predates "notifications", which RpcServer now puts between "exception" and "stack".
    expect(Object.keys(answer).filter((key) => key !== 'notifications')).toEqual(Object.keys(NODE_RESULT));
    expect(Object.keys(answer)).toEqual(['script', 'state', 'gasconsumed', 'exception', 'notifications', 'stack']);
    expect(answer).toMatchObject({ script: NODE_REQUEST_SCRIPT, state: NODE_RESULT.state, exception: NODE_RESULT.exception, stack: NODE_RESULT.stack });
    expect(answer.gasconsumed).toMatch(/^\d+$/);
  });

  it('the first FAULT ends the script: its exception, the gas so far, an empty stack as on a node', async () => {
    const unknown = await result('invokefunction', [GAS_HASH, 'frobnicate']);
    expect(unknown).toMatchObject({ state: 'FAULT', stack: [] });
    expect(unknown.exception).toContain('Method "frobnicate" with 0 parameter(s) doesn\'t exist');
    const symbol = await result('invokefunction', [GAS_HASH, 'symbol']);
    const answer = await result('invokescript', [script(call(GAS_HASH, 'symbol'), call(GAS_HASH, 'frobnicate'), call(GAS_HASH, 'decimals'))]);
    expect(answer).toMatchObject({
      state: 'FAULT',
      exception: unknown.exception,
      gasconsumed: (BigInt(symbol.gasconsumed) + BigInt(unknown.gasconsumed)).toString(),
      notifications: [],
      stack: [],
    });
    expect(Object.keys(answer)).toEqual(['script', 'state', 'gasconsumed', 'exception', 'notifications', 'stack']);
  });

  it('a transfer script with ASSERT: FAULT without the sender as signer, HALT with it (Transfer notified), nothing persists', async () => {
    const before = chain.snapshot();
    const refused = await result('invokescript', [transferScript(5)]);
    expect(refused).toMatchObject({ state: 'FAULT', exception: ASSERT_FAILED, notifications: [], stack: [] });
    const signed = await result('invokescript', [transferScript(5), [{ account: aliceHash, scopes: 'CalledByEntry' }]]);
    expect(signed).toMatchObject({ state: 'HALT', exception: null, stack: [] });
    // RpcServer writes an invoke result's notifications eventname first (the ApplicationLogs plugin: contract first).
    expect(Object.keys(signed.notifications[0])).toEqual(['eventname', 'contract', 'state']);
    expect(signed.notifications).toEqual([
      {
        contract: GAS_HASH,
        eventname: 'Transfer',
        state: {
          type: 'Array',
          value: [
            { type: 'ByteString', value: Buffer.from(aliceHash.slice(2), 'hex').reverse().toString('base64') },
            { type: 'ByteString', value: Buffer.from(addressToScriptHash(bob).slice(2), 'hex').reverse().toString('base64') },
            { type: 'Integer', value: '5' },
          ],
        },
      },
    ]);
    // Signers by address as the node takes them; useDiagnostic accepted.
    expect((await result('invokescript', [transferScript(5), [{ account: alice, scopes: 'Global' }], true])).state).toBe('HALT');
    expect(chain.snapshot()).toEqual(before);
    expect((await node.invokeFunction(GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: aliceHash }])).stack).toEqual([{ type: 'Integer', value: String(aliceGas) }]);
  });

  it('a later call of the script sees the transfers of the calls before it, as in one node invocation; nothing persists', async () => {
    const before = chain.snapshot();
    const bobBalance = () => call(GAS_HASH, 'balanceOf', [sc.ContractParam.hash160(bob)]);
    const start = BigInt((await result('invokescript', [script(bobBalance())])).stack[0].value);
    const combined = Buffer.concat([Buffer.from(transferScript(7), 'base64'), Buffer.from(sc.createScript(bobBalance()), 'hex')]).toString('base64');
    const answer = await result('invokescript', [combined, [{ account: aliceHash, scopes: 'CalledByEntry' }]]);
    expect(answer.state).toBe('HALT');
    expect(answer.stack).toEqual([{ type: 'Integer', value: String(start + 7n) }]);
    expect(chain.snapshot()).toEqual(before);
  });

  it('an empty script halts with nothing; values no call consumes stay on the stack', async () => {
    expect(await result('invokescript', [''])).toEqual({ script: '', state: 'HALT', gasconsumed: '0', exception: null, notifications: [], stack: [] });
    const withValue = base64('17' + sc.createScript(call(GAS_HASH, 'decimals')));
    expect((await result('invokescript', [withValue])).stack).toEqual([
      { type: 'Integer', value: '7' },
      { type: 'Integer', value: '8' },
    ]);
  });
});

describe('invokescript errors', () => {
  it('-32602 for a script that is not base64, as a node answers', async () => {
    for (const bad of ['not base64!', 'AAA', 12, null]) {
      const refused = await error('invokescript', [bad]);
      expect(refused.code).toBe(-32602);
      expect(refused.message).toMatch(/^Invalid params/);
    }
    expect((await error('invokescript', ['AAA'])).message).toBe('Invalid params - Invalid script "AAA": expected the script as a base64 string');
    expect((await error('invokescript', [])).message).toMatch(/invokescript takes \[script, signers\?, useDiagnostic\?\]; parameter 1 "script" is missing/);
  });

  it('-32602 naming the opcode and offset the local chain cannot run, and what it runs', async () => {
    const prefix = sc.createScript(call(GAS_HASH, 'symbol'));
    const refused = await error('invokescript', [base64(prefix + '2200')]);
    expect(refused.code).toBe(-32602);
    expect(refused.message).toBe(
      `Invalid params - script: JMP at offset ${prefix.length / 2} is not supported: the local chain runs contract-call scripts as SDKs build them (literal arguments, PACK/PACKSTRUCT/PACKMAP/NEWARRAY0/NEWSTRUCT0/NEWMAP, SYSCALL System.Contract.Call, DROP/ASSERT of a result), not any NeoVM program`,
    );
    const getTime = new sc.ScriptBuilder().emitSysCall(sc.InteropServiceCode.SYSTEM_RUNTIME_GETTIME).build();
    expect((await error('invokescript', [base64(getTime)])).message).toMatch(/^Invalid params - script: SYSCALL at offset 0 \(System\.Runtime\.GetTime\) is not supported/);
  });

  it('-32602 for bad signers, before anything runs', async () => {
    const refused = await error('invokescript', [script(call(GAS_HASH, 'symbol')), [{ account: 'nope', scopes: 'CalledByEntry' }]]);
    expect(refused.code).toBe(-32602);
    expect(refused.message).toMatch(/signers\[0\]\.account/);
    expect((await error('invokescript', [script(call(GAS_HASH, 'symbol')), [{ account: aliceHash, scopes: 'Sometimes' }]])).message).toMatch(/unknown witness scope "Sometimes"/);
  });

  it('-32601 when the chain is not the in-process one (a proxied node), saying so', async () => {
    const dispatch = createRpcDispatcher(node);
    const answer = (await dispatch({ jsonrpc: '2.0', id: 7, method: 'invokescript', params: [script(call(GAS_HASH, 'symbol'))] })) as Partial<Answer>;
    expect(answer.error?.code).toBe(-32601);
    expect(answer.error?.message).toBe(`Method not found - "invokescript" is not served: neosl proxies a Neo node here (blockchain.rpcUrl) and answers invokescript only for its in-process chain; ask the node itself`);
  });
});

describe('invokescript with neon-js over HTTP', () => {
  let server: Server;
  let url = '';
  let client: InstanceType<typeof rpc.RPCClient>;

  beforeAll(async () => {
    server = createServer(createChainRpcHandler(node, { local: chain }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_neosl/rpc`;
    client = new rpc.RPCClient(url);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('RPCClient.invokeScript of a neon-js script', async () => {
    const hex = sc.createScript(call(GAS_HASH, 'symbol'), call(NEO_HASH, 'balanceOf', [sc.ContractParam.hash160(alice)]));
    const answer = await client.invokeScript(u.HexString.fromHex(hex));
    expect(answer.state).toBe('HALT');
    expect(answer.script).toBe(base64(hex));
    expect(u.base642utf8(answer.stack[0]!.value as string)).toBe('GAS');
    expect(answer.stack[1]).toEqual({ type: 'Integer', value: '100' });
    const faulted = await client.invokeScript(u.HexString.fromBase64(transferScript(1)));
    expect(faulted).toMatchObject({ state: 'FAULT', exception: ASSERT_FAILED });
  });

  it("neon-api's getTokenInfos and getTokenBalances (both invokescript)", async () => {
    const infos = await api.getTokenInfos([GAS_HASH.slice(2), NEO_HASH.slice(2)], client);
    const supply = (await node.invokeFunction(GAS_HASH, 'totalSupply')).stack[0] as { value: string };
    expect(infos).toEqual([
      { symbol: 'GAS', decimals: 8, totalSupply: u.BigInteger.fromNumber(supply.value).toDecimal(8) },
      { symbol: 'NEO', decimals: 0, totalSupply: u.BigInteger.fromNumber(((await node.invokeFunction(NEO_HASH, 'totalSupply')).stack[0] as { value: string }).value).toDecimal(0) },
    ]);
    const balances = await api.getTokenBalances(alice, [GAS_HASH.slice(2), NEO_HASH.slice(2)], client);
    expect(balances).toEqual([u.BigInteger.fromNumber(String(aliceGas)).toDecimal(8), '100']);
  });

  it("neon-js experimental getSystemFee (invokescript with signers) for a signed transfer; nothing persists", async () => {
    const before = chain.snapshot();
    const signer = new tx.Signer({ account: aliceHash.slice(2), scopes: tx.WitnessScope.CalledByEntry });
    const config = { rpcAddress: url, networkMagic: (await node.getVersion()).protocol.network };
    const fee = await experimental.txHelpers.getSystemFee(u.HexString.fromBase64(transferScript(1_000)), config, [signer]);
    const direct = await node.invokeFunction(
      GAS_HASH,
      'transfer',
      [
        { type: 'Hash160', value: aliceHash },
        { type: 'Hash160', value: addressToScriptHash(bob) },
        { type: 'Integer', value: '1000' },
        { type: 'Any', value: null },
      ],
      [{ account: aliceHash, scopes: 'CalledByEntry' }],
    );
    expect(fee.toString()).toBe(direct.gasconsumed);
    expect(chain.snapshot()).toEqual(before);
  });
});
