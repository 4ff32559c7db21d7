// RpcClientError: what goes wrong between the client and a Neo N3 node, other than a JSON-RPC error (that is an RpcError).

export type RpcClientErrorCode =
  /** No answer within the timeout. */
  | 'NEO_RPC_TIMEOUT'
  /** The connection failed (refused, reset, hung up, unreachable), after the retries. */
  | 'NEO_RPC_UNREACHABLE'
  /** An HTTP status other than 2xx without a JSON-RPC error in the body. */
  | 'NEO_RPC_HTTP_STATUS'
  /** The answer is not JSON, has neither result nor error, or the result has the wrong shape. */
  | 'NEO_RPC_BAD_RESPONSE'
  /** close() was called. */
  | 'NEO_RPC_CLOSED'
  /** transfer/invoke without a signing key (wif). */
  | 'NEO_RPC_NO_WALLET'
  /** The node's test run of a transaction's script ended in FAULT; nothing was sent. */
  | 'NEO_RPC_FAULT';

export interface RpcClientErrorFields {
  url: string;
  /** The RPC method (or the Blockchain operation for NO_WALLET and FAULT). */
  method: string;
  attempts?: number;
  /** The system error code behind NEO_RPC_UNREACHABLE, e.g. ECONNREFUSED. */
  errno?: string;
  status?: number;
  /** The node's exception for NEO_RPC_FAULT. */
  exception?: string;
  cause?: unknown;
}

export class RpcClientError extends Error {
  readonly code: RpcClientErrorCode;
  readonly url: string;
  readonly method: string;
  readonly attempts: number;
  readonly isTimeout: boolean;
  readonly errno: string | undefined;
  readonly status: number | undefined;
  readonly exception: string | undefined;

  constructor(code: RpcClientErrorCode, message: string, fields: RpcClientErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'RpcClientError';
    this.code = code;
    this.url = fields.url;
    this.method = fields.method;
    this.attempts = fields.attempts ?? 0;
    this.isTimeout = code === 'NEO_RPC_TIMEOUT';
    this.errno = fields.errno;
    this.status = fields.status;
    this.exception = fields.exception;
  }
}

export function isRpcClientError(error: unknown): error is RpcClientError {
  return error instanceof RpcClientError;
}
