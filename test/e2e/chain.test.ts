// The chain of `neosl dev`, driven as a user would: `neosl chain` against a running emulator on the
// chain fixture (a block an hour: blocks come from `neosl chain mine`), or on a copy mining every
// 200 ms or only on demand. Block and Transfer triggers, /_neosl/rpc, state across a restart,
// `neosl invoke` on the same saved chain, amounts in token units in and out, transfers that wait for
// their block (HALT exit 0, FAULT exit 1), `neosl chain tx`, and the errors of bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rpc as neonRpc, u } from '@cityofzion/neon-js';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, killDevProcesses, startDev, until, type Dev } from '../helpers/dev-process.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import type { TransferResult } from '../../src/commands/chain/transfer.js';
import { formatTokenAmount, parseTokenAmount } from '../../src/commands/chain/token-amount.js';

const fixture = fileURLToPath(new URL('../fixtures/chain-project', import.meta.url));
const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

const chain = (dev: Dev, args: string[]) => spawnNeosl(['chain', ...args, '--url', dev.url]);
const chainJson = async <T>(dev: Dev, args: string[]): Promise<{ exitCode: number | null; stderr: string; value: T }> => {
  const result = await chain(dev, [...args, '--json']);
  return { exitCode: result.exitCode, stderr: result.stderr, value: JSON.parse(result.stdout) as T };
};

interface ChainStatusJson {
  height: number;
  blockIntervalMs: number | null;
  accounts: { address: string; neo: string; gas: string }[];
}
/** What `neosl chain transfer --json` prints. */
type TransferJson = TransferResult;

/** A copy of the chain fixture whose chain mines as given (e.g. "200ms", "manual"), with extra neosl.yaml blockchain lines. */
function chainProject(blockInterval: string, extraBlockchainLines = ''): string {
  const project = copyFixture(fixture);
  const yamlFile = join(project, 'neosl.yaml');
  writeFileSync(yamlFile, readFileSync(yamlFile, 'utf8').replace('blockInterval: 1h', `blockInterval: ${blockInterval}`).replace('  contracts:\n', `  contracts:\n${extraBlockchainLines}`));
  return project;
}
const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

/** A transaction's system + network fees, in GAS fractions: what its sender pays on top of what it sends, as on a node. */
async function feesOf(dev: Dev, hash: string): Promise<bigint> {
  const tx = (await rpc(dev, 'getrawtransaction', [hash, true])).result as { sysfee: string; netfee: string };
  return BigInt(tx.sysfee) + BigInt(tx.netfee);
}

/** GAS fractions as `neosl chain status` shows them. */
const gasText = (fractions: bigint) => formatTokenAmount(fractions, 8);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A `neosl chain status` line: the address, its NEO and its GAS (columns padded). */
const statusLine = (address: string, neo: string, gas: string) => new RegExp(`${address} +${neo} NEO +${escapeRegExp(gas)} GAS`);

