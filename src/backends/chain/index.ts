// The in-process Neo N3 chain: createLocalChain and the helpers other backends and the SDK use.
export { createLocalChain, DEFAULT_ACCOUNT_COUNT, DEFAULT_SEED } from './local-chain.js';
export type { BlockListener, LocalChain, LocalChainOptions } from './local-chain.js';
export type { ChainSnapshot } from './chain-state.js';
export { RpcError, RpcErrorCode, isRpcError } from './rpc-error.js';
export {
  ADDRESS_VERSION,
  addressToScriptHash,
  isValidAddress,
  isValidScriptHash,
  normalizeScriptHash,
  parseAccount,
  scriptHashToAddress,
} from './address.js';
export { decodeNotificationState, decodeStackItem } from './decode-stack-item.js';
export { blockEvent, notificationEvents } from './events.js';
export { deriveAccounts } from './keys.js';
export type { DevAccount } from './keys.js';
// A real Neo N3 node over JSON-RPC (blockchain.rpcUrl).
export { createRpcBlockchain, isRpcClientError, RpcClientError, WIF_ENV_VAR } from './rpc/index.js';
export type { RpcBlockchain, RpcBlockchainOptions, RpcClientErrorCode } from './rpc/index.js';
