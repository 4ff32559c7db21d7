// /_neosl/chain: the dev session's chain driven from outside (`neosl chain …`).
//   GET  /_neosl/chain           its height, best block, interval and the seeded accounts' balances
//   POST /_neosl/chain/mine      { "count": n }  mines n blocks now (1 to 1000)
//   POST /_neosl/chain/transfer  { "to", "amount", "asset", "from"? }  a transfer into the mempool (amount in the
//                                asset's smallest unit); answers { hash, status: "pending", from (its address) }
//   GET  /_neosl/chain/accounts  the seeded accounts with their keys: { accounts: [{ address, scriptHash (0x, big-endian),
//                                publicKey (compressed, hex), wif, neo, gas }] }, balances in the smallest unit. These are
//                                the local chain's deliberately public test keys, yet keys all the same: answered only to
//                                a loopback client (socket address 127.0.0.0/8, ::1, ::ffff:127.x), anyone else gets 403
//                                NOT_LOOPBACK_CLIENT (also with `neosl dev --host 0.0.0.0`)
// Against a real node (blockchain.rpcUrl) only the status answers: a real chain is not ours to mine, and its
// accounts' keys are not ours to show (409 NOT_LOCAL_CHAIN).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { LocalChain } from '../backends/chain/local-chain.js';
import { parseAccount, scriptHashToAddress } from '../backends/chain/address.js';
import { wifFromPrivateKey } from '../backends/chain/rpc/signing-key.js';
import { GAS_HASH, NEO_HASH, type Blockchain, type TransferRequest } from '../sdk/blockchain-types.js';
import type { AdminRoute } from './admin-routes.js';
import { sendJson } from './respond.js';
import { readJsonObject } from './read-body.js';

export interface ChainAdminSource {
  blockchain: Blockchain;
  local?: LocalChain;
  rpcUrl?: string;
  blockIntervalMs?: number;
}

const PREFIX = '/_neosl/chain';
const BODY_LIMIT = 64 * 1024;

/** The one error shape (errors.ts), for answers that are not ErrorAnswers. */
const failure = (code: string, message: string) => ({ error: { code, message, details: null } });

/** An account's NEO and GAS in their smallest unit, as strings ("0" when it holds none). */
async function nativeBalances(blockchain: Blockchain, address: string): Promise<{ neo: string; gas: string }> {
  const { balance } = await blockchain.getNep17Balances(address);
  const amount = (hash: string) => balance.find((entry) => entry.assethash === hash)?.amount ?? '0';
  return { neo: amount(NEO_HASH), gas: amount(GAS_HASH) };
}

/** A socket address on this machine: 127.0.0.0/8, ::1, or either IPv4-mapped (::ffff:127.x.y.z) on a dual-stack socket. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const ip = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIP(ip) === 4) return ip.startsWith('127.');
  return ip === '::1' || ip === '0:0:0:0:0:0:0:1';
}

async function status(source: ChainAdminSource): Promise<unknown> {
  const { blockchain, local } = source;
  const height = await blockchain.getBlockCount();
  const best = await blockchain.getBlock(height - 1);
  const accounts = local ? await Promise.all(local.accounts.map(async (address) => ({ address, ...(await nativeBalances(blockchain, address)) }))) : [];
  return {
    kind: local ? 'in-process' : 'rpc',
    ...(source.rpcUrl ? { rpcUrl: source.rpcUrl } : {}),
    height,
    bestBlock: { index: best.index, hash: best.hash, time: best.time, transactions: best.tx.length },
    blockIntervalMs: source.blockIntervalMs ?? null,
    accounts,
  };
}


async function mine(local: LocalChain, body: Record<string, unknown>): Promise<Answer> {
  const count = body.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    return [400, failure('INVALID_PARAMS', `count must be a whole number from 1 to 1000, got ${JSON.stringify(count)}`)];
  }
  const blocks = [];
  for (let i = 0; i < count; i++) {
    const block = await local.mineBlock();
    blocks.push({ index: block.index, hash: block.hash, transactions: block.tx.length });
  }
  return [200, { blocks }];
}

async function transfer(local: LocalChain, body: Record<string, unknown>): Promise<Answer> {
  const request = body as Partial<TransferRequest>;
  if (request.to === undefined || request.amount === undefined || request.asset === undefined) {
    return [400, failure('INVALID_PARAMS', 'a transfer needs "to", "amount" and "asset" (and optionally "from")')];
  }
  try {
    const submitted = await local.blockchain.transfer(request as TransferRequest);
    // The sender as an address: the first seeded account unless "from" named one.
    const from = request.from === undefined ? local.accounts[0] : scriptHashToAddress(parseAccount(request.from, 'from'));
    return [200, { ...submitted, from }];
  } catch (error) {
    return [400, failure((error as { code?: unknown }).code !== undefined ? String((error as { code: unknown }).code) : 'INVALID_PARAMS', (error as Error).message)];
  }
}

type Answer = [number, unknown];

/** A handler's answer, or its failure as a 500 of the chain. */
function answerWith(res: ServerResponse, work: Promise<Answer>): Promise<void> {
  return work.then(
    ([status, value]) => sendJson(res, status, value),
    (error: unknown) => sendJson(res, 500, failure('CHAIN_ERROR', (error as Error).message)),
  );
}