async function rpc(dev: Dev, method: string, params: unknown[] = []): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const response = await fetch(`${dev.url}/_neosl/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
}

describe('neosl dev chain', () => {
  it('runs block triggers once per mined block and Transfer triggers for their contract only; keeps the chain across a restart', async () => {
    const project = copyFixture(fixture);
    let dev = await startDev(project);

    const mined = await chain(dev, ['mine', '2']);
    expect(mined.exitCode, mined.stderr).toBe(0);
    expect(mined.stdout).toMatch(/mined #1 0x[0-9a-f]{64} \(0 transactions\)\nmined #2 /);
    await until(() => (count(dev.stderr(), /BLOCK #\d+ 200/) === 2 ? true : undefined), 'two block triggers');
    expect(dev.stderr()).toMatch(/\[onBlock\] INFO +block \{"index":1,"transactions":0\}/);
    expect(dev.stderr()).toMatch(/\[onBlock\] INFO +block \{"index":2,"transactions":0\}/);
    expect(count(dev.stderr(), /EVENT /)).toBe(0);

    const status = JSON.parse((await spawnNeosl(['chain', 'status', '--url', dev.url, '--json'])).stdout) as ChainStatusJson;
    expect(status.height).toBe(3);
    const [sender, receiver] = status.accounts;
    expect(sender).toMatchObject({ neo: '100', gas: '1000' });
    // A block an hour is not waited for: the transfer is pending, and the user is told how to land it.
    const sent = await chain(dev, ['transfer', receiver!.address, '1']);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(sent.stdout).toBe(`${/^0x[0-9a-f]{64}/.exec(sent.stdout)![0]} pending: 1 GAS from ${sender!.address} to ${receiver!.address}\n`);
    expect(sent.stderr).toContain('pending until the next block (a block every 1 h): run "neosl chain mine" to mine it now');
    expect((await chain(dev, ['mine'])).exitCode).toBe(0);
    await until(() => (dev.stderr().includes(`EVENT Transfer ${GAS} 200`) ? true : undefined), 'the GAS Transfer trigger');
    await until(() => (count(dev.stderr(), /BLOCK #\d+ 200/) === 3 ? true : undefined), 'the third block trigger');
    expect(dev.stderr()).toMatch(new RegExp(`\\[onGasTransfer\\] INFO +transfer \\{"contract":"${GAS}","from":"0x[0-9a-f]{40}","to":"0x[0-9a-f]{40}","amount":"100000000","block":3\\}`));
    expect(count(dev.stderr(), /\[onGasTransfer\] INFO/)).toBe(1);
    expect(count(dev.stderr(), /\[onNeoTransfer\] INFO/)).toBe(0);

    // The same chain through JSON-RPC, with the contract answers of neosl.yaml.
    expect(await rpc(dev, 'getblockcount')).toMatchObject({ result: 4 });
    const price = (await rpc(dev, 'invokefunction', ['0x1234567890abcdef1234567890abcdef12345678', 'getPrice', []])).result as { state: string; stack: unknown[] };
    expect(price).toMatchObject({ state: 'HALT', stack: [{ type: 'Integer', value: '4200' }] });
    expect((await rpc(dev, 'getblock', [99, true])).error).toMatchObject({ code: -101 });
    const balances = (await rpc(dev, 'getnep17balances', [sender!.address])).result as { balance: { assethash: string; amount: string }[] };
    // 1 GAS sent, and the transaction's fees burned as on a node.
    const senderGas = 100_000_000_000n - 100_000_000n - (await feesOf(dev, /^0x[0-9a-f]{64}/.exec(sent.stdout)![0]));
    expect(balances.balance.find((entry) => entry.assethash === GAS)?.amount).toBe(String(senderGas));
    const after = await chain(dev, ['status']);
    expect(after.stdout).toMatch(statusLine(sender!.address, '100', gasText(senderGas)));
    expect(after.stdout).toMatch(statusLine(receiver!.address, '100', '1001'));

    // A restart keeps the chain (state under .neosl/state), and neosl invoke sees the same chain.
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
    const invoked = await spawnNeosl(['invoke', 'height', '--json'], { cwd: project });
    expect(invoked.exitCode, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toMatchObject({ result: { height: 4 } });
    dev = await startDev(project);
    expect(await rpc(dev, 'getblockcount')).toMatchObject({ result: 4 });
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  }, 60_000);

  it('a transfer over the balance lands as a FAULT and moves nothing but its fees; bad addresses and a missing emulator are clear errors', async () => {
    const dev = await startDev(copyFixture(fixture));
    const before = JSON.parse((await spawnNeosl(['chain', 'status', '--url', dev.url, '--json'])).stdout) as ChainStatusJson;
    const [, receiver] = before.accounts;
    const sent = await chain(dev, ['transfer', receiver!.address, '9999999999', '--no-wait']);
    expect(sent.exitCode).toBe(0);
    const hash = /^(0x[0-9a-f]{64})/.exec(sent.stdout)![1]!;
    await chain(dev, ['mine']);
    const log = (await rpc(dev, 'getapplicationlog', [hash])).result as { executions: { vmstate: string; exception: string | null }[] };
    expect(log.executions[0]).toMatchObject({ vmstate: 'FAULT' });
    // As a Neo N3 node says it: the transfer returned false and the script's ASSERT failed.
    expect(log.executions[0]!.exception).toBe('ASSERT is executed with false result.');
    const after = JSON.parse((await spawnNeosl(['chain', 'status', '--url', dev.url, '--json'])).stdout) as ChainStatusJson;
    // The sender paid the fees (a node burns them whatever the outcome); nobody else's GAS changed.
    const fees = await feesOf(dev, hash);
    expect(after.accounts.map((account) => account.gas)).toEqual([gasText(100_000_000_000n - fees), ...before.accounts.slice(1).map((account) => account.gas)]);
    expect(count(dev.stderr(), /\[onGasTransfer\] INFO/)).toBe(0);

    const badAddress = await chain(dev, ['transfer', 'nope', '1']);
    expect(badAddress.exitCode).toBe(2);
    expect(badAddress.stderr).toContain('<to> "nope": it has 4 characters, not 34; expected a Neo N3 address');
    // The help's former example: one character wrong, so its checksum fails.
    const typo = await chain(dev, ['transfer', 'NZNovrJyZ5D3iS1TuNWyUVnXidBnmNFiKd', '1']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/<to> "NZNovrJyZ5D3iS1TuNWyUVnXidBnmNFiKd": .*checksum/i);
    const badFrom = await chain(dev, ['transfer', receiver!.address, '1', '--from', 'me']);
    expect(badFrom.exitCode).toBe(2);
    expect(badFrom.stderr).toContain('--from "me"');

    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
    const gone = await spawnNeosl(['chain', 'status', '--url', dev.url]);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toContain(`no neosl dev answers at ${dev.url}`);
    expect(gone.stderr).toContain('start it with "neosl dev"');
  }, 60_000);

  it('amounts are token units in and out; a transfer waits for its block: HALT exits 0, FAULT exits 1 with the VM exception; chain tx shows both', async () => {
    const dev = await startDev(chainProject('200ms'));
    const status = await chainJson<ChainStatusJson>(dev, ['status']);
    expect(status.value.blockIntervalMs).toBe(200);
    const [sender, receiver] = status.value.accounts;

    // 1.5 GAS, waited for: the block and the hash, exit 0.
    const sent = await chain(dev, ['transfer', receiver!.address, '1.5']);
    expect(sent.exitCode, sent.stderr).toBe(0);
    const halted = /^(0x[0-9a-f]{64}) HALT in block #(\d+): 1\.5 GAS from (\S+) to (\S+)\n$/.exec(sent.stdout);
    expect(halted, sent.stdout).not.toBeNull();
    expect(halted!.slice(3)).toEqual([sender!.address, receiver!.address]);
    const hash = halted![1]!;
    expect(((await rpc(dev, 'getapplicationlog', [hash])).result as { executions: { vmstate: string }[] }).executions[0]!.vmstate).toBe('HALT');
    // Exactly 1.5 GAS moved (150000000 of its smallest unit), and status says so in the same units.
    const balances = (await rpc(dev, 'getnep17balances', [receiver!.address])).result as { balance: { assethash: string; amount: string }[] };
    expect(balances.balance.find((entry) => entry.assethash === GAS)?.amount).toBe('100150000000');
    const statusText = await chain(dev, ['status']);
    // The sender also paid the transaction's fees, as on a node.
    expect(statusText.stdout).toMatch(statusLine(sender!.address, '100', gasText(100_000_000_000n - 150_000_000n - (await feesOf(dev, hash)))));
    expect(statusText.stdout).toMatch(statusLine(receiver!.address, '100', '1001.5'));
    expect(statusText.stdout).toContain('a block every 0.2 s');
    expect((await chainJson<ChainStatusJson>(dev, ['status'])).value.accounts[1]).toEqual({ address: receiver!.address, neo: '100', gas: '1001.5' });

    // --json: the outcome in one document, the amount as a decimal string.
    const neo = await chainJson<TransferJson>(dev, ['transfer', receiver!.address, '2', '--asset', 'neo']);
    expect(neo.exitCode, neo.stderr).toBe(0);
    expect(neo.value).toEqual({
      hash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      from: sender!.address,
      to: receiver!.address,
      asset: 'NEO',
      assetHash: '0xef4073a0f2b305a38ec4050e4d3d28bc40ea63f5',
      amount: '2',
      state: 'HALT',
      blockIndex: expect.any(Number),
    });

    // Over the balance: FAULT, the VM's exception, why, exit 1; nothing moved.
    const fault = await chain(dev, ['transfer', receiver!.address, '5000']);
    expect(fault.exitCode).toBe(1);
    expect(fault.stdout).toBe('');
    expect(fault.stderr).toMatch(/the transfer of 5000 GAS from \S+ to \S+ FAULTed in block #\d+ \(0x[0-9a-f]{64}\): ASSERT is executed with false result\./);
    const held = (await chainJson<ChainStatusJson>(dev, ['status'])).value.accounts[0]!.gas;
    expect(fault.stderr).toContain(`Insufficient balance: ${sender!.address} holds ${held} GAS, less than the 5000 GAS sent`);
    expect(fault.stderr).toMatch(/Nothing moved but its fees \(0\.\d+ GAS, burned as a node burns them\)/);
    const faultJson = await chainJson<TransferJson>(dev, ['transfer', receiver!.address, '5000']);
    expect(faultJson.exitCode).toBe(1);
    expect(faultJson.value).toMatchObject({ state: 'FAULT', amount: '5000', asset: 'GAS', exception: 'ASSERT is executed with false result.', blockIndex: expect.any(Number) });
    expect(faultJson.stderr).toContain('FAULTed in block');
    // Only the fees of the second FAULTed transfer left the sender since.
    const heldFractions = parseTokenAmount(held, { symbol: 'GAS', decimals: 8 });
    expect((await chainJson<ChainStatusJson>(dev, ['status'])).value.accounts[0]!.gas).toBe(gasText(heldFractions - (await feesOf(dev, faultJson.value.hash))));

    // --no-wait: back at once with the hash, "pending"; it lands by itself.
    const quick = await chain(dev, ['transfer', receiver!.address, '0.25', '--no-wait']);
    expect(quick.exitCode, quick.stderr).toBe(0);
    expect(quick.stdout).toMatch(/^0x[0-9a-f]{64} pending: 0\.25 GAS from /);
    expect(quick.stderr).toContain('pending until the next block (a block every 0.2 s): see it with "neosl chain tx 0x');
    const quickJson = await chainJson<TransferJson>(dev, ['transfer', receiver!.address, '0.25', '--no-wait']);
    expect(quickJson.value).toMatchObject({ state: 'pending', amount: '0.25' });
    expect(quickJson.value).not.toHaveProperty('blockIndex');
    await until(async () => ((await chainJson<{ applicationLog: unknown }>(dev, ['tx', quickJson.value.hash])).value.applicationLog !== null ? true : undefined), 'the --no-wait transfer to land');

    // chain tx: the HALTed transfer, then the FAULTed one, read with or without 0x.
    const shown = await chain(dev, ['tx', hash]);
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`transaction ${hash}\n  block          #${halted![2]} 0x`);
    expect(shown.stdout).toContain(`  sender         ${sender!.address}`);
    expect(shown.stdout).toMatch(/ {2}fees {11}0\.\d+ GAS system, 0\.\d+ GAS network/);
    expect(shown.stdout).toContain(`  script         GAS.transfer(${sender!.address}, ${receiver!.address}, 1.5 GAS, null), asserted`);
    expect(shown.stdout).toContain('  vmstate        HALT');
    expect(shown.stdout).toMatch(/ {2}gas consumed {3}0\.\d+ GAS/);
    expect(shown.stdout).toContain(`    GAS Transfer ${sender!.address} → ${receiver!.address}  1.5 GAS`);
    const faulted = await chain(dev, ['tx', faultJson.value.hash.slice(2)]);
    expect(faulted.exitCode, faulted.stderr).toBe(0);
    expect(faulted.stdout).toContain('  vmstate        FAULT');
    expect(faulted.stdout).toContain('  exception      ASSERT is executed with false result.');
    expect(faulted.stdout).toContain('  notifications  none');

    // --json: the node's own shapes, as /_neosl/rpc answers getrawtransaction (verbose) and getapplicationlog.
    const txJson = await chainJson<{ transaction: Record<string, unknown>; applicationLog: unknown }>(dev, ['tx', hash]);
    const { confirmations: _c1, ...transaction } = txJson.value.transaction;
    const { confirmations: _c2, ...rawTransaction } = (await rpc(dev, 'getrawtransaction', [hash, true])).result as Record<string, unknown>;
    expect(transaction).toEqual(rawTransaction);
    expect(txJson.value.applicationLog).toEqual((await rpc(dev, 'getapplicationlog', [hash])).result);

    // Unknown and malformed hashes.
    const unknown = await chain(dev, ['tx', `0x${'ab'.repeat(32)}`]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain(`no transaction 0x${'ab'.repeat(32)} on the chain of ${dev.url}`);
    const malformed = await chain(dev, ['tx', '0x1234']);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain('transaction hash "0x1234": it has 4 hex digits, not 64');

    // Amounts that are not token units are usage errors naming the argument and the decimals.
    for (const [args, message] of [
      [['1.5', '--asset', 'NEO'], '<amount> "1.5": NEO is indivisible (0 decimals)'],
      [['1.123456789'], '<amount> "1.123456789" has 9 decimal places: GAS has 8 decimals'],
      [['-1'], '<amount> "-1" is negative'],
      [['0'], '<amount> "0" is zero'],
      [['1e8'], '<amount> "1e8" is not a number'],
      [['1', '--asset', 'BTC'], '--asset "BTC": expected NEO, GAS or a NEP-17 contract hash'],
    ] as const) {
      const refused = await chain(dev, ['transfer', receiver!.address, ...args]);
      expect(refused.exitCode, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(message);
    }
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  }, 120_000);

  it('with blockInterval: manual a transfer does not wait: it says to mine; a NEP-17 token is counted in its own decimals', async () => {
    const token = '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd';
    const dev = await startDev(
      chainProject(
        'manual',
        `    "${token}":\n      decimals: [{ type: Integer, value: "2" }]\n      symbol: [{ type: ByteString, value: "VEtO" }]\n      transfer: [{ type: Boolean, value: true }]\n`,
      ),
    );
    const status = await chain(dev, ['status']);
    expect(status.stdout).toContain('blocks only when mined ("neosl chain mine")');
    const receiver = (await chainJson<ChainStatusJson>(dev, ['status'])).value.accounts[1]!.address;

    const started = Date.now();
    const sent = await chain(dev, ['transfer', receiver, '1.5']);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sent.stdout).toMatch(/^0x[0-9a-f]{64} pending: 1\.5 GAS from /);
    expect(sent.stderr).toContain('pending until the next block: run "neosl chain mine"');
    const hash = /^(0x[0-9a-f]{64})/.exec(sent.stdout)![1]!;
    const pending = await chain(dev, ['tx', hash]);
    expect(pending.stdout).toContain('  block          pending in the mempool');
    expect((await chainJson<{ applicationLog: unknown }>(dev, ['tx', hash])).value.applicationLog).toBeNull();
    expect((await chain(dev, ['mine'])).exitCode).toBe(0);
    expect((await chain(dev, ['tx', hash])).stdout).toContain('  vmstate        HALT');

    // The token's decimals (2) and symbol come from the chain.
    const tokenSent = await chainJson<TransferJson>(dev, ['transfer', receiver, '1.5', '--asset', token]);
    expect(tokenSent.exitCode, tokenSent.stderr).toBe(0);
    expect(tokenSent.value).toMatchObject({ asset: token, assetHash: token, amount: '1.5', state: 'pending' });
    await chain(dev, ['mine']);
    expect((await chain(dev, ['tx', tokenSent.value.hash])).stdout).toContain(`  script         TKN.transfer(`);
    expect((await chain(dev, ['tx', tokenSent.value.hash])).stdout).toContain(`, ${receiver}, 1.5 TKN, null), asserted`);
    const tooFine = await chain(dev, ['transfer', receiver, '1.234', '--asset', token]);
    expect(tooFine.exitCode).toBe(2);
    expect(tooFine.stderr).toContain('<amount> "1.234" has 3 decimal places: TKN has 2 decimals');
    // A contract that answers no decimals: said so, with the fix.
    const unknownToken = await chain(dev, ['transfer', receiver, '1', '--asset', '0x1234567890abcdef1234567890abcdef12345678']);
    expect(unknownToken.exitCode).toBe(1);
    expect(unknownToken.stderr).toContain('the decimals of 0x1234567890abcdef1234567890abcdef12345678 are unknown');
    expect(unknownToken.stderr).toContain('blockchain.contracts');
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  }, 120_000);

  it('a transfer that does not land within one block interval and 10 s is reported still pending (exit 1), not waited for forever', async () => {
    // An emulator whose chain says it mines every 100 ms but never includes the transfer.
    const sender = 'NVQRoNGZTCmmepaqZUfXxcb6jSQTdVB3w1';
    const hash = `0x${'cd'.repeat(32)}`;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.url === '/_neosl/chain') {
          return json({ kind: 'in-process', height: 1, bestBlock: { index: 0, hash, time: 0, transactions: 0 }, blockIntervalMs: 100, accounts: [{ address: sender, neo: '100', gas: '100000000000' }] });
        }
        if (req.url === '/_neosl/chain/transfer') return json({ hash, status: 'pending', from: sender });
        const call = JSON.parse(body) as { id: number; method: string };
        if (call.method === 'getrawtransaction') return json({ jsonrpc: '2.0', id: call.id, result: { hash, sender, sysfee: '0', netfee: '0', validuntilblock: 1, script: '' } });
        json({ jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const started = Date.now();
      const [text, json] = await Promise.all([
        spawnNeosl(['chain', 'transfer', 'NaduazyK7WbQxTUwNRyRpREDZARcFpysfi', '1', '--url', url]),
        spawnNeosl(['chain', 'transfer', 'NaduazyK7WbQxTUwNRyRpREDZARcFpysfi', '1', '--url', url, '--json']),
      ]);
      expect(Date.now() - started).toBeLessThan(25_000);
      expect(text.exitCode).toBe(1);
      expect(text.stderr).toContain(`transaction ${hash} (1 GAS from ${sender} to NaduazyK7WbQxTUwNRyRpREDZARcFpysfi) is still pending after 10 s, although the chain mines a block every 0.1 s`);
      expect(text.stderr).toContain(`neosl chain tx ${hash}`);
      expect(json.exitCode).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ hash, state: 'pending', amount: '1' });
    } finally {
      server.close();
    }
  }, 60_000);

  it('serves the chain to an outside client (neon-js) at /_neosl/rpc, and a second emulator runs its triggers from it as from a real node', async () => {
    const node = await startDev(copyFixture(fixture));
    const client = new neonRpc.RPCClient(`${node.url}/_neosl/rpc`);
    expect(await client.getBlockCount()).toBe(1);
    const genesis = await client.getBlock(0, true);
    expect(genesis.index).toBe(0);
    expect(genesis.hash).toMatch(/^0x[0-9a-f]{64}$/);
    const symbol = await client.invokeFunction(GAS, 'symbol');
    expect(symbol.state).toBe('HALT');
    expect(u.base642utf8(symbol.stack[0]!.value as string)).toBe('GAS');
    const status = JSON.parse((await spawnNeosl(['chain', 'status', '--url', node.url, '--json'])).stdout) as ChainStatusJson;
    const balances = await client.getNep17Balances(status.accounts[0]!.address);
    expect(status.accounts[0]!.gas).toBe('1000');
    expect(balances.balance.find((entry) => entry.assethash === GAS)?.amount).toBe('100000000000');

    // The same project pointed at the first emulator as its node: new blocks are found by polling.
    const follower = copyFixture(fixture);
    const yamlFile = join(follower, 'neosl.yaml');
    writeFileSync(yamlFile, readFileSync(yamlFile, 'utf8').replace('blockInterval: 1h', `rpcUrl: ${node.url}/_neosl/rpc\n  blockInterval: 200ms`));
    const dev = await startDev(follower);
    const notLocal = await chain(dev, ['mine']);
    expect(notLocal.exitCode).toBe(1);
    expect(notLocal.stderr).toContain('only the in-process chain can be mined');
    const notSent = await chain(dev, ['transfer', status.accounts[1]!.address, '1']);
    expect(notSent.exitCode).toBe(1);
    expect(notSent.stderr).toContain('only the in-process chain can be sent transfers');
    const receiver = status.accounts[1]!.address;
    expect((await chain(node, ['transfer', receiver, '0.00000005'])).exitCode).toBe(0);
    expect((await chain(node, ['mine'])).exitCode).toBe(0);
    await until(() => (dev.stderr().includes(`EVENT Transfer ${GAS} 200`) ? true : undefined), 'the Transfer trigger on the follower');
    await until(() => (/BLOCK #1 200/.test(dev.stderr()) ? true : undefined), 'the block trigger on the follower');
    expect(count(dev.stderr(), /\[onNeoTransfer\] INFO/)).toBe(0);
    expect(dev.stderr()).toMatch(/\[onGasTransfer\] INFO +transfer \{.*"amount":"5","block":1\}/);
    for (const running of [dev, node]) {
      running.child.kill('SIGINT');
      expect(await running.exited).toBe(0);
    }
  }, 60_000);

  it('takes JSON-RPC as a node does: GET with the call in the query, no jsonrpc needed, params by name refused, CORS for GET and POST', async () => {
    const node = await startDev(copyFixture(fixture));
    const get = await fetch(`${node.url}/_neosl/rpc?method=getblockcount&params=${encodeURIComponent('[]')}&id=1`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ jsonrpc: '2.0', id: '1', result: 1 });
    const post = async (body: unknown) => (await fetch(`${node.url}/_neosl/rpc`, { method: 'POST', body: JSON.stringify(body) })).json();
    expect(await post({ id: 2, method: 'getblockcount' })).toEqual({ jsonrpc: '2.0', id: 2, result: 1 });
    expect(await post({ id: 3, method: 'getblockhash', params: [0, 'ignored'] })).toMatchObject({ id: 3, result: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(await post({ id: 4, method: 'getblock', params: { indexOrHash: 0 } })).toMatchObject({ id: 4, error: { code: -32600, message: expect.stringMatching(/^Invalid request - .*params by name/) } });

    const origin = 'https://dapp.example.com';
    const preflight = await fetch(`${node.url}/_neosl/rpc`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const fromPage = await fetch(`${node.url}/_neosl/rpc?method=getblockcount&params=W10%3D&id=5`, { headers: { origin } });
    expect(fromPage.headers.get('access-control-allow-origin')).toBe('*');
    expect(await fromPage.json()).toEqual({ jsonrpc: '2.0', id: '5', result: 1 });
    node.child.kill('SIGINT');
    expect(await node.exited).toBe(0);
  }, 30_000);

  it('the blockchain template records each new block of the in-process chain, and neon-js sees the same blocks at /_neosl/rpc', async () => {
    const project = join(makeTempDir('neosl-chain-template-'), 'watch');
    const init = await spawnNeosl(['init', project, '--template', 'blockchain', '--no-install']);
    expect(init.exitCode, init.stderr).toBe(0);
    const dev = await startDev(project);
    const recorded = await until(() => /Block recorded \{"index":2,"hash":"(0x[0-9a-f]{64})","txCount":0\}/.exec(dev.stderr())?.[1], 'the template function on block 2');
    expect(dev.stderr()).toMatch(/BLOCK #2 200/);
    const client = new neonRpc.RPCClient(`${dev.url}/_neosl/rpc`);
    expect((await client.getBlock(2, true)).hash).toBe(recorded);
    expect(await client.getBlockCount()).toBeGreaterThanOrEqual(3);
    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
  });
});
