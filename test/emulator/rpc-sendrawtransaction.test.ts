// sendrawtransaction and calculatenetworkfee on the in-process chain, end to end with neon-js as a dApp uses it
// against a node: tx.Transaction built with sc.createScript, system fee from invokeScript, network fee from
// calculateNetworkFee, signed with wallet.Account, sent with RPCClient.sendRawTransaction over HTTP, mined;
// then every refusal a node gives, with its code, leaving the chain exactly as it was.
import { rpc, sc, tx, u, wallet } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain, type LocalChain } from '../../src/backends/chain/index.js';
import { wifFromPrivateKey } from '../../src/backends/chain/rpc/signing-key.js';
import { rejection, startNeonRpcServer, type NeonRpcServer } from '../helpers/neon-rpc-server.js';
import { GAS_HASH, NEO_HASH } from '../../src/sdk/blockchain-types.js';

const TIME = 1_700_000_000_000;
const chain: LocalChain = createLocalChain({ now: () => TIME });
const accountOf = (i: number) => new wallet.Account(wifFromPrivateKey(Buffer.from(chain.devAccounts[i]!.privateKey, 'hex')));
const alice = accountOf(0);
const bob = accountOf(1);
const carol = accountOf(2);
/** ExecFeeFactor 30 × (2 × PUSHDATA1 + System.Crypto.CheckSig). */
const SIGNATURE_FEE = 30n * (2n * 8n + 32768n);
let served: NeonRpcServer;
let client: NeonRpcServer['client'];
let network = 0;

beforeAll(async () => {
  served = await startNeonRpcServer(chain.blockchain, chain);
  client = served.client;
  network = (await client.getVersion()).protocol.network;
});
afterAll(() => served.close());

async function supply(asset = GAS_HASH): Promise<bigint> {
  return BigInt(((await chain.blockchain.invokeFunction(asset, 'totalSupply')).stack[0] as { value: string }).value);
}

async function balance(account: InstanceType<typeof wallet.Account>, asset = GAS_HASH): Promise<bigint> {
  const result = await chain.blockchain.invokeFunction(asset, 'balanceOf', [{ type: 'Hash160', value: account.address }]);
  return BigInt((result.stack[0] as { value: string }).value);
}

type ContractCall = Exclude<Parameters<typeof sc.createScript>[number], string>;
const gasTransfer = (from: InstanceType<typeof wallet.Account>, to: InstanceType<typeof wallet.Account>, amount: number, asset = GAS_HASH): ContractCall =>
  ({
    scriptHash: asset.slice(2),
    operation: 'transfer',
    args: [sc.ContractParam.hash160(from.address), sc.ContractParam.hash160(to.address), sc.ContractParam.integer(amount), sc.ContractParam.any()],
  }) as ContractCall;

interface BuildOptions {
  from?: InstanceType<typeof wallet.Account>;
  signWith?: InstanceType<typeof wallet.Account>;
  magic?: number;
  validUntilBlock?: number;
  systemFee?: bigint;
  networkFeeDelta?: bigint;
  script?: string;
}

/** A dApp's transaction: test run for the system fee, calculatenetworkfee for the network fee, signed. */
async function build(calls: ContractCall[], options: BuildOptions = {}): Promise<InstanceType<typeof tx.Transaction>> {
  const from = options.from ?? alice;
  const script = options.script ?? sc.createScript(...calls);
  const height = (await client.getBlockCount()) - 1;
  const signer = new tx.Signer({ account: from.scriptHash, scopes: tx.WitnessScope.CalledByEntry });
  const transaction = new tx.Transaction({ signers: [signer], validUntilBlock: options.validUntilBlock ?? height + 100, script });
  if (options.systemFee === undefined) {
    const test = await client.invokeScript(u.HexString.fromHex(script), [signer]);
    expect(test.state).toBe('HALT');
    transaction.systemFee = u.BigInteger.fromNumber(test.gasconsumed);
  } else {
    transaction.systemFee = u.BigInteger.fromNumber(options.systemFee.toString());
  }
  const fee = BigInt(await client.calculateNetworkFee(transaction)) + (options.networkFeeDelta ?? 0n);
  transaction.networkFee = u.BigInteger.fromNumber(fee.toString());
  transaction.sign(options.signWith ?? from, options.magic ?? network);
  return transaction;
}

const fees = (t: InstanceType<typeof tx.Transaction>) => BigInt(t.systemFee.toString()) + BigInt(t.networkFee.toString());

