import { describe, expect, it } from 'vitest';
import { decodeNotificationState, decodeStackItem } from '../../../src/backends/chain/decode-stack-item.js';
import { GAS_TOKEN, NEF_MAGIC, nativeContractState, nativeScript, nefChecksum } from '../../../src/backends/chain/native-contracts.js';
import { bigIntToBytes, bytesToBigInt, ScriptBuilder } from '../../../src/backends/chain/script-builder.js';
import { blockHash, blockSize, merkleRoot, ZERO_HASH } from '../../../src/backends/chain/serialization.js';
import { hash160Item } from '../../../src/backends/chain/stack-item.js';

const GAS = '0xd2a4cff31913016155e38e474a2c06d08be276cf';

describe('block headers', () => {
  it('hashes the Neo N3 MainNet genesis header to its known hash', () => {
    // Every N3 genesis: 2016-07-15T15:08:21Z, nonce 2083236893; MainNet's next consensus is its standby validators' BFT address.
    const header = {
      version: 0,
      previousblockhash: ZERO_HASH,
      merkleroot: ZERO_HASH,
      time: 1468595301000,
      nonce: '000000007C2BAC1D',
      index: 0,
      primary: 0,
      nextconsensus: 'NVg7LjGcUSrgxgjX3zEgqaksfMaiS8Z6e1',
    };
    expect(blockHash(header)).toBe('0x1f4d1defa46faa5e7b9b8d3f79a06bec777d7c26c4aa5f6f5899a291daa87c15');
    expect(blockSize([{ invocation: '', verification: 'EQ==' }], [])).toBe(114);
  });

  it('computes the Merkle root: zero when empty, the hash itself for one transaction, Hash256 of pairs above', () => {
    const a = '0x' + '11'.repeat(32);
    const b = '0x' + '22'.repeat(32);
    expect(merkleRoot([])).toBe(ZERO_HASH);
    expect(merkleRoot([a])).toBe(a);
    expect(merkleRoot([a, b])).not.toBe(merkleRoot([b, a]));
    expect(merkleRoot([a, b, a])).not.toBe(merkleRoot([a, b]));
  });
});

describe('scripts', () => {
  // Scripts a real node returned for invokefunction on GAS (Neo docs, exchange guide).
  it('builds the same invokefunction scripts as a node', () => {
    expect(new ScriptBuilder().dynamicCall(GAS, 'symbol', []).toBuffer().toString('base64')).toBe('wh8MBnN5bWJvbAwUz3bii9AGLEpHjuNVYQETGfPPpNJBYn1bUg==');
    expect(new ScriptBuilder().dynamicCall(GAS, 'decimals', []).toBuffer().toString('base64')).toBe('wh8MCGRlY2ltYWxzDBTPduKL0AYsSkeO41VhARMZ88+k0kFifVtS');
    expect(
      new ScriptBuilder().dynamicCall(GAS, 'balanceOf', [hash160Item('0x762f8a2bf0e8673c64cc608ba69b9c2a946a188f')]).toBuffer().toString('base64'),
    ).toBe('DBSPGGqUKpybpotgzGQ8Z+jwK4ovdhHAHwwJYmFsYW5jZU9mDBTPduKL0AYsSkeO41VhARMZ88+k0kFifVtS');
  });

  it('pushes integers with the smallest PUSHINT, two\'s complement', () => {
    const push = (n: bigint) => new ScriptBuilder().pushInteger(n).toBuffer().toString('hex');
    expect(push(-1n)).toBe('0f');
    expect(push(16n)).toBe('20');
    expect(push(17n)).toBe('0011');
    expect(push(128n)).toBe('018000');
    expect(push(-129n)).toBe('017fff');
    expect(push(100000000n)).toBe('0200e1f505');
    for (const n of [0n, 1n, 127n, 128n, 255n, -128n, -129n, 2n ** 64n, -(2n ** 63n)]) expect(bytesToBigInt(bigIntToBytes(n))).toBe(n);
  });
});

describe('native contracts', () => {
  it('computes NEF checksums equal to the published ones', () => {
    const checksum = (methods: number) => nefChecksum({ magic: NEF_MAGIC, compiler: 'neo-core-v3.0', source: '', script: nativeScript(methods) });
    expect(nativeContractState(GAS_TOKEN).nef.checksum).toBe(2663858513); // GasToken (5 methods)
    expect(nativeContractState(GAS_TOKEN).nef.script).toBe('EEEa93tnQBBBGvd7Z0AQQRr3e2dAEEEa93tnQBBBGvd7Z0A=');
    expect(checksum(8)).toBe(1110259869); // LedgerContract
    expect(checksum(21)).toBe(1991619121); // NeoToken with 21 methods (Neo 3.8)
  });
});

describe('decodeStackItem', () => {
  it('decodes a Transfer notification state to plain values', () => {
    const state = {
      type: 'Array' as const,
      value: [
        { type: 'ByteString' as const, value: 'uXtKzX+CD2HS1NT5rqXrUEmN31U=' },
        { type: 'Any' as const },
        { type: 'Integer' as const, value: '800000000000' },
      ],
    };
    expect(decodeNotificationState(state)).toEqual(['0x55df8d4950eba5aef9d4d4d2610f827fcd4a7bb9', null, '800000000000']);
  });

  it('gives text for printable byte strings and hex for other bytes', () => {
    expect(decodeStackItem({ type: 'ByteString', value: 'R0FT' })).toBe('GAS');
    expect(decodeStackItem({ type: 'ByteString', value: Buffer.from([0, 1, 0xff]).toString('base64') })).toBe('0001ff');
    expect(decodeStackItem({ type: 'Boolean', value: true })).toBe(true);
    expect(decodeStackItem({ type: 'Integer', value: '123456789012345678901234567890' })).toBe('123456789012345678901234567890');
    expect(
      decodeStackItem({
        type: 'Map',
        value: [{ key: { type: 'ByteString', value: 'bmFtZQ==' }, value: { type: 'Struct', value: [{ type: 'Integer', value: '1' }] } }],
      }),
    ).toEqual({ name: ['1'] });
  });
});
