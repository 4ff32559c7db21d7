// `neosl` / `@neo-service/sdk`: everything a function can use.
export * from './function.js';
export * from './blockchain.js';
export * from './network.js';
export type * from './context.js';
export type * from './cache-types.js';
export type * from './database-types.js';
export type * from './network-types.js';
export type { TestContext, TestContextOptions, TestChain } from './testing.js';
