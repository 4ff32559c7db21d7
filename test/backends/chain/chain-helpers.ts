import { expect } from 'vitest';
import type { LocalChainOptions } from '../../../src/backends/chain/local-chain.js';
import { createLocalChain } from '../../../src/backends/chain/local-chain.js';
import { RpcError } from '../../../src/backends/chain/rpc-error.js';

export const NEO = '0xef4073a0f2b305a38ec4050e4d3d28bc40ea63f5';
export const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';

/** A chain whose clock only moves when told to (deterministic block times). */
export function testChain(options: LocalChainOptions = {}) {
  let time = 1_700_000_000_000;
  const chain = createLocalChain({ now: () => time, ...options });
  return Object.assign(chain, {
    advance(ms: number) {
      time += ms;
    },
  });
}

export async function rpcError(promise: Promise<unknown> | (() => unknown), code: number): Promise<RpcError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    error = e;
  }
  expect(error, 'expected an RpcError').toBeInstanceOf(RpcError);
  expect((error as RpcError).code).toBe(code);
  return error as RpcError;
}

export async function balanceOf(chain: ReturnType<typeof testChain>, address: string, asset: string): Promise<string> {
  const balances = await chain.blockchain.getNep17Balances(address);
  return balances.balance.find((b) => b.assethash === asset)?.amount ?? '0';
}

/** A little-endian base64 Hash160 stack item back to its 0x script hash. */
export function hashFromItem(base64: string): string {
  return '0x' + Buffer.from(base64, 'base64').reverse().toString('hex');
}
