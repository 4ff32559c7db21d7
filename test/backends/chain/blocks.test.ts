import { describe, expect, it } from 'vitest';
import { createLocalChain } from '../../../src/backends/chain/local-chain.js';
import { isValidAddress } from '../../../src/backends/chain/address.js';
import { testChain } from './chain-helpers.js';

describe('genesis and determinism', () => {
  it('derives the same accounts and genesis block from the same seed, different ones from another', async () => {
    const a = createLocalChain({ seed: 'alpha' });
    const b = createLocalChain({ seed: 'alpha' });
    const c = createLocalChain({ seed: 'beta' });
    expect(a.accounts).toEqual(b.accounts);
    expect(a.accounts).toHaveLength(10);
    expect(new Set(a.accounts).size).toBe(10);
    expect(a.accounts.every((address) => isValidAddress(address) && address.startsWith('N'))).toBe(true);
    expect(c.accounts[0]).not.toBe(a.accounts[0]);
    const genesisA = await a.blockchain.getBlock(0);
    expect(genesisA.hash).toBe((await b.blockchain.getBlock(0)).hash);
    expect(genesisA.hash).not.toBe((await c.blockchain.getBlock(0)).hash);
    expect(createLocalChain({ seed: 'alpha', accounts: 3 }).accounts).toEqual(a.accounts.slice(0, 3));
  });

  it('builds a genesis block shaped like a node\'s', async () => {
    const chain = testChain();
    const genesis = await chain.blockchain.getBlock(0);
    expect(genesis).toMatchObject({
      index: 0,
      version: 0,
      size: 114,
      previousblockhash: '0x' + '0'.repeat(64),
      merkleroot: '0x' + '0'.repeat(64),
      time: 1468595301000,
      nonce: '000000007C2BAC1D',
      primary: 0,
      witnesses: [{ invocation: '', verification: 'EQ==' }],
      tx: [],
      confirmations: 1,
    });
    expect(genesis.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(isValidAddress(genesis.nextconsensus)).toBe(true);
    expect(genesis).not.toHaveProperty('nextblockhash');
    expect(await chain.blockchain.getBlockCount()).toBe(1);
    expect(chain.height()).toBe(0);
  });

  it('replays the same transactions into identical blocks', async () => {
    const run = async () => {
      const chain = testChain({ seed: 'replay' });
      await chain.blockchain.transfer({ to: chain.accounts[1]!, amount: 5, asset: 'NEO' });
      chain.advance(15_000);
      const block = await chain.mineBlock();
      return { hash: block.hash, tx: block.tx.map((t) => t.hash) };
    };
    expect(await run()).toEqual(await run());
  });
});

describe('blocks', () => {
  it('links blocks by previousblockhash / nextblockhash, with unique hashes and rising times', async () => {
    const chain = testChain();
    const mined = [];
    for (let i = 0; i < 3; i++) mined.push(await chain.mineBlock()); // the clock does not move: times still rise
    expect(mined.map((b) => b.index)).toEqual([1, 2, 3]);
    expect(await chain.blockchain.getBlockCount()).toBe(4);
    const blocks = await Promise.all([0, 1, 2, 3].map((i) => chain.blockchain.getBlock(i)));
    expect(new Set(blocks.map((b) => b.hash)).size).toBe(4);
    for (let i = 1; i < 4; i++) {
      expect(blocks[i]!.previousblockhash).toBe(blocks[i - 1]!.hash);
      expect(blocks[i - 1]!.nextblockhash).toBe(blocks[i]!.hash);
      expect(blocks[i]!.time).toBeGreaterThan(blocks[i - 1]!.time);
      expect(blocks[i]!.confirmations).toBe(4 - i);
      expect(blocks[i]!.nonce).toMatch(/^[0-9A-F]{16}$/);
      expect(blocks[i]!.merkleroot).toBe('0x' + '0'.repeat(64));
      expect(blocks[i]!.witnesses[0]!.invocation).not.toBe('');
    }
    expect(blocks[3]).not.toHaveProperty('nextblockhash');
    expect(await chain.blockchain.getBestBlockHash()).toBe(blocks[3]!.hash);
    expect(await chain.blockchain.getBlock(blocks[2]!.hash)).toEqual(blocks[2]);
    expect(await chain.blockchain.getBlock(blocks[2]!.hash.slice(2).toUpperCase())).toEqual(blocks[2]);
    expect(await chain.blockchain.getBlock('2')).toEqual(blocks[2]);
  });

  it('uses the clock for block times', async () => {
    const chain = testChain();
    chain.advance(1234);
    expect((await chain.mineBlock()).time).toBe(1_700_000_001_234);
  });

  it('answers getApplicationLog for a block hash with its OnPersist and PostPersist executions', async () => {
    const chain = testChain({ accounts: 1 });
    const genesis = await chain.blockchain.getBlock(0);
    const log = await chain.blockchain.getApplicationLog(genesis.hash);
    expect(log.blockhash).toBe(genesis.hash);
    expect(log.executions.map((e) => e.trigger)).toEqual(['OnPersist', 'PostPersist']);
    // The seeded balances appear as mints (from null) in the genesis block.
    expect(log.executions[0]!.notifications.map((n) => [n.contract, n.eventname, n.state.type])).toEqual([
      ['0xef4073a0f2b305a38ec4050e4d3d28bc40ea63f5', 'Transfer', 'Array'],
      ['0xd2a4cff31913016155e38e474a2c06d08be276cf', 'Transfer', 'Array'],
    ]);
  });

  it('reports the protocol in getVersion', async () => {
    const chain = createLocalChain({ network: 1234567, blockIntervalMs: 1000 });
    const version = await chain.blockchain.getVersion();
    expect(version.protocol).toMatchObject({ addressversion: 53, network: 1234567, msperblock: 1000, maxvaliduntilblockincrement: 5760 });
    expect((await createLocalChain().blockchain.getVersion()).protocol.msperblock).toBe(15000);
  });
});

describe('listeners and auto-mining', () => {
  it('tells block listeners about each new block with its logs, until unsubscribed', async () => {
    const chain = testChain();
    const seen: [number, number][] = [];
    const off = chain.onBlock((block, logs) => void seen.push([block.index, logs.length]));
    await chain.blockchain.transfer({ to: chain.accounts[2]!, amount: 1, asset: 'GAS' });
    await chain.mineBlock();
    off();
    await chain.mineBlock();
    expect(seen).toEqual([[1, 1]]);
  });

  it('keeps mining when a listener throws', async () => {
    const chain = testChain();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    chain.onBlock(() => {
      throw new Error('listener broke');
    });
    await chain.mineBlock();
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(chain.height()).toBe(1);
    expect(warnings.some((w) => w.includes('listener broke'))).toBe(true);
  });

  it('mines on a timer after start() and stops on close()', async () => {
    const chain = createLocalChain({ blockIntervalMs: 10 });
    chain.start();
    chain.start();
    await new Promise((r) => setTimeout(r, 80));
    chain.close();
    const height = chain.height();
    expect(height).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 40));
    expect(chain.height()).toBe(height);
  });

  it('does nothing on start() without blockIntervalMs', async () => {
    const chain = createLocalChain();
    chain.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(chain.height()).toBe(0);
    chain.close();
  });
});
