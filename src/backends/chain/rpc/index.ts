// The Blockchain of a real Neo N3 node over JSON-RPC (blockchain.rpcUrl).
export { createRpcBlockchain } from './rpc-blockchain.js';
export type { RpcBlockchain, RpcBlockchainOptions } from './rpc-blockchain.js';
export { RpcClientError, isRpcClientError } from './rpc-client-error.js';
export type { RpcClientErrorCode } from './rpc-client-error.js';
export { createRpcTransport, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './rpc-transport.js';
export type { RpcTransport, RpcTransportOptions } from './rpc-transport.js';
export { WIF_ENV_VAR } from './transaction-sender.js';
export { deserializeTransaction, serializeTransaction } from './transaction-codec.js';
export { privateKeyFromWif, signingAccountFromWif, wifFromPrivateKey } from './signing-key.js';
