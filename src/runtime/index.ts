// The function runtime: instances (worker threads), pools, the invoke protocol.
export { createRuntime, type EventInterest, type PreparedVersion, type Runtime, type RuntimeEvents } from './runtime.js';
export type { RuntimeErrorCode } from './errors.js';
export { FUNCTION_ERROR } from './errors.js';
export type * from './types.js';