describe('sendrawtransaction: a neon-js GAS transfer end to end', () => {
  it('calculatenetworkfee is size × FeePerByte + one signature verification, with or without the witness', async () => {
    const t = await build([gasTransfer(alice, bob, 1)]);
    const size = BigInt(t.serialize(true).length / 2);
    expect(BigInt(t.networkFee.toString())).toBe(size * 1000n + SIGNATURE_FEE);
    // With the signed witness present, the same figure.
    expect(await client.calculateNetworkFee(t)).toBe(t.networkFee.toString());
  });

  it('calculatenetworkfee: an account the chain has no script for and no witness → -32602; garbage → -32602', async () => {
    const stranger = new wallet.Account(wifFromPrivateKey(Buffer.alloc(32, 7)));
    const t = new tx.Transaction({
      signers: [{ account: stranger.scriptHash, scopes: tx.WitnessScope.CalledByEntry }],
      validUntilBlock: 100,
      script: sc.createScript(gasTransfer(stranger, bob, 1)),
    });
    const error = await rejection(client.calculateNetworkFee(t));
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/no verification script for 0x[0-9a-f]{40}/);
    // With its witness's verification script, the fee is computed as for any single-signature account.
    t.addWitness(new tx.Witness({ invocationScript: '', verificationScript: u.base642hex(stranger.contract.script) }));
    expect(BigInt(await client.calculateNetworkFee(t))).toBe(BigInt(t.serialize(true).length / 2 + 66) * 1000n + SIGNATURE_FEE);
    const garbage = await rejection(client.execute(new rpc.Query({ method: 'calculatenetworkfee', params: ['AAAA'] })));
    expect(garbage.code).toBe(-32602);
  });

  it('pools, mines, burns the fees, mints the network fee to the primary, and logs the Transfers (OnPersist as a node)', async () => {
    const amount = 123_456_789;
    const [aliceBefore, bobBefore] = [await balance(alice), await balance(bob)];
    const primaryBefore = await balance(new wallet.Account(wallet.getScriptHashFromPublicKey(chain.validatorPublicKey)));
    const supplyBefore = await supply();
    const t = await build([gasTransfer(alice, bob, amount)]);
    const hash = await client.sendRawTransaction(t);
    expect(hash).toBe('0x' + t.hash());
    expect(await client.getRawMemPool()).toEqual([hash]);
    // Nothing moves before the block.
    expect(await balance(alice)).toBe(aliceBefore);

    const block = await chain.mineBlock();
    expect(block.tx.map((x) => x.hash)).toEqual([hash]);
    expect(await balance(bob)).toBe(bobBefore + BigInt(amount));
    expect(await balance(alice)).toBe(aliceBefore - BigInt(amount) - fees(t));

    const log = await client.getApplicationLog(hash);
    const execution = log.executions[0]!;
    expect(execution.vmstate).toBe('HALT');
    expect(execution.gasconsumed).toBe(t.systemFee.toString());
    expect(execution.notifications).toHaveLength(1);
    expect(execution.notifications[0]).toMatchObject({ contract: GAS_HASH, eventname: 'Transfer' });
    const state = execution.notifications[0]!.state as { value: { value: string }[] };
    expect(u.BigInteger.fromNumber(state.value[2]!.value).toString()).toBe(String(amount));

    // GasToken's OnPersist, as a node logs it: the fees burned from the sender, the network fee minted
    // to the primary validator's (single-signature) account; NeoToken's PostPersist: the committee
    // member's reward (5 GAS per block × 10%). The supply: less the system fee, plus the reward.
    const primary = wallet.getScriptHashFromPublicKey(chain.validatorPublicKey);
    const reverse = (hex: string) => u.HexString.fromHex(hex).reversed().toBase64();
    const blockLog = await client.getApplicationLog(block.hash);
    expect(blockLog.executions.map((e) => e.trigger)).toEqual(['OnPersist', 'PostPersist']);
    expect(blockLog.executions[0]!.notifications).toEqual([
      { contract: GAS_HASH, eventname: 'Transfer', state: { type: 'Array', value: [{ type: 'ByteString', value: reverse(alice.scriptHash) }, { type: 'Any' }, { type: 'Integer', value: fees(t).toString() }] } },
      { contract: GAS_HASH, eventname: 'Transfer', state: { type: 'Array', value: [{ type: 'Any' }, { type: 'ByteString', value: reverse(primary) }, { type: 'Integer', value: t.networkFee.toString() }] } },
    ]);
    expect(blockLog.executions[1]!.notifications).toEqual([
      { contract: GAS_HASH, eventname: 'Transfer', state: { type: 'Array', value: [{ type: 'Any' }, { type: 'ByteString', value: reverse(primary) }, { type: 'Integer', value: '50000000' }] } },
    ]);
    expect(await balance(new wallet.Account(primary))).toBe(primaryBefore + BigInt(t.networkFee.toString()) + 50_000_000n);
    expect(await supply()).toBe(supplyBefore - BigInt(t.systemFee.toString()) + 50_000_000n);

    const found = await client.getRawTransaction(hash, true);
    expect(found).toMatchObject({ hash, blockhash: block.hash, sender: alice.address, sysfee: t.systemFee.toString(), netfee: t.networkFee.toString() });
    expect(u.base642hex((await client.getRawTransaction(hash, false)) as string)).toBe(t.serialize(true));
  });

  it('a multi-call script (GAS and NEO transfers in one transaction) runs both calls', async () => {
    const before = { gas: await balance(alice), neo: await balance(alice, NEO_HASH), carolGas: await balance(carol), carolNeo: await balance(carol, NEO_HASH) };
    // What the NEO transfer will mint each side (NeoToken's DistributeGas), as getunclaimedgas tells it for the next block.
    const unclaimed = { alice: BigInt(await client.getUnclaimedGas(alice.address)), carol: BigInt(await client.getUnclaimedGas(carol.address)) };
    expect(unclaimed.alice).toBeGreaterThan(0n);
    const t = await build([gasTransfer(alice, carol, 5_000), gasTransfer(alice, carol, 3, NEO_HASH)]);
    const hash = await client.sendRawTransaction(t);
    await chain.mineBlock();
    const log = await client.getApplicationLog(hash);
    expect(log.executions[0]!.vmstate).toBe('HALT');
    expect(log.executions[0]!.notifications.map((n) => n.contract)).toEqual([GAS_HASH, NEO_HASH, GAS_HASH, GAS_HASH]);
    expect(log.executions[0]!.notifications.slice(2).map((n) => (n.state.value as { value: string }[])[2]!.value)).toEqual([String(unclaimed.alice), String(unclaimed.carol)]);
    expect(log.executions[0]!.stack).toEqual([
      { type: 'Boolean', value: true },
      { type: 'Boolean', value: true },
    ]);
    expect(await balance(carol)).toBe(before.carolGas + 5_000n + unclaimed.carol);
    expect(await balance(carol, NEO_HASH)).toBe(before.carolNeo + 3n);
    expect(await balance(alice, NEO_HASH)).toBe(before.neo - 3n);
    expect(await balance(alice)).toBe(before.gas - 5_000n - fees(t) + unclaimed.alice);
    // Claimed: what is unclaimed now is the next block's share only (97 NEO × 5 GAS × 10% / 100M NEO, in datoshi).
    expect(await client.getUnclaimedGas(alice.address)).toBe(String(((before.neo - 3n) * 5_00000000n * 10n) / 100n / 100_000_000n));
  });

  it('a transaction whose script FAULTs is mined FAULT, its transfers undone and its fees burned', async () => {
    const before = { alice: await balance(alice), bob: await balance(bob) };
    // The transfer of bob's GAS has no witness of bob: it returns false, and ASSERT faults.
    const script = new sc.ScriptBuilder().emitContractCall(gasTransfer(alice, bob, 7)).emitContractCall(gasTransfer(bob, alice, 7)).emit(sc.OpCode.ASSERT).build();
    const t = await build([], { script, systemFee: 100_000_000n });
    const hash = await client.sendRawTransaction(t);
    await chain.mineBlock();
    const execution = (await client.getApplicationLog(hash)).executions[0]!;
    expect(execution.vmstate).toBe('FAULT');
    expect(execution.exception).toBe('ASSERT is executed with false result.');
    expect(await balance(bob)).toBe(before.bob);
    expect(await balance(alice)).toBe(before.alice - fees(t));
  });

  it('a pooled raw transaction survives snapshot and restore, and mines from the restored chain', async () => {
    const t = await build([gasTransfer(alice, carol, 42)]);
    const hash = await client.sendRawTransaction(t);
    const copy = createLocalChain({ now: () => TIME });
    copy.restore(JSON.parse(JSON.stringify(chain.snapshot())));
    expect(await copy.blockchain.getRawMemPool()).toEqual([hash]);
    const carolBefore = await balance(carol);
    await copy.mineBlock();
    expect((await copy.blockchain.getApplicationLog(hash)).executions[0]!.vmstate).toBe('HALT');
    const carolAfter = await copy.blockchain.invokeFunction(GAS_HASH, 'balanceOf', [{ type: 'Hash160', value: carol.address }]);
    expect(BigInt((carolAfter.stack[0] as { value: string }).value)).toBe(carolBefore + 42n);
    // The block's OnPersist fee notifications live through another snapshot and restore.
    const block = await copy.blockchain.getBlock((await copy.blockchain.getBlockCount()) - 1);
    const onPersist = (await copy.blockchain.getApplicationLog(block.hash)).executions[0]!.notifications;
    expect(onPersist).toHaveLength(2);
    const again = createLocalChain({ now: () => TIME });
    again.restore(JSON.parse(JSON.stringify(copy.snapshot())));
    expect((await again.blockchain.getApplicationLog(block.hash)).executions[0]!.notifications).toEqual(onPersist);
    await chain.mineBlock();
  });
});

