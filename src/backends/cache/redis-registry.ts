// What the cache knows about each Redis client besides the client itself: a printable URL for
// error messages (password redacted), the last connection error, and whether it was closed.
import type { Redis } from 'ioredis';

export interface RedisClientInfo {
  /** The URL as shown in messages, password replaced by ***. */
  url: string;
  /** The last error the client reported (connection refused, auth, timeout…). */
  lastError?: Error;
  closed: boolean;
}

const infos = new WeakMap<Redis, RedisClientInfo>();

/** The URL with any password replaced by ***; the text itself when it is not a URL. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Unparsable, yet it may hold credentials: whatever stands before an '@' is hidden.
    return url.includes('@') ? `***@${url.slice(url.lastIndexOf('@') + 1)}` : url;
  }
}

export function registerRedisClient(client: Redis, url: string): RedisClientInfo {
  const info: RedisClientInfo = { url: redactRedisUrl(url), closed: false };
  infos.set(client, info);
  return info;
}

/** The info of a client, registering one made elsewhere under the address its options name. */
export function redisClientInfo(client: Redis): RedisClientInfo {
  const known = infos.get(client);
  if (known) return known;
  const { host = 'localhost', port = 6379, db = 0 } = client.options ?? {};
  return registerRedisClient(client, `redis://${host}:${port}${db ? `/${db}` : ''}`);
}
