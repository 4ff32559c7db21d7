// The host's answers to instances' service calls: Redis commands on the one shared client, chain
// methods on the one chain, and context.functions.execute through the runtime itself. Permissions
// are enforced here, not in the instance: function code can post raw messages on its port.
import type { Redis } from 'ioredis';
import { redisClientInfo } from '../backends/cache/redis-registry.js';
import type { Blockchain } from '../sdk/blockchain-types.js';
import { chainMethodPermission, EXECUTE_PERMISSION, type PermissionCheck } from '../sdk/permissions.js';
import type { ServiceCall } from './protocol.js';
import type { InvokeOutcome, InvokeOptions } from './types.js';
import { CHAIN_METHODS } from './worker/remote-chain.js';
import { REDIS_COMMANDS } from './worker/remote-redis.js';

const redisCommands = new Set<string>(REDIS_COMMANDS);
const chainMethods = new Set<string>(CHAIN_METHODS);

export interface HostServicesOptions {
  redis: Redis;
  blockchain: Blockchain;
  invoke(name: string, input: unknown, options: InvokeOptions): Promise<InvokeOutcome>;
}

/** `caller`: the calling function's permissions, as the host knows them (never as the instance says). */
export type ServeCall = (call: ServiceCall, caller: PermissionCheck) => Promise<unknown>;

/** The error a failed execute() rejects with in the caller: the callee's name, message, code and status. */
function executeError(outcome: Extract<InvokeOutcome, { ok: false }>): Error {
  const { name, message, code, statusCode, details } = outcome.error;
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { code, statusCode, details });
}

export function createHostServices({ redis, blockchain, invoke }: HostServicesOptions): ServeCall {
  const info = redisClientInfo(redis);
  const callRedis = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const callChain = blockchain as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

  const serve = (call: ServiceCall, caller: PermissionCheck): Promise<unknown> => {
    switch (call.service) {
      case 'redis': {
        if (!redisCommands.has(call.method)) return Promise.reject(new Error(`redis: the command ${String(call.method)} is not available to functions`));
        return callRedis[call.method]!(...call.args).catch((error: unknown) => {
          // "Connection is closed" says little: the client's last connection error says why.
          if (error instanceof Error && error.name !== 'ReplyError' && info.lastError) {
            throw Object.assign(new Error(info.lastError.message), { name: 'Error' });
          }
          throw error;
        });
      }
      case 'chain': {
        if (!chainMethods.has(call.method)) return Promise.reject(new TypeError(`blockchain.${String(call.method)} is not a function`));
        const denied = caller.denial(chainMethodPermission(call.method), `blockchain.${call.method}()`);
        if (denied) return Promise.reject(denied);
        return Promise.resolve(callChain[call.method]!.call(blockchain, ...call.args));
      }
      case 'execute': {
        const denied = caller.denial(EXECUTE_PERMISSION, `context.functions.execute(${JSON.stringify(String(call.method))})`);
        if (denied) return Promise.reject(denied);
        const [input, traceId] = call.args as [unknown, string | undefined];
        return invoke(String(call.method), input, { traceId: typeof traceId === 'string' ? traceId : undefined }).then((outcome) => {
          if (!outcome.ok) throw executeError(outcome);
          return outcome.value;
        });
      }
      default:
        return Promise.reject(new Error(`unknown service ${JSON.stringify(String((call as { service: unknown }).service))}`));
    }
  };

  // A message crafted by function code (args not a list, a method that is no string …) must fail
  // that call, never throw in the host.
  return (call, caller) => {
    try {
      return serve(call, caller);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
