import { describe, expect, it } from 'vitest';
import {
  addressToScriptHash,
  isValidAddress,
  parseAccount,
  scriptHashFromBytes,
  scriptHashToAddress,
} from '../../../src/backends/chain/address.js';
import { accountFromKeyPair, keyPairFromPrivateKey } from '../../../src/backends/chain/keys.js';
import { RpcError } from '../../../src/backends/chain/rpc-error.js';

// Public vectors: native contract addresses as explorers and SDKs list them, neon-js's core test
// accounts, and the Neo docs' exchange guide (addresses with their little-endian stack-item bytes).
const CONTRACTS: [string, string][] = [
  ['0xef4073a0f2b305a38ec4050e4d3d28bc40ea63f5', 'NiHURyS83nX2mpxtA7xq84cGxVbHojj5Wc'], // NEO
  ['0xd2a4cff31913016155e38e474a2c06d08be276cf', 'NepwUjd9GhqgNkrfXaxj9mmsFhFzGoFuWM'], // GAS
  ['0xcc5e4edd9f5f8dba8bb65734541df7a1c081c67b', 'NXCS6rAgYY2ofNJiZFinQrKkffub6RYfcd'], // PolicyContract
  ['0x762f8a2bf0e8673c64cc608ba69b9c2a946a188f', 'NYxb4fSZVKAz8YsgaPK2WkT3KcAE9b3Vag'],
];

const NEON_JS_ACCOUNTS = [
  {
    privateKey: '7d128a6d096f0c14c3a25a2b0c41cf79661bfcb4a8cc95aaaea28bde4d732344',
    publicKey: '02028a99826edc0c97d18e22b6932373d908d323aa7f92656a77ec26e8861699ef',
    scriptHash: '0xa7cbfee3f01f89d58c042644b0b6df2d59a6eb26',
    address: 'NPTmAHDxo6Pkyic8Nvu3kwyXoYJCvcCB6i',
  },
  {
    privateKey: '9ab7e154840daca3a2efadaf0df93cd3a5b51768c632f5433f86909d9b994a69',
    publicKey: '031d8e1630ce640966967bc6d95223d21f44304133003140c3b52004dc981349c9',
    scriptHash: '0x118ba6f59931a56ec469770f7fc790ece96df00d',
    address: 'NMBfzaEq2c5zodiNbLPoohVENARMbJim1r',
  },
];

function rpcError(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected an RpcError');
}

describe('address ↔ script hash', () => {
  it.each(CONTRACTS)('%s ↔ %s', (hash, address) => {
    expect(scriptHashToAddress(hash)).toBe(address);
    expect(addressToScriptHash(address)).toBe(hash);
    expect(isValidAddress(address)).toBe(true);
  });

  it('accepts a script hash without 0x or in upper case (big-endian either way)', () => {
    expect(scriptHashToAddress('EF4073A0F2B305A38EC4050E4D3D28BC40EA63F5')).toBe('NiHURyS83nX2mpxtA7xq84cGxVbHojj5Wc');
  });

  it.each(NEON_JS_ACCOUNTS)('derives neon-js account $address from its private key', (vector) => {
    const account = accountFromKeyPair(keyPairFromPrivateKey(Buffer.from(vector.privateKey, 'hex')));
    expect(account.publicKey).toBe(vector.publicKey);
    expect(account.scriptHash).toBe(vector.scriptHash);
    expect(account.address).toBe(vector.address);
  });

  it('reads little-endian stack-item bytes as the big-endian script hash (Neo docs exchange guide)', () => {
    const from = scriptHashFromBytes(Buffer.from('uXtKzX+CD2HS1NT5rqXrUEmN31U=', 'base64'));
    const to = scriptHashFromBytes(Buffer.from('7ztGBn8vR7L38EQqojcghdCHCO8=', 'base64'));
    expect(from).toBe('0x55df8d4950eba5aef9d4d4d2610f827fcd4a7bb9');
    expect(scriptHashToAddress(from)).toBe('NcphtjgTye3c3ZL5J5nDZhsf3UJMGAjd7o');
    expect(scriptHashToAddress(to)).toBe('Nhiuh11SHF4n9FE6G5LuFHHYc7Lgws9U1z');
    expect(scriptHashFromBytes(Buffer.from('z3bii9AGLEpHjuNVYQETGfPPpNI=', 'base64'))).toBe('0xd2a4cff31913016155e38e474a2c06d08be276cf');
  });
});

describe('validation', () => {
  it('rejects a mistyped address with a checksum error naming the expected form', () => {
    const mistyped = 'NiHURyS83nX2mpxtA7xq84cGxVbHojj5Wd';
    expect(isValidAddress(mistyped)).toBe(false);
    const error = rpcError(() => addressToScriptHash(mistyped));
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/^Invalid params - Invalid address "NiHURyS83nX2mpxtA7xq84cGxVbHojj5Wd": checksum mismatch/);
    expect(error.message).toContain("34 base58 characters starting with 'N'");
  });

  it('says which character is not base58', () => {
    expect(rpcError(() => addressToScriptHash('NiHURyS83nX2mpxtA7xq84cGxVbHojj5W0')).message).toContain("'0' at position 34 is not a base58 character");
  });

  it('recognises a Neo Legacy address by its version byte', () => {
    expect(rpcError(() => addressToScriptHash('ALq7AWrhAueN6mJNqk6FHJjnsEoPRytLdW')).message).toContain(
      "version byte is 0x17, not Neo N3's 0x35 (a Neo Legacy address?)",
    );
  });

  it('tells a script hash passed as an address apart', () => {
    expect(rpcError(() => addressToScriptHash('0xd2a4cff31913016155e38e474a2c06d08be276cf')).message).toContain('that is a script hash, not an address');
  });

  it('rejects malformed script hashes naming the 0x + 40 hex form', () => {
    for (const bad of ['0x1234', 'xyz', '0xd2a4cff31913016155e38e474a2c06d08be276cg']) {
      const error = rpcError(() => scriptHashToAddress(bad));
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('0x followed by 40 hex digits');
    }
  });

  it('parseAccount takes an address or a script hash', () => {
    expect(parseAccount('NepwUjd9GhqgNkrfXaxj9mmsFhFzGoFuWM')).toBe('0xd2a4cff31913016155e38e474a2c06d08be276cf');
    expect(parseAccount('d2a4cff31913016155e38e474a2c06d08be276cf')).toBe('0xd2a4cff31913016155e38e474a2c06d08be276cf');
    expect(rpcError(() => parseAccount(42, 'recipient')).message).toContain('Invalid recipient 42: expected a string');
  });
});
