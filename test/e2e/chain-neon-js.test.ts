// dApp code written against a Neo node, run unchanged against `neosl dev`: neon-js reads the seeded keys
// from `neosl chain accounts --json`, builds transactions as a wallet does (invokescript for the system
// fee, calculatenetworkfee for the network fee, signed over the network magic of getversion), sends them
// with RPCClient.sendRawTransaction, and after `neosl chain mine` finds them in a block with the node's
// arithmetic: a GAS transfer, and a contract call (a contract answered from neosl.yaml, and PolicyContract).
import { fileURLToPath } from 'node:url';
import { rpc, sc, tx, u, wallet } from '@cityofzion/neon-js';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, killDevProcesses, startDev, type Dev } from '../helpers/dev-process.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/chain-project', import.meta.url));
const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';
const POLICY = '0xcc5e4edd9f5f8dba8bb65734541df7a1c081c67b';
/** The contract the fixture's neosl.yaml answers: getPrice → 4200. */
const PRICED = '0x1234567890abcdef1234567890abcdef12345678';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

type Account = InstanceType<typeof wallet.Account>;
type Client = InstanceType<typeof rpc.RPCClient>;
type ContractCall = Exclude<Parameters<typeof sc.createScript>[number], string>;

async function seededAccounts(dev: Dev): Promise<Account[]> {
  const listed = await spawnNeosl(['chain', 'accounts', '--url', dev.url, '--json']);
  expect(listed.exitCode, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { accounts: { wif: string }[] }).accounts.map((account) => new wallet.Account(account.wif));
}

/** As a wallet builds one: the system fee from a test run, the network fee from the node, signed for its network. */
async function signed(client: Client, from: Account, calls: ContractCall[]): Promise<InstanceType<typeof tx.Transaction>> {
  const script = sc.createScript(...calls);
  const signer = new tx.Signer({ account: from.scriptHash, scopes: tx.WitnessScope.CalledByEntry });
  const transaction = new tx.Transaction({ signers: [signer], validUntilBlock: (await client.getBlockCount()) + 100, script });
  const test = await client.invokeScript(u.HexString.fromHex(script), [signer]);
  expect(test.state, test.exception ?? '').toBe('HALT');
  transaction.systemFee = u.BigInteger.fromNumber(test.gasconsumed);
  transaction.networkFee = u.BigInteger.fromNumber(await client.calculateNetworkFee(transaction));
  transaction.sign(from, (await client.getVersion()).protocol.network);
  return transaction;
}

const gasOf = async (client: Client, account: Account) =>
  BigInt((await client.getNep17Balances(account.address)).balance.find((entry: { assethash: string }) => entry.assethash === GAS)?.amount ?? '0');

describe('neon-js against neosl dev, as against a node', () => {
  it('a signed GAS transfer and a signed contract call land in a block with the node\'s fees and results', async () => {
    const dev = await startDev(copyFixture(fixture));
    const client = new rpc.RPCClient(`${dev.url}/_neosl/rpc`);
    const [alice, bob] = await seededAccounts(dev);

    // The transfer: bob gets exactly the amount; alice pays it and the fees (burned as OnPersist burns them).
    const before = { alice: await gasOf(client, alice!), bob: await gasOf(client, bob!) };
    const amount = 250_000_000;
    const transfer = await signed(client, alice!, [
      { scriptHash: GAS.slice(2), operation: 'transfer', args: [sc.ContractParam.hash160(alice!.address), sc.ContractParam.hash160(bob!.address), sc.ContractParam.integer(amount), sc.ContractParam.any()] },
    ]);
    const transferHash = await client.sendRawTransaction(transfer);
    expect(transferHash).toBe(`0x${transfer.hash()}`);
    // The same transaction again: already pooled, refused with the node's code.
    await expect(client.sendRawTransaction(transfer)).rejects.toThrow(/-503|AlreadyInPool|already/i);

    // The call: a contract neosl.yaml answers, then PolicyContract's fee per byte, in one script.
    const call = await signed(client, bob!, [
      { scriptHash: PRICED.slice(2), operation: 'getPrice', args: [] },
      { scriptHash: POLICY.slice(2), operation: 'getFeePerByte', args: [] },
    ]);
    const callHash = await client.sendRawTransaction(call);

    expect((await spawnNeosl(['chain', 'mine', '--url', dev.url])).exitCode).toBe(0);
    const transferLog = await client.getApplicationLog(transferHash);
    expect(transferLog.executions[0]).toMatchObject({ trigger: 'Application', vmstate: 'HALT' });
    expect(transferLog.executions[0]!.notifications.map((n) => [n.contract, n.eventname])).toEqual([[GAS, 'Transfer']]);
    const transferFees = BigInt(transfer.systemFee.toString()) + BigInt(transfer.networkFee.toString());
    expect(await gasOf(client, alice!)).toBe(before.alice - BigInt(amount) - transferFees);
    const callFees = BigInt(call.systemFee.toString()) + BigInt(call.networkFee.toString());
    expect(await gasOf(client, bob!)).toBe(before.bob + BigInt(amount) - callFees);

    const callLog = await client.getApplicationLog(callHash);
    expect(callLog.executions[0]).toMatchObject({ vmstate: 'HALT', stack: [{ type: 'Integer', value: '4200' }, { type: 'Integer', value: '1000' }] });
    // Both in the one block neosl chain mine made, as getrawtransaction and gettransactionheight tell it.
    const height = (await client.getBlockCount()) - 1;
    for (const hash of [transferHash, callHash]) {
      expect(await client.execute(new rpc.Query({ method: 'gettransactionheight', params: [hash] }))).toBe(height);
    }
    expect((await client.getBlock(height, true)).tx.map((t) => t.hash).sort()).toEqual([transferHash, callHash].sort());

    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  }, 60_000);
});
