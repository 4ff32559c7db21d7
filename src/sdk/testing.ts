// `@neo-service/sdk/testing`: a Context on the real local backends, in memory, for unit tests.
import type { Block } from './blockchain-types.js';
import type { Context, LogRecord, MetricsSnapshot } from './context.js';
import type { InvokeResult, StackItem } from './blockchain-types.js';

export interface TestContextOptions {
  functionName?: string;
  env?: Record<string, string>;
  secrets?: Record<string, string>;
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
  readonly metrics: { snapshot(): MetricsSnapshot };
  readonly chain: TestChain;
  /** Closes the backends; call it in afterEach. */
  cleanup(): Promise<void>;
}

export declare function createTestContext(options?: TestContextOptions): Promise<TestContext>;

export type { Context, LogRecord, MetricsSnapshot } from './context.js';
