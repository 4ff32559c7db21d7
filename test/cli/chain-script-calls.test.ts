// `neosl chain tx` shows a transaction's script as the contract calls it makes: read back from the
// bytes the local chain (and wallets) emit, and nothing guessed for other scripts.
import { describe, expect, it } from 'vitest';
import { addressToScriptHash } from '../../src/backends/chain/address.js';
import { ScriptBuilder } from '../../src/backends/chain/script-builder.js';
import { anyItem, hash160Item, integerItem } from '../../src/backends/chain/stack-item.js';
import { callScript } from '../../src/backends/chain/transaction-builder.js';
import { readScriptCalls } from '../../src/commands/chain/script-calls.js';
import { callText } from '../../src/commands/chain/transaction-text.js';
import { NATIVE_TOKENS } from '../../src/commands/chain/tokens.js';
import { GAS_HASH } from '../../src/sdk/blockchain-types.js';

const FROM = 'NVQRoNGZTCmmepaqZUfXxcb6jSQTdVB3w1';
const TO = 'NaduazyK7WbQxTUwNRyRpREDZARcFpysfi';
const tokens = new Map(NATIVE_TOKENS.map((token) => [token.hash, token]));

describe('script calls', () => {
  it('reads a wallet transfer back: token, operation, accounts, amount in token units, the ASSERT', () => {
    const args = [hash160Item(addressToScriptHash(FROM)), hash160Item(addressToScriptHash(TO)), integerItem(150_000_000n), anyItem()];
    const calls = readScriptCalls(callScript({ scriptHash: GAS_HASH, operation: 'transfer', args, assert: true }));
    expect(calls).toHaveLength(1);
    expect(calls![0]).toMatchObject({ contract: GAS_HASH, operation: 'transfer', asserted: true });
    expect(callText(calls![0]!, tokens)).toBe(`GAS.transfer(${FROM}, ${TO}, 1.5 GAS, null), asserted`);
  });

  it('shows an unknown contract by its hash and its arguments as pushed', () => {
    const contract = '0x1234567890abcdef1234567890abcdef12345678';
    const script = new ScriptBuilder().dynamicCall(contract, 'setPrice', [{ type: 'Integer', value: '4200' }, { type: 'ByteString', value: Buffer.from('neo').toString('base64') }, { type: 'Boolean', value: true }]).toBuffer();
    const calls = readScriptCalls(script);
    expect(callText(calls![0]!, tokens)).toBe(`${contract}.setPrice(4200, "neo", true)`);
  });

  it('reports other scripts as unreadable instead of guessing', () => {
    expect(readScriptCalls(Buffer.from([0x11, 0x12, 0x9e]))).toBeUndefined(); // PUSH1 PUSH2 ADD
    expect(readScriptCalls(Buffer.from([0x0c, 0x05, 0x01]))).toBeUndefined(); // a truncated push
    expect(readScriptCalls(Buffer.alloc(0))).toBeUndefined();
  });
});