describe('sendrawtransaction refusals: the node codes, nothing applied', () => {
  /** Sends and expects the refusal; the chain's snapshot (balances, mempool, blocks) is unchanged. */
  /** `raw`: a neon-js transaction, or the base64 param as is. */
  async function refused(raw: InstanceType<typeof tx.Transaction> | string, code: number, message: RegExp): Promise<void> {
    const before = chain.snapshot();
    const sent = typeof raw === 'string' ? client.execute(new rpc.Query({ method: 'sendrawtransaction', params: [raw] })) : client.sendRawTransaction(raw);
    const error = await rejection(sent);
    expect(error.code, error.message).toBe(code);
    expect(error.message).toMatch(message);
    expect(chain.snapshot()).toEqual(before);
  }

  it('a signature by another key, a tampered signature, or the wrong network magic → -508', async () => {
    await refused(await build([gasTransfer(alice, bob, 1)], { signWith: bob }), -508, /^Invalid signature - InvalidSignature: witness 0 .*hash is not the signer's account/);
    await refused(await build([gasTransfer(alice, bob, 1)], { magic: network + 1 }), -508, /^Invalid signature - InvalidSignature: .*does not verify/);
    const tampered = await build([gasTransfer(alice, bob, 1)]);
    const invocation = tampered.witnesses[0]!.invocationScript.toBigEndian();
    tampered.witnesses[0]!.invocationScript = u.HexString.fromHex(invocation.slice(0, -2) + (invocation.endsWith('00') ? '01' : '00'));
    await refused(tampered, -508, /^Invalid signature/);
  });

  it('validUntilBlock at or below the height, or past height + MaxValidUntilBlockIncrement → -510', async () => {
    const height = (await client.getBlockCount()) - 1;
    await refused(await build([gasTransfer(alice, bob, 1)], { validUntilBlock: height }), -510, /^Expired transaction - Expired: validUntilBlock/);
    await refused(await build([gasTransfer(alice, bob, 1)], { validUntilBlock: height + 5761 }), -510, /^Expired transaction/);
  });

  it('a network fee below calculatenetworkfee → -504', async () => {
    await refused(await build([gasTransfer(alice, bob, 1)], { networkFeeDelta: -1n }), -504, /^Insufficient network fee - InsufficientNetworkFee: \d+ given, \d+ needed/);
  });

  it('fees above the sender GAS balance, counting its pooled transactions → -511', async () => {
    await refused(await build([gasTransfer(alice, bob, 1)], { systemFee: (await balance(alice)) + 1n }), -511, /^Insufficient funds for fee - InsufficientFunds/);
    // Two transactions each affordable alone, not together.
    const half = (await balance(alice)) / 2n;
    const first = await build([gasTransfer(alice, bob, 1)], { systemFee: half });
    await client.sendRawTransaction(first);
    await refused(await build([gasTransfer(alice, bob, 1)], { systemFee: half }), -511, /on top of \d+ for its pooled transactions/);
    await chain.mineBlock();
  });

  it('the same transaction again: in the pool → -503, mined → -501', async () => {
    const t = await build([gasTransfer(alice, bob, 1)]);
    await client.sendRawTransaction(t);
    await refused(t, -503, /^Already in pool - AlreadyInPool/);
    await chain.mineBlock();
    await refused(t, -501, /^Inventory already exists - AlreadyExists/);
  });

  it('a script the chain cannot run → -506 naming the opcode', async () => {
    // PUSH1 PUSH2 ADD: arithmetic, not a contract call.
    await refused(await build([], { script: '1112' + '9e', systemFee: 1_000_000n }), -506, /^Invalid transaction script - InvalidScript: .*ADD at offset 2/);
  });

  it('garbage → -32602 Invalid Transaction Format', async () => {
    await refused('not base64!', -32602, /^Invalid params - Invalid Transaction Format: /);
    const before = chain.snapshot();
    for (const raw of ['AAAA', Buffer.from('00'.repeat(40), 'hex').toString('base64')]) {
      const error = await rejection(client.execute(new rpc.Query({ method: 'sendrawtransaction', params: [raw] })));
      expect(error.code).toBe(-32602);
      expect(error.message).toMatch(/Invalid Transaction Format/);
    }
    const t = await build([gasTransfer(alice, bob, 1)]);
    const trailing = Buffer.from(t.serialize(true) + '00', 'hex').toString('base64');
    const error = await rejection(client.execute(new rpc.Query({ method: 'sendrawtransaction', params: [trailing] })));
    expect(error).toMatchObject({ code: -32602 });
    expect(error.message).toMatch(/bytes left after the witnesses/);
    expect(chain.snapshot()).toEqual(before);
  });
});
