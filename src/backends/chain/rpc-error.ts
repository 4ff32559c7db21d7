// RpcError: a JSON-RPC error with the code and message a Neo N3 node (RpcServer plugin) returns.

export const RpcErrorCode = {
  InvalidParams: -32602,
  UnknownBlock: -101,
  UnknownContract: -102,
  UnknownTransaction: -103,
} as const;

export class RpcError extends Error {
  /** The node's error code, e.g. -101. */
  readonly code: number;
  /** The node's `data` (detail), when it sends one. */
  readonly data: string | undefined;

  /** `message` as the node sends it: its base message, then " - " and the detail when there is one. */
  constructor(code: number, message: string, data?: string) {
    super(data ? `${message} - ${data}` : message);
    this.name = 'RpcError';
    this.code = code;
    this.data = data;
  }

  static invalidParams(detail?: string): RpcError {
    return new RpcError(RpcErrorCode.InvalidParams, 'Invalid params', detail);
  }

  static unknownBlock(): RpcError {
    return new RpcError(RpcErrorCode.UnknownBlock, 'Unknown block');
  }

  static unknownContract(): RpcError {
    return new RpcError(RpcErrorCode.UnknownContract, 'Unknown contract');
  }

  static unknownTransaction(): RpcError {
    return new RpcError(RpcErrorCode.UnknownTransaction, 'Unknown transaction');
  }
}

export function isRpcError(error: unknown): error is RpcError {
  return error instanceof RpcError;
}
