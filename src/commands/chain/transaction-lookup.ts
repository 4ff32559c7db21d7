// A transaction and its application log, read at /_neosl/rpc as from any Neo N3 node
// (getrawtransaction verbose, getapplicationlog, getblock for its index), and the bounded wait for
// a pending one to land in a block.
import type { ApplicationLog, Block, Transaction } from '../../sdk/blockchain-types.js';
import { UsageError, UserError } from '../../errors.js';
import { RpcAnswerError, rpcCall } from './emulator-client.js';

export interface TransactionRecord {
  transaction: Transaction;
  /** Null while the transaction waits in the mempool. */
  applicationLog: ApplicationLog | null;
  /** The index of its block; absent while pending. */
  blockIndex?: number;
}

/** The node's code for a transaction it does not know. */
const UNKNOWN_TRANSACTION = -103;
const TRANSACTION_HASH = /^(?:0x)?[0-9a-fA-F]{64}$/;
const POLL_MS = 100;

/** A transaction hash given with or without 0x, as 0x + 64 lowercase hex digits; a usage error naming it otherwise. */
export function parseTransactionHash(text: string): string {
  if (!TRANSACTION_HASH.test(text)) {
    const digits = text.replace(/^0x/i, '');
    const detail = /^[0-9a-fA-F]*$/.test(digits) ? `it has ${digits.length} hex digits, not 64` : 'it is not hexadecimal';
    throw new UsageError(`transaction hash ${JSON.stringify(text)}: ${detail}`, {
      hint: 'A transaction hash is 0x followed by 64 hex digits (the 0x is optional), as "neosl chain transfer" prints it.',
    });
  }
  return `0x${text.replace(/^0x/i, '').toLowerCase()}`;
}

/** The transaction, its log and block; undefined when the chain does not know the hash. */
export async function lookUpTransaction(base: string, hash: string): Promise<TransactionRecord | undefined> {
  let transaction: Transaction;
  try {
    transaction = await rpcCall<Transaction>(base, 'getrawtransaction', [hash, true]);
  } catch (error) {
    if (error instanceof RpcAnswerError && (error.code === UNKNOWN_TRANSACTION || /unknown transaction/i.test(error.message))) return undefined;
    throw chainReadError(base, error);
  }
  if (transaction.blockhash === undefined) return { transaction, applicationLog: null };
  try {
    const [applicationLog, block] = await Promise.all([
      rpcCall<ApplicationLog>(base, 'getapplicationlog', [hash]),
      rpcCall<Block>(base, 'getblock', [transaction.blockhash, true]),
    ]);
    return { transaction, applicationLog, blockIndex: block.index };
  } catch (error) {
    throw chainReadError(base, error);
  }
}

function chainReadError(base: string, error: unknown): unknown {
  if (!(error instanceof RpcAnswerError)) return error;
  return new UserError(`the chain of ${base} could not be read: ${error.message} (JSON-RPC error ${error.code})`, { code: 'CHAIN_ERROR' });
}

/** Polls until the transaction is in a block or the deadline passes; the last record either way. */
export async function waitForBlock(base: string, hash: string, timeoutMs: number): Promise<TransactionRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await lookUpTransaction(base, hash);
    if (record === undefined || record.applicationLog !== null || Date.now() >= deadline) return record;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
