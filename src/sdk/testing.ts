// `@neo-service/sdk/testing`: a Context on the real local backends, in memory, for unit tests.
import type { Block, InvokeResult, StackItem } from './blockchain-types.js';
import type { Context, LogRecord, MetricsSnapshot } from './context.js';
import type { NeoFunction } from './function.js';
import type { SpanRecord } from './observability/tracer.js';
import { randomUUID } from 'node:crypto';
import { createRequestContext } from './context/create-context.js';
import { createSecrets } from './context/secrets.js';
import { activeBlockchainOrUndefined, setActiveBlockchain } from './context/active-blockchain.js';
import { MetricsRegistry } from './observability/metrics.js';
import { NeoError } from './neo-error.js';
import { EXECUTE_PERMISSION, guardBlockchain, PermissionCheck } from './permissions.js';
import { PERMISSIONS, type Permission } from '../config/types.js';
import { createMemoryCache } from '../backends/cache/memory-cache.js';
import { openRedisConnection } from '../backends/cache/redis-connection.js';
import { createCache } from '../backends/cache/cache.js';
import { openDocumentDatabase } from '../backends/database/document-database.js';
import { createLocalChain } from '../backends/chain/local-chain.js';

export interface TestContextOptions {
  functionName?: string;
  env?: Record<string, string>;
  secrets?: Record<string, string>;
  /** Functions that context.functions.execute can call, by name. */
  functions?: Record<string, NeoFunction>;
  /**
   * The function's neosl.yaml `permissions`. Default: every permission, since a unit test is not a
   * deployment; pass the function's own list to check that it declares what it calls (a missing one
   * makes the call reject with PERMISSION_DENIED, as under `neosl dev`).
   */
  permissions?: Permission[];
  /** Options of the in-process chain. */
  chain?: {
    /** Balances to seed: address → asset ('NEO', 'GAS' or hash) → amount in the smallest unit. */
    balances?: Record<string, Record<string, string | number | bigint>>;
  };
}

export interface TestChain {
  /** Seeded accounts, each holding NEO and GAS. */
  readonly accounts: string[];
  /** Seals the mempool into a new block and resolves with it. */
  mineBlock(): Promise<Block>;
  setBalance(address: string, asset: string, amount: string | number | bigint): void;
  /** Makes test invocations of scriptHash.operation answer with result (a stack, or a full InvokeResult). */
  onInvoke(scriptHash: string, operation: string, result: StackItem[] | Partial<InvokeResult>): void;
}

export interface TestContext {
  readonly context: Context;
  /** Every record the function logged, in order. */
  readonly logs: LogRecord[];
  /** Every span ended, in the order they ended. */
  readonly spans: SpanRecord[];
  readonly metrics: { snapshot(): MetricsSnapshot };
  readonly chain: TestChain;
  /** Closes the backends; call it in afterEach. */
  cleanup(): Promise<void>;
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const functionName = options.functionName ?? 'test';
  const logs: LogRecord[] = [];
  const spans: SpanRecord[] = [];
  const metrics = new MetricsRegistry();
  const redis = openRedisConnection({ isolated: true });
  const database = openDocumentDatabase({ file: ':memory:' });
  const chain = createLocalChain({ balances: options.chain?.balances });
  const functions = options.functions ?? {};
  const check = new PermissionCheck(functionName, options.permissions ?? PERMISSIONS);
  const blockchain = options.permissions === undefined ? chain.blockchain : guardBlockchain(chain.blockchain, check);

  const services = {
    functionName,
    env: { ...options.env },
    secrets: createSecrets({ ...options.secrets }, check),
    cache: createCache({ memory: createMemoryCache({}), redisClient: redis.client }),
    database,
    blockchain,
    metrics,
    onLog: (record: LogRecord) => void logs.push(record),
    onSpan: (span: SpanRecord) => void spans.push(span),
    async executeFunction(name: string, input: unknown, caller: { traceId: string }): Promise<unknown> {
      const denied = check.denial(EXECUTE_PERMISSION, `context.functions.execute(${JSON.stringify(name)})`);
      if (denied) throw denied;
      const target = Object.hasOwn(functions, name) ? functions[name] : undefined;
      if (!target) {
        const known = Object.keys(functions);
        throw new NeoError('NOT_FOUND', `function "${name}" is not registered in this test context (${known.length ? `known: ${known.join(', ')}` : 'pass createTestContext({ functions: { name: fn } })'})`);
      }
      return target(input, createRequestContext({ ...services, functionName: name }, { requestId: randomUUID(), traceId: caller.traceId }));
    },
  };
  setActiveBlockchain(blockchain);

  let cleaned = false;
  return {
    context: createRequestContext(services, { requestId: randomUUID() }),
    logs,
    spans,
    metrics: { snapshot: () => metrics.snapshot() },
    chain: {
      accounts: chain.accounts,
      mineBlock: () => chain.mineBlock(),
      setBalance: (address, asset, amount) => chain.setBalance(address, asset, amount),
      onInvoke: (scriptHash, operation, result) => chain.onInvoke(scriptHash, operation, result),
    },
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      if (activeBlockchainOrUndefined() === blockchain) setActiveBlockchain(undefined);
      chain.close();
      database.close();
      await redis.close();
    },
  };
}

export type { Context, LogRecord, MetricsSnapshot } from './context.js';
export type { Permission } from '../config/types.js';
export type { SpanRecord } from './observability/tracer.js';
