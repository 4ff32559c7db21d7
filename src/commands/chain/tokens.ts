// Which token an amount is counted in: NEO and GAS are known; any other NEP-17 contract is asked for
// its `decimals` and `symbol` through the chain (a test invocation at /_neosl/rpc).
import type { InvokeResult } from '../../sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../sdk/blockchain-types.js';
import { UsageError, UserError } from '../../errors.js';
import { rpcCall } from './emulator-client.js';
import type { TokenUnits } from './token-amount.js';

export interface Token extends TokenUnits {
  hash: string;
  /** NEO or GAS. */
  native: boolean;
}

export const NATIVE_TOKENS: readonly Token[] = [
  { hash: NEO_HASH, symbol: 'NEO', decimals: 0, native: true },
  { hash: GAS_HASH, symbol: 'GAS', decimals: 8, native: true },
];

const SCRIPT_HASH = /^(?:0x)?[0-9a-fA-F]{40}$/;

export function nativeToken(hash: string): Token | undefined {
  return NATIVE_TOKENS.find((token) => token.hash === hash);
}

/** --asset: NEO, GAS (any case) or a contract hash (0x optional) → the token when native, else its 0x hash. */
export function parseAssetOption(value: string): Token | string {
  const native = NATIVE_TOKENS.find((token) => token.symbol === value.toUpperCase());
  if (native) return native;
  if (SCRIPT_HASH.test(value)) {
    const hash = `0x${value.replace(/^0x/, '').toLowerCase()}`;
    return nativeToken(hash) ?? hash;
  }
  throw new UsageError(`--asset ${JSON.stringify(value)}: expected NEO, GAS or a NEP-17 contract hash (0x followed by 40 hex digits)`, {
    hint: 'e.g. --asset NEO, or --asset 0xd2a4cff31913016155e38e474a2c06d08be276cf',
  });
}

async function testInvoke(base: string, hash: string, operation: string): Promise<InvokeResult> {
  return rpcCall<InvokeResult>(base, 'invokefunction', [hash, operation, []]);
}

/** What the contract's `decimals` and `symbol` answer; undefined (with why) when it is not a NEP-17 token we can read. */
export async function readToken(base: string, hash: string): Promise<Token | { unknown: string }> {
  const known = nativeToken(hash);
  if (known) return known;
  const decimals = await testInvoke(base, hash, 'decimals');
  const item = decimals.stack[0];
  if (decimals.state !== 'HALT' || item?.type !== 'Integer') {
    const why = decimals.state !== 'HALT' ? `its "decimals" call FAULTed${decimals.exception ? ` (${decimals.exception})` : ''}` : `its "decimals" call answered ${item ? `a ${item.type}` : 'nothing'}, not an Integer`;
    return { unknown: why };
  }
  const count = Number(item.value);
  if (!Number.isInteger(count) || count < 0 || count > 255) return { unknown: `its "decimals" call answered ${item.value}, not a number of decimals from 0 to 255` };
  const symbolResult = await testInvoke(base, hash, 'symbol');
  const symbolItem = symbolResult.stack[0];
  const symbol = symbolResult.state === 'HALT' && symbolItem?.type === 'ByteString' ? Buffer.from(symbolItem.value, 'base64').toString('utf8') : '';
  return { hash, symbol: /^[\x21-\x7e]{1,32}$/.test(symbol) ? symbol : hash, decimals: count, native: false };
}

/** The token of --asset, its decimals read through the chain when it is a contract; unknown decimals are an error naming it. */
export async function requireToken(base: string, asset: Token | string): Promise<Token> {
  if (typeof asset !== 'string') return asset;
  const token = await readToken(base, asset);
  if ('unknown' in token) {
    throw new UserError(`the decimals of ${asset} are unknown: ${token.unknown}, so an amount in its units cannot be converted`, {
      code: 'TOKEN_DECIMALS_UNKNOWN',
      hint: `Is ${asset} a NEP-17 contract on this chain? On the in-process chain, declare its answers in neosl.yaml: blockchain.contracts."${asset}": { decimals: [{ type: Integer, value: "8" }] }`,
    });
  }
  return token;
}

/** Best effort, for display: each hash's token, or undefined when it does not answer as one. */
export async function readTokens(base: string, hashes: Iterable<string>): Promise<Map<string, Token>> {
  const tokens = new Map<string, Token>();
  for (const hash of new Set(hashes)) {
    try {
      const token = await readToken(base, hash);
      if (!('unknown' in token)) tokens.set(hash, token);
    } catch {
      // Not a token we can read: shown by its hash, amounts in the smallest unit.
    }
  }
  return tokens;
}
