// Makes a redis client record the effect of each write before the write is answered: the client
// that serves instances' commands (see src/runtime/host-services.ts) gets its `set` and `del`
// replaced in place, so that the caller sees the reply only once the record is appended. Reads are
// left alone: they cost nothing more.
import type { Redis } from 'ioredis';
import { delEffect, setEffect, type AofRecord } from './redis-aof-records.js';

/** The commands that change data among those instances may send (REDIS_COMMANDS); the others only read. */
export const JOURNALED_COMMANDS = ['set', 'del'] as const;

type Command = (...args: unknown[]) => Promise<unknown>;

/**
 * `append` runs after the command succeeded and before its reply is handed on; when it throws, the
 * command rejects with that error (the write is in the fake but not durable, so it is not acknowledged).
 * In place rather than a wrapper object: the client's identity keys what the cache knows about it
 * (redis-registry), and ioredis-mock defines its commands on the instance anyway.
 */
export function journalRedisWrites(client: Redis, append: (record: AofRecord) => void): void {
  const commands = client as unknown as Record<string, Command>;
  const set = commands.set!.bind(client);
  const del = commands.del!.bind(client);
  commands.set = (...args) => {
    // The fake counts a relative expiry from when the command runs: now, synchronously.
    const now = Date.now();
    return set(...args).then((reply) => {
      const record = setEffect(args, reply, now);
      if (record) append(record);
      return reply;
    });
  };
  commands.del = (...args) =>
    del(...args).then((reply) => {
      const record = delEffect(args, reply);
      if (record) append(record);
      return reply;
    });
}
