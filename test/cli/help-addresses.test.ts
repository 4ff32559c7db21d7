// Every Neo N3 address a user may copy from the help or the README is a real one (its base58check
// checksum and version byte hold), so that pasting an example never fails on the address itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidAddress } from '../../src/backends/chain/address.js';
import { deriveAccounts } from '../../src/backends/chain/keys.js';
import { runNeosl } from '../helpers/run-neosl.js';

// 34 base58 characters starting with N, standing alone (not part of a longer word or hash).
const ADDRESS_LIKE = /(?<![0-9A-Za-z])N[1-9A-HJ-NP-Za-km-z]{33}(?![0-9A-Za-z])/g;
const addressesIn = (text: string) => [...new Set(text.match(ADDRESS_LIKE) ?? [])];
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the addresses in the help and the README', () => {
  it('the chain help shows a seeded account of the default chain, which passes the checksum', async () => {
    const seeded = deriveAccounts('neosl', 10).map((account) => account.address);
    const shown: string[] = [];
    for (const command of [['chain'], ['chain', 'transfer'], ['chain', 'tx'], ['chain', 'status']]) {
      const help = await runNeosl([...command, '--help']);
      expect(help.exitCode).toBe(0);
      shown.push(...addressesIn(help.stdout));
    }
    expect(shown.length).toBeGreaterThan(0);
    for (const address of shown) {
      expect(isValidAddress(address), `${address} in the chain help`).toBe(true);
      expect(seeded, `${address} in the chain help is not a seeded account of "neosl dev"`).toContain(address);
    }
  });

  it.each(['src/cli.ts', 'README.md'])('every N-address in %s passes the Neo N3 address checksum', (file) => {
    for (const address of addressesIn(read(file))) expect(isValidAddress(address), `${address} in ${file}`).toBe(true);
  });

  it('the check tells a mistyped address apart (it can fail)', () => {
    // The help's former example: one character off a real address breaks the checksum.
    expect(isValidAddress('NZNovrJyZ5D3iS1TuNWyUVnXidBnmNFiKd')).toBe(false);
    expect(addressesIn('send to NaduazyK7WbQxTUwNRyRpREDZARcFpysfi now')).toEqual(['NaduazyK7WbQxTUwNRyRpREDZARcFpysfi']);
  });
});
