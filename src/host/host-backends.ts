// The backends a host's functions share: the Redis cache (the in-process fake, persisted under the
// state folder, or a real Redis), the SQLite file (or PostgreSQL) and the chain (the in-process fake,
// saved with the state, or a real node). Opened before the runtime, closed after it.
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import { openRedisConnection, type RedisConnection } from '../backends/cache/redis-connection.js';
import { nodeClientFactory, startChainHost, type ChainHost } from '../backends/chain/chain-host.js';
import type { BlockchainConfig } from '../config/types.js';
import { RedisPersistence } from '../emulator/redis-persistence.js';
import type { ApplicationLog, Block } from '../sdk/blockchain-types.js';
import type { HostEventMap } from './events.js';

export interface HostBackendOptions {
  /** Where the cache fake and the chain persist; undefined: nowhere (in memory). */
  stateDir?: string;
  /** The SQLite file every instance opens, or ':memory:'. */
  databaseFile: string;
  /** A real Redis; absent: the in-process fake. */
  redisUrl?: string;
  blockchain: BlockchainConfig;
  /** Where a real node's credentials (NEOSL_WIF…) are read from. */
  chainEnv: Record<string, string | undefined>;
  memoryCacheMaxEntries: number;
}

export interface HostBackends {
  redisUrl?: string;
  databaseFile: string;
  chain: ChainHost;
  /** Journals the fake's writes before they are answered (a kill -9 loses none). */
  persistRedisWrites?: RedisPersistence['journal'];
  close(report: (message: string) => void): Promise<void>;
}

export async function openHostBackends(
  options: HostBackendOptions,
  events: EventEmitter<HostEventMap>,
  onBlock: (block: Block, logs: ApplicationLog[]) => void,
): Promise<HostBackends> {
  const error = (message: string, code: string) => events.emit('error', { type: 'error', time: Date.now(), message, code });
  let redis: RedisConnection | undefined;
  let redisPersistence: RedisPersistence | undefined;
  if (options.redisUrl === undefined && options.stateDir !== undefined) {
    redis = openRedisConnection();
    redisPersistence = await RedisPersistence.open(redis.client, { dir: options.stateDir, onError: (message) => error(message, 'CACHE') });
  }
  const chain = startChainHost({
    rpcUrl: options.blockchain.rpcUrl,
    blockIntervalMs: options.blockchain.blockIntervalMs,
    contracts: options.blockchain.contracts,
    ...(options.stateDir !== undefined ? { stateFile: join(options.stateDir, 'chain.json') } : {}),
    connect: nodeClientFactory(options.chainEnv),
    onBlock,
    onError: (message) => error(message, 'CHAIN'),
  });
  return {
    ...(options.redisUrl !== undefined ? { redisUrl: options.redisUrl } : {}),
    databaseFile: options.databaseFile,
    chain,
    ...(redisPersistence ? { persistRedisWrites: redisPersistence.journal.bind(redisPersistence) } : {}),
    async close(report) {
      await chain.close();
      if (redisPersistence) await redisPersistence.close().catch((failure: unknown) => report(`could not save the cache: ${(failure as Error).message}`));
      await redis?.close();
    },
  };
}
