// The JSON-RPC client for a real Neo N3 node, against a scripted node on 127.0.0.1 answering with Neo's result shapes.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sc, tx as neonTx, wallet as neonWallet } from '@cityofzion/neon-js';
import type { RpcBlockchain } from '../../../src/backends/chain/rpc/index.js';
import {
  createRpcBlockchain,
  deserializeTransaction,
  isRpcClientError,
  RpcClientError,
  signingAccountFromWif,
  wifFromPrivateKey,
} from '../../../src/backends/chain/rpc/index.js';
import { addressToScriptHash } from '../../../src/backends/chain/address.js';
import { signData } from '../../../src/backends/chain/transaction-builder.js';
import { GAS, NEO, rpcError } from './chain-helpers.js';

// ---- fixtures: results as a Neo 3.7 node returns them ----

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../../fixtures/neo-rpc/${name}.json`, import.meta.url), 'utf8'));
const VERSION = fixture('getversion');
const BLOCK = fixture('getblock');
const TRANSACTION = fixture('getrawtransaction');
const APPLICATION_LOG = fixture('getapplicationlog');
const BALANCES = fixture('getnep17balances');
const CONTRACT_STATE = fixture('getcontractstate');
const INVOKE_RESULT = fixture('invokefunction');
const MAINNET = 860833102;
const BLOCK_COUNT = 5_000_013;

const WIF = wifFromPrivateKey(createHash('sha256').update('rpc-client test sender').digest());
const SENDER = signingAccountFromWif(WIF);
const RECIPIENT = 'NcrpfDtmZNdhJWsQfB2P6wkkAeTaAAXJP4';

// ---- the scripted node ----

type Answer =
  | { result: unknown }
  | { error: { code: number; message: string; data?: string }; status?: number }
  | { raw: string; status?: number; contentType?: string }
  | 'drop'
  | 'hang';
type Handler = (params: any[], seen: number) => Answer;

interface ScriptedNode {
  url: string;
  /** JSON-RPC requests received, in order (dropped and unanswered ones too). */
  calls: { method: string; params: any[] }[];
  connections: number;
  /** The Authorization header of the last request. */
  authorization: string | undefined;
  on(method: string, handler: Handler | Answer): void;
  /** How many requests for a method arrived. */
  count(method: string): number;
  close(): Promise<void>;
}

const nodes: ScriptedNode[] = [];
const clients: RpcBlockchain[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(nodes.splice(0).map((node) => node.close()));
});

async function scriptedNode(): Promise<ScriptedNode> {
  const handlers = new Map<string, Handler>();
  const sockets = new Set<Socket>();
  const calls: ScriptedNode['calls'] = [];
  let connections = 0;
  let authorization: string | undefined;
  const reply = (res: ServerResponse, id: unknown, answer: Answer) => {
    if (answer === 'hang') return;
    if (answer === 'drop') {
      res.socket?.destroy();
      return;
    }
    if ('raw' in answer) {
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/html' }).end(answer.raw);
      return;
    }
    const status = 'error' in answer ? answer.status ?? 200 : 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, ...answer }));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      authorization = req.headers.authorization;
      const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      expect(request).toMatchObject({ jsonrpc: '2.0', method: expect.any(String), params: expect.any(Array) });
      calls.push({ method: request.method, params: request.params });
      const handler = handlers.get(request.method);
      const seen = calls.filter((c) => c.method === request.method).length;
      let answer: Answer;
      try {
        answer = handler ? handler(request.params, seen) : { error: { code: -32601, message: 'Method not found' } };
      } catch (error) {
        answer = { error: { code: -32603, message: `scripted node: ${(error as Error).message}` } };
      }
      reply(res, request.id, answer);
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const node: ScriptedNode = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    get connections() {
      return connections;
    },
    get authorization() {
      return authorization;
    },
    on(method, handler) {
      handlers.set(method, typeof handler === 'function' ? handler : () => handler);
    },
    count: (method) => calls.filter((c) => c.method === method).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  nodes.push(node);
  return node;
}

function client(url: string, options: Parameters<typeof createRpcBlockchain>[1] = {}): RpcBlockchain {
  const chain = createRpcBlockchain(url, options);
  clients.push(chain);
  return chain;
}

async function clientError(promise: Promise<unknown>, code: RpcClientError['code']): Promise<RpcClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRpcClientError(error), `expected an RpcClientError, got ${String(error)}`).toBe(true);
  expect((error as RpcClientError).code).toBe(code);
  return error as RpcClientError;
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// ---- reads ----

describe('reads: each Blockchain method asks the node its RPC method and returns its result as is', () => {
  it('getBlockCount, getBestBlockHash, getRawMemPool, getVersion', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', { result: BLOCK_COUNT });
    node.on('getbestblockhash', { result: BLOCK.nextblockhash });
    node.on('getrawmempool', { result: [TRANSACTION.hash] });
    node.on('getversion', { result: VERSION });
    const chain = client(node.url);

    expect(await chain.getBlockCount()).toBe(BLOCK_COUNT);
    expect(await chain.getBestBlockHash()).toBe(BLOCK.nextblockhash);
    expect(await chain.getRawMemPool()).toEqual([TRANSACTION.hash]);
    const version = await chain.getVersion();
    expect(version).toEqual(VERSION);
    expect(version.protocol.network).toBe(MAINNET);
    expect(node.calls).toEqual([
      { method: 'getblockcount', params: [] },
      { method: 'getbestblockhash', params: [] },
      { method: 'getrawmempool', params: [] },
      { method: 'getversion', params: [] },
    ]);
  });

  it('getBlock by index or hash, verbose', async () => {
    const node = await scriptedNode();
    node.on('getblock', { result: BLOCK });
    const chain = client(node.url);

    const block = await chain.getBlock(5_000_000);
    expect(block).toEqual(BLOCK);
    expect(block).toMatchObject({ index: 5_000_000, primary: 3, time: 1712345678901, confirmations: 12 });
    expect(block.tx[0]!.hash).toBe(TRANSACTION.hash);
    await chain.getBlock('5000000');
    await chain.getBlock(BLOCK.hash.toUpperCase().replace('0X', ''));
    expect(node.calls.map((c) => c.params)).toEqual([[5_000_000, true], [5_000_000, true], [BLOCK.hash, true]]);
  });

  it('getTransaction, getApplicationLog, getNep17Balances, getContractState', async () => {
    const node = await scriptedNode();
    node.on('getrawtransaction', { result: TRANSACTION });
    node.on('getapplicationlog', { result: APPLICATION_LOG });
    node.on('getnep17balances', { result: BALANCES });
    node.on('getcontractstate', { result: CONTRACT_STATE });
    const chain = client(node.url);

    const tx = await chain.getTransaction(TRANSACTION.hash);
    expect(tx).toEqual(TRANSACTION);
    expect(tx).toMatchObject({ sysfee: '997775', netfee: '1235520', vmstate: 'HALT', blockhash: BLOCK.hash });

    const log = await chain.getApplicationLog(TRANSACTION.hash);
    expect(log.txid).toBe(TRANSACTION.hash);
    expect(log.executions[0]).toMatchObject({ trigger: 'Application', vmstate: 'HALT', exception: null, gasconsumed: '997775' });
    expect(log.executions[0]!.notifications[0]).toMatchObject({ contract: GAS, eventname: 'Transfer' });

    const balances = await chain.getNep17Balances(BALANCES.address);
    expect(balances.balance.map((b) => [b.symbol, b.amount])).toEqual([['GAS', '2847369120'], ['NEO', '42']]);
    await chain.getNep17Balances(TRANSACTION.signers[0].account); // a script hash is sent as its address

    const state = await chain.getContractState(GAS);
    expect(state).toMatchObject({ id: -6, hash: GAS, manifest: { name: 'GasToken', supportedstandards: ['NEP-17'] } });
    await chain.getContractState('gastoken');
    await chain.getContractState('-6');

    expect(node.calls).toEqual([
      { method: 'getrawtransaction', params: [TRANSACTION.hash, true] },
      { method: 'getapplicationlog', params: [TRANSACTION.hash] },
      { method: 'getnep17balances', params: [BALANCES.address] },
      { method: 'getnep17balances', params: [BALANCES.address] },
      { method: 'getcontractstate', params: [GAS] },
      { method: 'getcontractstate', params: ['GasToken'] },
      { method: 'getcontractstate', params: [-6] },
    ]);
  });

  it('invokeFunction sends parameters and signers in the JSON a node parses', async () => {
    const node = await scriptedNode();
    node.on('invokefunction', { result: INVOKE_RESULT });
    const chain = client(node.url);

    const result = await chain.invokeFunction(GAS, 'balanceOf', [{ type: 'Hash160', value: BALANCES.address }], [{ account: BALANCES.address, scopes: 'CalledByEntry' }]);
    expect(result).toEqual(INVOKE_RESULT);
    expect(result.stack).toEqual([{ type: 'Integer', value: '2847369120' }]);

    await chain.invokeFunction(NEO, 'vote', [
      { type: 'Integer', value: 10n ** 20n },
      { type: 'Boolean', value: 'false' },
      { type: 'ByteArray', value: Uint8Array.from([1, 2, 3]) },
      { type: 'Array', value: [{ type: 'String', value: 'hi' }, { type: 'Any' }] },
    ]);
    const account = TRANSACTION.signers[0].account;
    expect(node.calls).toEqual([
      { method: 'invokefunction', params: [GAS, 'balanceOf', [{ type: 'Hash160', value: account }], [{ account, scopes: 'CalledByEntry' }]] },
      {
        method: 'invokefunction',
        params: [NEO, 'vote', [
          { type: 'Integer', value: '100000000000000000000' },
          { type: 'Boolean', value: false },
          { type: 'ByteArray', value: 'AQID' },
          { type: 'Array', value: [{ type: 'String', value: 'hi' }, { type: 'Any' }] },
        ]],
      },
    ]);
  });

  it('checks arguments as the in-process chain does, before asking the node', async () => {
    const node = await scriptedNode();
    const chain = client(node.url);

    const address = await rpcError(chain.getNep17Balances('NotAnAddress'), -32602);
    expect(address.message).toContain('expected a Neo N3 address');
    expect((await rpcError(chain.getBlock(-1), -32602)).message).toContain('expected a block index (an integer from 0) or a block hash');
    expect((await rpcError(chain.getTransaction('0x12'), -32602)).message).toContain('Invalid transaction hash "0x12": expected 0x followed by 64 hex digits');
    expect((await rpcError(chain.getContractState('no such'), -32602)).message).toContain('a native contract name (e.g. GasToken)');
    expect((await rpcError(chain.invokeFunction('0x1234', 'symbol'), -32602)).message).toContain('expected 0x followed by 40 hex digits');
    expect((await rpcError(chain.invokeFunction(GAS, 'balanceOf', [{ type: 'Integer', value: 'ten' }]), -32602)).message).toContain('params[0]: expected an Integer');
    expect((await rpcError(chain.invokeFunction(GAS, 'symbol', [], [{ account: SENDER.address, scopes: 'Sometimes' }]), -32602)).message).toContain('unknown witness scope "Sometimes"');
    expect(node.calls).toEqual([]);
  });
});

// ---- errors ----

describe('errors', () => {
  it('a JSON-RPC error is an RpcError with the node’s code and message, asked once', async () => {
    const node = await scriptedNode();
    node.on('getblock', { error: { code: -101, message: 'Unknown block' } });
    node.on('getcontractstate', { error: { code: -102, message: 'Unknown contract' } });
    node.on('getrawtransaction', { error: { code: -103, message: 'Unknown transaction' } });
    // Neo 3.6+ puts the detail in data and also appends it to message.
    node.on('invokefunction', { error: { code: -32602, message: 'Invalid params - Method not found: nope', data: 'Method not found: nope' } });
    const chain = client(node.url);

    expect((await rpcError(chain.getBlock(99_999_999), -101)).message).toBe('Unknown block');
    expect((await rpcError(chain.getContractState('0x' + '12'.repeat(20)), -102)).message).toBe('Unknown contract');
    expect((await rpcError(chain.getTransaction('0x' + 'ab'.repeat(32)), -103)).message).toBe('Unknown transaction');
    const invalid = await rpcError(chain.invokeFunction(GAS, 'nope'), -32602);
    expect(invalid.message).toBe('Invalid params - Method not found: nope');
    expect(invalid.data).toBe('Method not found: nope');
    const missing = await rpcError(chain.getApplicationLog(TRANSACTION.hash), -32601);
    expect(missing.message).toBe("Method not found - getapplicationlog needs the node's ApplicationLogs plugin");
    expect(node.calls.map((c) => c.method)).toEqual(['getblock', 'getcontractstate', 'getrawtransaction', 'invokefunction', 'getapplicationlog']);
  });

  it('an HTTP 4xx/5xx with a JSON-RPC error body is that RpcError, not retried', async () => {
    const node = await scriptedNode();
    node.on('getblock', { error: { code: -101, message: 'Unknown block' }, status: 500 });
    const chain = client(node.url);
    await rpcError(chain.getBlock(7), -101);
    expect(node.count('getblock')).toBe(1);
  });

  it('an HTTP error without a JSON-RPC body is NEO_RPC_HTTP_STATUS with the status, not retried', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', { raw: '<html><body>502 Bad Gateway</body></html>', status: 502 });
    const error = await clientError(client(node.url).getBlockCount(), 'NEO_RPC_HTTP_STATUS');
    expect(error.status).toBe(502);
    expect(error.message).toBe(`Neo RPC ${node.url}: HTTP 502 Bad Gateway for getblockcount: <html><body>502 Bad Gateway</body></html>`);
    expect(node.count('getblockcount')).toBe(1);
  });

  it('malformed answers are NEO_RPC_BAD_RESPONSE naming the method', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', { raw: 'Service Unavailable', contentType: 'text/plain' });
    node.on('getbestblockhash', { raw: JSON.stringify({ jsonrpc: '2.0', id: 1 }), contentType: 'application/json' });
    node.on('getversion', { result: 'neo' });
    node.on('getrawmempool', { result: { count: 2 } });
    const chain = client(node.url);

    expect((await clientError(chain.getBlockCount(), 'NEO_RPC_BAD_RESPONSE')).message).toBe(
      `Neo RPC ${node.url}: the answer to getblockcount is not JSON (text/plain): Service Unavailable`,
    );
    expect((await clientError(chain.getBestBlockHash(), 'NEO_RPC_BAD_RESPONSE')).message).toContain('the answer to getbestblockhash has neither a result nor an error');
    expect((await clientError(chain.getVersion(), 'NEO_RPC_BAD_RESPONSE')).message).toContain('the result of getversion is not an object with protocol');
    expect((await clientError(chain.getRawMemPool(), 'NEO_RPC_BAD_RESPONSE')).message).toContain('the result of getrawmempool is not an array of hashes');
  });

  it('retries a dropped connection (counting the attempts) and then answers', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', (_params, seen) => (seen <= 2 ? 'drop' : { result: BLOCK_COUNT }));
    expect(await client(node.url).getBlockCount()).toBe(BLOCK_COUNT);
    expect(node.count('getblockcount')).toBe(3);
  });

  it('gives up after the retries with NEO_RPC_UNREACHABLE and the system code', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', 'drop');
    const error = await clientError(client(node.url, { retries: 1 }).getBlockCount(), 'NEO_RPC_UNREACHABLE');
    expect(error).toMatchObject({ errno: 'ECONNRESET', attempts: 2, url: node.url, method: 'getblockcount' });
    expect(error.message).toBe(`Neo RPC ${node.url}: connection reset (socket hang up) (getblockcount; 2 attempts); is the node running at this URL?`);
    expect(node.count('getblockcount')).toBe(2);
  });

  it('a node that is not running: connection refused, named in the message, after 1 + retries attempts', async () => {
    const url = await closedPort();
    const error = await clientError(client(url).getVersion(), 'NEO_RPC_UNREACHABLE');
    expect(error).toMatchObject({ errno: 'ECONNREFUSED', attempts: 3 });
    expect(error.message).toBe(`Neo RPC ${url}: connection refused (getversion; 3 attempts); is the node running at this URL?`);
  });

  it('a node that never answers: NEO_RPC_TIMEOUT naming the URL, within the timeout, not retried', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', 'hang');
    const started = Date.now();
    const error = await clientError(client(node.url, { timeoutMs: 300 }).getBlockCount(), 'NEO_RPC_TIMEOUT');
    const elapsed = Date.now() - started;
    expect(error.message).toBe(`Neo RPC ${node.url}: no answer within 0.3 s (getblockcount)`);
    expect(error.isTimeout).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1500);
    expect(node.count('getblockcount')).toBe(1);
  });

  it('close() fails the calls in flight and refuses later ones', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', 'hang');
    const chain = client(node.url);
    const pending = chain.getBlockCount();
    await new Promise((resolve) => setTimeout(resolve, 50));
    chain.close();
    expect((await clientError(pending, 'NEO_RPC_CLOSED')).message).toBe(`Neo RPC ${node.url}: the client was closed (getblockcount)`);
    expect((await clientError(chain.getBlockCount(), 'NEO_RPC_CLOSED')).message).toBe(`Neo RPC ${node.url}: the client is closed (getblockcount)`);
  });

  it('credentials in the URL are sent but never shown', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', { raw: 'Unauthorized', status: 401, contentType: 'text/plain' });
    const withAuth = node.url.replace('http://', 'http://neo:s3cret@');
    const error = await clientError(client(withAuth).getBlockCount(), 'NEO_RPC_HTTP_STATUS');
    expect(node.authorization).toBe(`Basic ${Buffer.from('neo:s3cret').toString('base64')}`);
    expect(error.message).not.toContain('s3cret');
    expect(error.url).toBe(node.url);
  });
});

describe('connections', () => {
  it('sequential calls reuse one keep-alive socket', async () => {
    const node = await scriptedNode();
    node.on('getblockcount', { result: BLOCK_COUNT });
    const chain = client(node.url);
    for (let i = 0; i < 5; i++) await chain.getBlockCount();
    expect(node.count('getblockcount')).toBe(5);
    expect(node.connections).toBe(1);
  });
});

// ---- writes ----

/** A node that test-runs scripts (HALT), prices them, and accepts transactions, checking each as a real node would. */
async function writableNode() {
  const node = await scriptedNode();
  const sent: ReturnType<typeof deserializeTransaction>[] = [];
  node.on('getversion', { result: VERSION });
  node.on('getblockcount', { result: BLOCK_COUNT });
  node.on('invokescript', ([script, signers]) => {
    expect(signers).toEqual([{ account: SENDER.scriptHash, scopes: 'CalledByEntry' }]);
    return { result: { script, state: 'HALT', gasconsumed: '997775', exception: null, notifications: [], stack: [{ type: 'Boolean', value: true }] } };
  });
  node.on('calculatenetworkfee', ([base64]) => {
    const tx = deserializeTransaction(Buffer.from(base64, 'base64'));
    expect(tx.witnesses).toEqual([{ invocation: '', verification: SENDER.verificationScript.toString('base64') }]);
    return { result: { networkfee: '1235520' } };
  });
  node.on('sendrawtransaction', ([base64]) => {
    const bytes = Buffer.from(base64, 'base64');
    const tx = deserializeTransaction(bytes);
    // neon-js, an independent implementation, reads the same transaction and accepts its signature.
    const neon = neonTx.Transaction.deserialize(bytes.toString('hex'));
    expect('0x' + neon.hash()).toBe(tx.hash);
    const signature = Buffer.from(tx.witnesses[0]!.invocation, 'base64').subarray(2).toString('hex');
    const publicKey = Buffer.from(tx.witnesses[0]!.verification, 'base64').subarray(2, 35).toString('hex');
    expect(neonWallet.verify(neon.getMessageForSigning(MAINNET), signature, publicKey)).toBe(true);
    expect(signData(MAINNET, tx.hash).toString('hex')).toBe(neon.getMessageForSigning(MAINNET));
    sent.push(tx);
    return { result: { hash: tx.hash } };
  });
  return Object.assign(node, { sent });
}

type NeonParam = ReturnType<typeof sc.ContractParam.any>;

function neonCallScript(scriptHash: string, operation: string, args: NeonParam[], assert: boolean): string {
  const hex = sc.createScript({ scriptHash: scriptHash.slice(2), operation, args });
  return Buffer.from(hex + (assert ? '39' : ''), 'hex').toString('base64');
}

describe('writes', () => {
  it('transfer builds, prices, signs and sends a transaction from the wif account', async () => {
    const node = await writableNode();
    const chain = client(node.url, { wif: WIF });
    expect(chain.address).toBe(SENDER.address);

    const submitted = await chain.transfer({ to: RECIPIENT, amount: '150000000', asset: 'GAS' });
    expect(node.sent).toHaveLength(1);
    const tx = node.sent[0]!;
    expect(submitted).toEqual({ hash: tx.hash, status: 'pending' });
    expect(tx).toMatchObject({
      version: 0,
      sysfee: '997775',
      netfee: '1235520',
      validuntilblock: BLOCK_COUNT - 1 + VERSION.protocol.maxvaliduntilblockincrement,
      signers: [{ account: SENDER.scriptHash, scopes: 'CalledByEntry' }],
      attributes: [],
    });
    const recipientHash = addressToScriptHash(RECIPIENT);
    expect(tx.script).toBe(neonCallScript(GAS, 'transfer', [
      sc.ContractParam.hash160(SENDER.scriptHash.slice(2)),
      sc.ContractParam.hash160(recipientHash.slice(2)),
      sc.ContractParam.integer(150000000),
      sc.ContractParam.any(),
    ], true));
    expect(node.calls.find((c) => c.method === 'invokescript')!.params[0]).toBe(tx.script);

    // The network magic is asked once.
    await chain.transfer({ to: RECIPIENT, amount: 1, asset: NEO, from: SENDER.address });
    expect(node.count('getversion')).toBe(1);
    expect(node.sent[1]!.nonce).not.toBe(tx.nonce);
  });

  it('invoke sends the contract call without ASSERT', async () => {
    const node = await writableNode();
    const chain = client(node.url, { wif: WIF });
    const submitted = await chain.invoke({ scriptHash: NEO, operation: 'vote', args: [{ type: 'Hash160', value: SENDER.address }, { type: 'Any' }] });
    expect(submitted.status).toBe('pending');
    expect(node.sent[0]!.script).toBe(neonCallScript(NEO, 'vote', [sc.ContractParam.hash160(SENDER.scriptHash.slice(2)), sc.ContractParam.any()], false));
  });

  it('a FAULT test run is NEO_RPC_FAULT with the node’s exception, and nothing is sent', async () => {
    const node = await writableNode();
    node.on('invokescript', ([script]) => ({
      result: { script, state: 'FAULT', gasconsumed: '1007310', exception: 'ASSERT is executed with false result.', notifications: [], stack: [] },
    }));
    const error = await clientError(client(node.url, { wif: WIF }).transfer({ to: RECIPIENT, amount: '10', asset: 'GAS' }), 'NEO_RPC_FAULT');
    expect(error.exception).toBe('ASSERT is executed with false result.');
    expect(error.message).toContain(`transfer (${GAS} transfer) would fail: the node's test run ended in FAULT: ASSERT is executed with false result.; nothing was sent`);
    expect(node.count('calculatenetworkfee')).toBe(0);
    expect(node.count('sendrawtransaction')).toBe(0);
  });

  it('the node’s refusal of the transaction is its RpcError', async () => {
    const node = await writableNode();
    node.on('sendrawtransaction', { error: { code: -511, message: 'Insufficient funds' } });
    await rpcError(client(node.url, { wif: WIF }).transfer({ to: RECIPIENT, amount: '10', asset: 'GAS' }), -511);
  });

  it('a send whose answer was lost is retried; "already exists" then means it went through', async () => {
    const node = await writableNode();
    let first: string | undefined;
    node.on('sendrawtransaction', ([base64], seen) => {
      if (seen === 1) {
        first = deserializeTransaction(Buffer.from(base64, 'base64')).hash;
        return 'drop';
      }
      return { error: { code: -501, message: 'Already exists' } };
    });
    const submitted = await client(node.url, { wif: WIF }).transfer({ to: RECIPIENT, amount: '10', asset: 'GAS' });
    expect(submitted).toEqual({ hash: first, status: 'pending' });
    expect(node.count('sendrawtransaction')).toBe(2);
  });

  it('without a wif, transfer and invoke say how to configure one, and ask the node nothing', async () => {
    const node = await scriptedNode();
    const chain = client(node.url);
    const error = await clientError(chain.transfer({ to: RECIPIENT, amount: '10', asset: 'GAS' }), 'NEO_RPC_NO_WALLET');
    expect(error.message).toBe(
      `Neo RPC ${node.url}: transfer sends a signed transaction and needs the sending account's key: set NEOSL_WIF to its WIF private key (in the environment or .env); reads work without it`,
    );
    await clientError(chain.invoke({ scriptHash: NEO, operation: 'vote' }), 'NEO_RPC_NO_WALLET');
    expect(node.calls).toEqual([]);
  });

  it('transfer checks its arguments; from must be the wif account', async () => {
    const node = await writableNode();
    const chain = client(node.url, { wif: WIF });
    expect((await rpcError(chain.transfer({ to: 'nobody', amount: '1', asset: 'GAS' }), -32602)).message).toContain('Invalid recipient (to) "nobody"');
    expect((await rpcError(chain.transfer({ to: RECIPIENT, amount: '-1', asset: 'GAS' }), -32602)).message).toContain('Invalid amount "-1"');
    expect((await rpcError(chain.transfer({ to: RECIPIENT, amount: '1', asset: 'BTC' }), -32602)).message).toContain("expected 'NEO', 'GAS' or a NEP-17 contract hash");
    const from = await rpcError(chain.transfer({ to: RECIPIENT, amount: '1', asset: 'GAS', from: RECIPIENT }), -32602);
    expect(from.message).toContain(`transfers are signed with the NEOSL_WIF key of ${SENDER.address}`);
    expect(node.calls).toEqual([]);
  });

  it('an invalid wif fails at creation without showing the key', () => {
    const typo = WIF.slice(0, -1) + (WIF.endsWith('a') ? 'b' : 'a');
    expect(() => createRpcBlockchain('http://127.0.0.1:50012', { wif: typo })).toThrow(/^Neo RPC signing key \(NEOSL_WIF\): Invalid wif: checksum mismatch/);
    try {
      createRpcBlockchain('http://127.0.0.1:50012', { wif: typo });
    } catch (error) {
      expect((error as Error).message).not.toContain(typo);
    }
    expect(signingAccountFromWif('L1QqQJnpBwbsPGAuutuzPTac8piqvbR1HRjrY5qHup48TBCBFe4g').address).toBe(
      new neonWallet.Account('L1QqQJnpBwbsPGAuutuzPTac8piqvbR1HRjrY5qHup48TBCBFe4g').address,
    );
  });
});
