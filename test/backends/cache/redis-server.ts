// A throwaway real Redis for the cache tests: `redis-server` from PATH on a free 127.0.0.1 port,
// nothing saved to disk. Tests that need it skip (with the reason in their name) when it is missing.
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from '../../helpers/free-port.js';
import { spawnUntilReady, stopProcess } from '../../helpers/server-process.js';

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const redisServerBinary = findOnPath('redis-server');
export const realRedisSkipReason = redisServerBinary ? '' : ' (skipped: redis-server is not on PATH)';

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop). */
  restart(): Promise<void>;
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  return spawnUntilReady(binary, args, {}, { name: 'redis-server', port, text: 'Ready to accept connections', timeoutMs: 10_000 });
}

export async function startRedisServer(): Promise<RedisServer> {
  if (!redisServerBinary) throw new Error('redis-server is not on PATH');
  const binary = redisServerBinary;
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(binary, port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child) await stopProcess(child, 'SIGTERM');
      child = undefined;
    },
    async restart() {
      if (child) await stopProcess(child, 'SIGTERM');
      child = await launch(binary, port);
    },
  };
}