/** The body of a mine or transfer, or why it cannot be one; refused at once against a real node. */
async function chainAction(source: ChainAdminSource, req: IncomingMessage, action: 'mine' | 'transfer'): Promise<Answer> {
  if (!source.local) {
    req.resume();
    return [409, failure('NOT_LOCAL_CHAIN', `the emulator uses the node at ${source.rpcUrl}: only the in-process chain can be ${action === 'mine' ? 'mined' : 'sent transfers'} by neosl`)];
  }
  const body = await readJsonObject(req, BODY_LIMIT);
  if (!body.ok) return [400, failure('INVALID_REQUEST', body.message)];
  return action === 'mine' ? mine(source.local, body.value) : transfer(source.local, body.value);
}

/** The seeded accounts with their keys and balances: to a loopback client of the in-process chain only. */
async function accounts(source: ChainAdminSource, req: IncomingMessage): Promise<Answer> {
  const client = req.socket.remoteAddress;
  if (!isLoopbackAddress(client)) {
    return [
      403,
      failure(
        'NOT_LOOPBACK_CLIENT',
        `the seeded accounts' private keys are only shown to a client on this machine (loopback), and this request came from ${client ?? 'an unknown address'}: run "neosl chain accounts" where "neosl dev" runs`,
      ),
    ];
  }
  const { local, blockchain } = source;
  if (!local) return [409, failure('NOT_LOCAL_CHAIN', `the emulator uses the node at ${source.rpcUrl}: only the in-process chain has seeded accounts whose keys neosl holds`)];
  const listed = await Promise.all(
    local.devAccounts.map(async (account) => ({
      address: account.address,
      scriptHash: account.scriptHash,
      publicKey: account.publicKey,
      wif: wifFromPrivateKey(Buffer.from(account.privateKey, 'hex')),
      ...(await nativeBalances(blockchain, account.address)),
    })),
  );
  return [200, { accounts: listed }];
}

/** GET /_neosl/chain, POST /_neosl/chain/mine, POST /_neosl/chain/transfer, GET /_neosl/chain/accounts. */
export function chainRoutes(source: ChainAdminSource): AdminRoute[] {
  return [
    { method: 'GET', path: PREFIX, handle: ({ res }) => answerWith(res, status(source).then((value): Answer => [200, value])) },
    { method: 'GET', path: `${PREFIX}/accounts`, handle: ({ req, res }) => answerWith(res, accounts(source, req)) },
    { method: 'POST', path: `${PREFIX}/mine`, handle: ({ req, res }) => answerWith(res, chainAction(source, req, 'mine')) },
    { method: 'POST', path: `${PREFIX}/transfer`, handle: ({ req, res }) => answerWith(res, chainAction(source, req, 'transfer')) },
  ];
}
