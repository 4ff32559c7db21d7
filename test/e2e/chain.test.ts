// The chain of `neosl dev`, driven as a user would: `neosl chain` against a running emulator on the
// chain fixture (blocks on demand). Block and Transfer triggers, /_neosl/rpc, state across a restart,
// `neosl invoke` on the same saved chain, and the errors of bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rpc as neonRpc, u } from '@cityofzion/neon-js';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, killDevProcesses, startDev, until, type Dev } from '../helpers/dev-process.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/chain-project', import.meta.url));
const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

const chain = (dev: Dev, args: string[]) => spawnNeosl(['chain', ...args, '--url', dev.url]);
const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

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

    const status = JSON.parse((await spawnNeosl(['chain', 'status', '--url', dev.url, '--json'])).stdout) as { height: number; accounts: { address: string; gas: string }[] };
    expect(status.height).toBe(3);
    const [sender, receiver] = status.accounts;
    const sent = await chain(dev, ['transfer', receiver!.address, '100000000']);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^0x[0-9a-f]{64} pending: 100000000 GAS to /);
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
    expect(balances.balance.find((entry) => entry.assethash === GAS)?.amount).toBe(String(BigInt(sender!.gas) - 100_000_000n));

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
  });

  it('a transfer over the balance lands as a FAULT and moves nothing; bad addresses and a missing emulator are clear errors', async () => {
    const dev = await startDev(copyFixture(fixture));
    const before = JSON.parse((await spawnNeosl(['chain', 'status', '--url', dev.url, '--json'])).stdout) as { accounts: { address: string; gas: string }[] };
    const [, receiver] = before.accounts;
    const sent = await chain(dev, ['transfer', receiver!.address, '999999999999999999']);
    expect(sent.exitCode).toBe(0);
    const hash = /^(0x[0-9a-f]{64})/.exec(sent.stdout)![1]!;
    await chain(dev, ['mine']);
    const log = (await rpc(dev, 'getapplicationlog', [hash])).result as { executions: { vmstate: string; exception: string | null }[] };
    expect(log.executions[0]).toMatchObject({ vmstate: 'FAULT' });
    // As a Neo N3 node says it: the transfer returned false and the script's ASSERT failed.
    expect(log.executions[0]!.exception).toBe('ASSERT is executed with false result.');
    const after = JSON.parse((await spawnNeosl(['chain', 'status', '--url', dev.url, '--json'])).stdout) as { accounts: { gas: string }[] };
    expect(after.accounts.map((account) => account.gas)).toEqual(before.accounts.map((account) => account.gas));
    expect(count(dev.stderr(), /\[onGasTransfer\] INFO/)).toBe(0);

    const badAddress = await chain(dev, ['transfer', 'nope', '1']);
    expect(badAddress.exitCode).toBe(1);
    expect(badAddress.stderr).toContain('expected a Neo N3 address');
    const badAmount = await chain(dev, ['transfer', receiver!.address, '1.5']);
    expect(badAmount.exitCode).toBe(2);
    expect(badAmount.stderr).toContain("expected a whole number in the asset's smallest unit");

    dev.child.kill('SIGINT');
    expect(await dev.exited).toBe(0);
    const gone = await spawnNeosl(['chain', 'status', '--url', dev.url]);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toContain(`no neosl dev answers at ${dev.url}`);
    expect(gone.stderr).toContain('start it with "neosl dev"');
  });

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
    const status = JSON.parse((await spawnNeosl(['chain', 'status', '--url', node.url, '--json'])).stdout) as { accounts: { address: string; gas: string }[] };
    const balances = await client.getNep17Balances(status.accounts[0]!.address);
    expect(balances.balance.find((entry) => entry.assethash === GAS)?.amount).toBe(status.accounts[0]!.gas);

    // The same project pointed at the first emulator as its node: new blocks are found by polling.
    const follower = copyFixture(fixture);
    const yamlFile = join(follower, 'neosl.yaml');
    writeFileSync(yamlFile, readFileSync(yamlFile, 'utf8').replace('blockInterval: 1h', `rpcUrl: ${node.url}/_neosl/rpc\n  blockInterval: 200ms`));
    const dev = await startDev(follower);
    const notLocal = await chain(dev, ['mine']);
    expect(notLocal.exitCode).toBe(1);
    expect(notLocal.stderr).toContain('only the in-process chain can be mined');
    const receiver = status.accounts[1]!.address;
    expect((await chain(node, ['transfer', receiver, '5'])).exitCode).toBe(0);
    expect((await chain(node, ['mine'])).exitCode).toBe(0);
    await until(() => (dev.stderr().includes(`EVENT Transfer ${GAS} 200`) ? true : undefined), 'the Transfer trigger on the follower');
    await until(() => (/BLOCK #1 200/.test(dev.stderr()) ? true : undefined), 'the block trigger on the follower');
    expect(count(dev.stderr(), /\[onNeoTransfer\] INFO/)).toBe(0);
    expect(dev.stderr()).toMatch(/\[onGasTransfer\] INFO +transfer \{.*"amount":"5","block":1\}/);
    for (const running of [dev, node]) {
      running.child.kill('SIGINT');
      expect(await running.exited).toBe(0);
    }
  });

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
