// The chain a project's functions see: the in-process chain saved to a file and read back, a state
// file that cannot be read kept aside (never overwritten), and neosl.yaml's contract answers.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChainHost } from '../../../src/backends/chain/chain-host.js';
import { makeTempDir, removeTempDirs } from '../../helpers/temp-dir.js';

afterAll(removeTempDirs);

const quiet = { onBlock: () => undefined };

describe('chain host', () => {
  it('keeps blocks and balances across hosts through its state file', async () => {
    const stateFile = join(makeTempDir('neosl-chain-'), 'state', 'chain.json');
    const first = startChainHost({ ...quiet, stateFile, onError: (message) => expect.fail(message) });
    const [, receiver] = first.local!.accounts;
    await first.blockchain.transfer({ to: receiver!, amount: 5, asset: 'GAS' });
    await first.local!.mineBlock();
    await first.local!.mineBlock();
    await first.close();

    const second = startChainHost({ ...quiet, stateFile, onError: (message) => expect.fail(message) });
    expect(await second.blockchain.getBlockCount()).toBe(3);
    const { balance } = await second.blockchain.getNep17Balances(receiver!);
    expect(balance.find((entry) => entry.assethash === '0xd2a4cff31913016155e38e474a2c06d08be276cf')?.amount).toBe('100000000005');
    await second.close();
  });

  it('moves a state file it cannot read aside, says so, and starts from genesis', async () => {
    const dir = makeTempDir('neosl-chain-');
    const stateFile = join(dir, 'chain.json');
    writeFileSync(stateFile, '{"format":"neosl-chain", truncated');
    const errors: string[] = [];
    const host = startChainHost({ ...quiet, stateFile, onError: (message) => errors.push(message) });
    expect(await host.blockchain.getBlockCount()).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/the saved chain state could not be read .*moved to .*chain\.json\.unreadable-\d+.*starts from genesis/);
    expect(readdirSync(dir).some((name) => name.startsWith('chain.json.unreadable-'))).toBe(true);
    await host.close();
    expect(existsSync(stateFile)).toBe(true);
  });

  it('answers invocations with the contract answers it is given', async () => {
    const host = startChainHost({
      ...quiet,
      onError: (message) => expect.fail(message),
      contracts: { '0x1234567890abcdef1234567890abcdef12345678': { getPrice: [{ type: 'Integer', value: '4200' }], pause: { state: 'FAULT', exception: 'paused' } } },
    });
    expect(await host.blockchain.invokeFunction('0x1234567890abcdef1234567890abcdef12345678', 'getPrice')).toMatchObject({ state: 'HALT', stack: [{ type: 'Integer', value: '4200' }] });
    expect(await host.blockchain.invokeFunction('0x1234567890abcdef1234567890abcdef12345678', 'pause')).toMatchObject({ state: 'FAULT', exception: 'paused' });
    await host.close();
  });
});
