// GET /_neosl/chain/accounts: the seeded accounts with their keys and balances, answered to a loopback
// client of the in-process chain only; a client elsewhere gets 403 (and no key), a real node 409.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wallet as neonWallet } from '@cityofzion/neon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChain } from '../../src/backends/chain/local-chain.js';
import { deriveAccounts } from '../../src/backends/chain/keys.js';
import { wifFromPrivateKey } from '../../src/backends/chain/rpc/signing-key.js';
import type { AdminRoute } from '../../src/emulator/admin-routes.js';
import { chainRoutes, isLoopbackAddress, type ChainAdminSource } from '../../src/emulator/chain-admin.js';
import type { ChainAccount } from '../../src/commands/chain/accounts.js';

/** One account of the route's answer (balances in the smallest unit), as the CLI reads it. */
type AccountJson = ChainAccount;
interface ErrorJson {
  error: { code: string; message: string; details: null };
}

const seeded = deriveAccounts('neosl', 10);

function accountsRoute(source: ChainAdminSource): AdminRoute {
  const route = chainRoutes(source).find((candidate) => candidate.path === '/_neosl/chain/accounts');
  if (!route) throw new Error('no GET /_neosl/chain/accounts route');
  expect(route.method).toBe('GET');
  return route;
}

/** The route's answer to a request whose socket comes from `remoteAddress` (no server: the socket is a stand-in). */
async function answerTo(route: AdminRoute, remoteAddress: string | undefined): Promise<{ status: number; headers: Record<string, unknown>; body: unknown; text: string }> {
  const req = { method: 'GET', url: route.path, headers: {}, socket: { remoteAddress }, resume() {} } as unknown as IncomingMessage;
  let status = 0;
  let headers: Record<string, unknown> = {};
  let text = '';
  await new Promise<void>((resolve) => {
    const res = {
      writeHead(code: number, given: Record<string, unknown>) {
        status = code;
        headers = given;
        return res;
      },
      end(body: string) {
        text = body;
        resolve();
      },
    } as unknown as ServerResponse;
    void route.handle({ req, res, path: route.path, search: '', params: {}, requestId: 'test', started: Date.now() });
  });
  return { status, headers, body: JSON.parse(text) as unknown, text };
}

describe('GET /_neosl/chain/accounts', () => {
  const local = createLocalChain();
  const route = accountsRoute({ blockchain: local.blockchain, local });
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => void route.handle({ req, res, path: route.path, search: '', params: {}, requestId: 'test', started: Date.now() }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    local.close();
  });

  it('answers a loopback client every seeded account: address, 0x script hash, compressed public key, WIF, NEO and GAS in the smallest unit', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { accounts } = (await response.json()) as { accounts: AccountJson[] };
    expect(accounts).toHaveLength(10);
    expect(accounts.map((account) => account.address)).toEqual(local.accounts);
    accounts.forEach((account, index) => {
      const expected = seeded[index]!;
      expect(Object.keys(account).sort()).toEqual(['address', 'gas', 'neo', 'publicKey', 'scriptHash', 'wif']);
      expect(account).toEqual({
        address: expected.address,
        scriptHash: expected.scriptHash,
        publicKey: expected.publicKey,
        wif: wifFromPrivateKey(Buffer.from(expected.privateKey, 'hex')),
        neo: '100',
        gas: '100000000000',
      });
      expect(account.scriptHash).toMatch(/^0x[0-9a-f]{40}$/);
      expect(account.publicKey).toMatch(/^0[23][0-9a-f]{64}$/);
      // The WIF is the key of this very account, as neon-js reads it.
      const neon = new neonWallet.Account(account.wif);
      expect(neon.address).toBe(account.address);
      expect(neon.publicKey).toBe(account.publicKey);
      expect(`0x${neon.scriptHash}`).toBe(account.scriptHash);
    });
  });

  it('shows the balances as they are now', async () => {
    local.setBalance(local.accounts[3]!, 'GAS', '12345');
    local.setBalance(local.accounts[3]!, 'NEO', 0);
    const { accounts } = (await (await fetch(url)).json()) as { accounts: AccountJson[] };
    expect(accounts[3]).toMatchObject({ neo: '0', gas: '12345' });
    expect(accounts[2]).toMatchObject({ neo: '100', gas: '100000000000' });
  });

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('answers a client at %s (loopback)', async (address) => {
    const answer = await answerTo(route, address);
    expect(answer.status).toBe(200);
    expect((answer.body as { accounts: AccountJson[] }).accounts).toHaveLength(10);
  });

  it.each(['192.0.2.7', '10.0.0.5', '::ffff:192.168.1.20', '2001:db8::1', 'fe80::1', '0.0.0.0', '::', '::ffff:7f00:1', undefined])(
    'refuses a client at %s with 403 NOT_LOOPBACK_CLIENT, naming why, and shows no key',
    async (address) => {
      const answer = await answerTo(route, address);
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      const { error } = answer.body as ErrorJson;
      expect(Object.keys(answer.body as object)).toEqual(['error']);
      expect(error.code).toBe('NOT_LOOPBACK_CLIENT');
      expect(error.details).toBeNull();
      expect(error.message).toContain('only shown to a client on this machine (loopback)');
      expect(error.message).toContain(`this request came from ${address ?? 'an unknown address'}`);
      for (const account of seeded) {
        expect(answer.text).not.toContain(account.address);
        expect(answer.text).not.toContain(account.privateKey);
        expect(answer.text).not.toContain(wifFromPrivateKey(Buffer.from(account.privateKey, 'hex')));
      }
    },
  );

  it('against a real node answers 409 NOT_LOCAL_CHAIN, as mine and transfer do', async () => {
    const real = accountsRoute({ blockchain: local.blockchain, rpcUrl: 'http://127.0.0.1:50012' });
    const answer = await answerTo(real, '127.0.0.1');
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      error: { code: 'NOT_LOCAL_CHAIN', message: expect.stringContaining('the emulator uses the node at http://127.0.0.1:50012') as unknown, details: null },
    });
    // A client elsewhere is refused before anything else.
    expect((await answerTo(real, '192.0.2.7')).status).toBe(403);
  });
});

describe('isLoopbackAddress', () => {
  it('takes 127.0.0.0/8, ::1 and their IPv4-mapped forms; nothing else, and no names', () => {
    for (const address of ['127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['localhost', '128.0.0.1', '192.0.2.7', '::2', '::ffff:10.0.0.1', '127.evil.example', '', undefined]) expect(isLoopbackAddress(address), String(address)).toBe(false);
  });
});
