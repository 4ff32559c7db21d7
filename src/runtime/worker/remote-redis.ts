// The instance's Redis client: the commands the redis cache level issues (get, set, del, exists),
// sent to the one client the host holds (ioredis-mock or a real Redis). Values cross the port as
// the JSON text the level already made, so nothing is encoded twice.
import type { Redis } from 'ioredis';
import { registerRedisClient } from '../../backends/cache/redis-registry.js';
import type { WorkerData } from '../protocol.js';
import type { RemoteCalls } from './remote-calls.js';

/** What the host accepts; see host-services.ts. */
export const REDIS_COMMANDS = ['get', 'set', 'del', 'exists'] as const;

export function createRemoteRedis(calls: RemoteCalls, host: WorkerData['redis']): Redis {
  const client = {
    options: { commandTimeout: host.commandTimeoutMs },
    get: (key: string) => calls.call('redis', 'get', [key]),
    set: (...args: unknown[]) => calls.call('redis', 'set', args),
    del: (key: string) => calls.call('redis', 'del', [key]),
    exists: (key: string) => calls.call('redis', 'exists', [key]),
  } as unknown as Redis;
  // Messages about this client name the host's Redis, not a made-up address.
  registerRedisClient(client, host.label);
  return client;
}
