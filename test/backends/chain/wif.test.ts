// The WIF of a private key (Base58Check of 0x80 ‖ key ‖ 0x01), as `neosl chain accounts` shows the
// seeded accounts' keys: known vectors, and the same answer as neon-js for every seeded account.
import { wallet as neonWallet } from '@cityofzion/neon-js';
import { describe, expect, it } from 'vitest';
import { deriveAccounts } from '../../../src/backends/chain/keys.js';
import { privateKeyFromWif, signingAccountFromWif, wifFromPrivateKey } from '../../../src/backends/chain/rpc/signing-key.js';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('wifFromPrivateKey', () => {
  it.each([
    // neon-js' own test account (its README and test suite).
    ['7d128a6d096f0c14c3a25a2b0c41cf79661bfcb4a8cc95aaaea28bde4d732344', 'L1QqQJnpBwbsPGAuutuzPTac8piqvbR1HRjrY5qHup48TBCBFe4g'],
    // The key 1: the smallest there is (leading zero bytes kept).
    ['0000000000000000000000000000000000000000000000000000000000000001', 'KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn'],
  ])('encodes %s as the known WIF %s, and decodes it back', (privateKey, wif) => {
    expect(wifFromPrivateKey(hex(privateKey))).toBe(wif);
    expect(privateKeyFromWif(wif).toString('hex')).toBe(privateKey);
  });

  it('the known vector is the account neon-js derives (address, public key)', () => {
    const account = signingAccountFromWif('L1QqQJnpBwbsPGAuutuzPTac8piqvbR1HRjrY5qHup48TBCBFe4g');
    expect(account.address).toBe('NPTmAHDxo6Pkyic8Nvu3kwyXoYJCvcCB6i');
    expect(account.scriptHash).toBe('0xa7cbfee3f01f89d58c042644b0b6df2d59a6eb26');
  });

  it('agrees with neon-js on every seeded account of the default chain: WIF, public key, address, script hash', () => {
    for (const account of deriveAccounts('neosl', 10)) {
      const neon = new neonWallet.Account(account.privateKey);
      const wif = wifFromPrivateKey(hex(account.privateKey));
      expect(wif).toMatch(/^[KL][1-9A-HJ-NP-Za-km-z]{51}$/);
      expect(wif).toBe(neon.WIF);
      expect(neon.publicKey).toBe(account.publicKey);
      expect(neon.address).toBe(account.address);
      expect(`0x${neon.scriptHash}`).toBe(account.scriptHash);
    }
  });
});
