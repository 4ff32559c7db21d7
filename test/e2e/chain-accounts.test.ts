// `neosl chain accounts` as a user runs it against `neosl dev` on the chain fixture: the seeded
// accounts with keys that really are theirs (a WIF whose public key is the one listed), the seeded
// balances in token units, the same addresses as `neosl chain status`, the warning under the table;
// the keys refused to a client that is not on loopback, and a clear error when no emulator runs.
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { wallet as neonWallet } from '@cityofzion/neon-js';
import { afterAll, describe, expect, it } from 'vitest';
import { privateKeyFromWif } from '../../src/backends/chain/rpc/signing-key.js';
import { keyPairFromPrivateKey } from '../../src/backends/chain/keys.js';
import { copyFixture, killDevProcesses, startDev } from '../helpers/dev-process.js';
import { spawnNeosl } from '../helpers/spawn-neosl.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/chain-project', import.meta.url));
const WARNING = 'These keys belong to the local chain of "neosl dev" only: anyone who has them can spend its funds. Never use them on MainNet or TestNet.';

afterAll(() => {
  killDevProcesses();
  removeTempDirs();
});

interface AccountsJson {
  accounts: { address: string; scriptHash: string; publicKey: string; wif: string; neo: string; gas: string }[];
}
interface StatusJson {
  accounts: { address: string; neo: string; gas: string }[];
}

/** An IPv4 address of this machine that is not loopback, to reach the emulator from "elsewhere". */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;

describe('neosl chain accounts', () => {
  it('lists the 10 seeded accounts with their keys and 100 NEO / 1000 GAS, as status lists them; human form with the warning', async () => {
    const dev = await startDev(copyFixture(fixture));
    try {
      const listed = await spawnNeosl(['chain', 'accounts', '--url', dev.url, '--json']);
      expect(listed.exitCode, listed.stderr).toBe(0);
      const { accounts } = JSON.parse(listed.stdout) as AccountsJson;
      expect(Object.keys(JSON.parse(listed.stdout) as object)).toEqual(['accounts']);
      expect(accounts).toHaveLength(10);
      // Human text (the warning) goes to stderr; stdout is the one JSON document.
      expect(listed.stderr).toContain(WARNING);

      const status = await spawnNeosl(['chain', 'status', '--url', dev.url, '--json']);
      expect(status.exitCode, status.stderr).toBe(0);
      expect(accounts.map((account) => account.address)).toEqual((JSON.parse(status.stdout) as StatusJson).accounts.map((account) => account.address));

      for (const account of accounts) {
        expect(account).toMatchObject({ neo: '100', gas: '1000' });
        expect(account.scriptHash).toMatch(/^0x[0-9a-f]{40}$/);
        expect(account.publicKey).toMatch(/^0[23][0-9a-f]{64}$/);
        // The WIF decodes to a key whose public key is the one listed (neosl's decoder and neon-js agree).
        expect(keyPairFromPrivateKey(privateKeyFromWif(account.wif)).publicKey.toString('hex')).toBe(account.publicKey);
        const neon = new neonWallet.Account(account.wif);
        expect(neon.publicKey).toBe(account.publicKey);
        expect(neon.address).toBe(account.address);
        expect(`0x${neon.scriptHash}`).toBe(account.scriptHash);
      }
      expect(new Set(accounts.map((account) => account.wif)).size).toBe(10);

      // The human form: a header, one row per account, the warning line.
      const human = await spawnNeosl(['chain', 'accounts', '--url', dev.url]);
      expect(human.exitCode, human.stderr).toBe(0);
      const lines = human.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe(`the 10 seeded accounts of the in-process chain of ${dev.url}:`);
      expect(lines[1]).toMatch(/^ +# +address +script hash +public key +private key \(WIF\) +NEO +GAS$/);
      expect(lines).toHaveLength(12);
      accounts.forEach((account, index) => {
        expect(lines[index + 2]).toMatch(new RegExp(`^ +${index}  ${account.address}  ${account.scriptHash}  ${account.publicKey}  ${account.wif}  100  1000$`));
      });
      expect(human.stderr).toBe(`▲ ${WARNING}\n`);
    } finally {
      dev.child.kill('SIGINT');
      expect(await dev.exited).toBe(0);
    }
    const gone = await spawnNeosl(['chain', 'accounts', '--url', dev.url]);
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toContain(`no neosl dev answers at ${dev.url}`);
    expect(gone.stdout).toBe('');
  }, 60_000);

  it.skipIf(externalAddress === undefined)('refuses the keys with 403 to a client that is not on loopback (neosl dev --host 0.0.0.0)', async () => {
    const dev = await startDev(copyFixture(fixture), ['--host', '0.0.0.0']);
    try {
      const port = new URL(dev.url).port;
      const far = await fetch(`http://${externalAddress}:${port}/_neosl/chain/accounts`);
      expect(far.status).toBe(403);
      const text = await far.text();
      const { error } = JSON.parse(text) as { error: { code: string; message: string; details: null } };
      expect(error).toMatchObject({ code: 'NOT_LOOPBACK_CLIENT', details: null });
      expect(error.message).toContain(`this request came from ${externalAddress}`);
      expect(text).not.toMatch(/"wif"/);
      // The same emulator answers its own machine, and the rest of the chain stays readable from afar.
      expect((await fetch(`http://127.0.0.1:${port}/_neosl/chain/accounts`)).status).toBe(200);
      expect((await fetch(`http://${externalAddress}:${port}/_neosl/chain`)).status).toBe(200);
      // The CLI pointed at that address fails with the route's reason, exit 1.
      const cli = await spawnNeosl(['chain', 'accounts', '--url', `http://${externalAddress}:${port}`]);
      expect(cli.exitCode).toBe(1);
      expect(cli.stderr).toContain('only shown to a client on this machine (loopback)');
      expect(cli.stdout).toBe('');
    } finally {
      dev.child.kill('SIGINT');
      await dev.exited;
    }
  }, 60_000);
});
