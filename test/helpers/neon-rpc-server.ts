// A chain served over HTTP as /_neosl/rpc serves it, with a neon-js RPCClient pointed at it, and the
// error neon-js throws for a JSON-RPC error answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rpc } from '@cityofzion/neon-js';
import { expect } from 'vitest';
import type { LocalChain } from '../../src/backends/chain/local-chain.js';
import { createChainRpcHandler } from '../../src/emulator/rpc/index.js';
import type { Blockchain } from '../../src/sdk/blockchain-types.js';

export interface NeonRpcServer {
  server: Server;
  client: InstanceType<typeof rpc.RPCClient>;
  close(): Promise<void>;
}

/** Serves `chain` (with `local`, the in-process chain's own methods too) on a loopback port. */
export async function startNeonRpcServer(chain: Blockchain, local?: LocalChain): Promise<NeonRpcServer> {
  const server = createServer(createChainRpcHandler(chain, local ? { local } : {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new rpc.RPCClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/_neosl/rpc`);
  return { server, client, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The error neon-js throws for a JSON-RPC error answer. */
export async function rejection(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as { code: number; message: string };
}
