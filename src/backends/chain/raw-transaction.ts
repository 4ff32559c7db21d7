// Transactions built and signed outside the chain (sendrawtransaction, calculatenetworkfee): decoded from the
// wire format and verified as a node verifies them before pooling, each refusal with the node's RPC code.
import type { Transaction } from '../../sdk/blockchain-types.js';
import type { ContractCallScript } from './script-reader.js';
import type { SignedTransaction } from './rpc/transaction-codec.js';
import { scriptHashToAddress } from './address.js';
import { isBase64 } from './bytes.js';
import { deserializeTransaction } from './rpc/transaction-codec.js';
import { RpcError } from './rpc-error.js';
import { readContractCallScript, ScriptReadError } from './script-reader.js';
import { MAX_VALID_UNTIL_BLOCK_INCREMENT } from './transaction-builder.js';
import { networkFee, witnessProblem } from './witness-verification.js';

/** ProtocolSettings' MaxTransactionSize. */
export const MAX_TRANSACTION_SIZE = 102_400;
/** The longest script Transaction.Deserialize reads (ushort.MaxValue). */
const MAX_SCRIPT_LENGTH = 65_535;

/** RpcError codes of a node's relay results (RpcServer GetRelayResult). */
export const RelayError = {
  verificationFailed: (data: string) => new RpcError(-500, 'Inventory verification failed', data),
  alreadyExists: (data: string) => new RpcError(-501, 'Inventory already exists', data),
  alreadyInPool: (data: string) => new RpcError(-503, 'Already in pool', data),
  insufficientNetworkFee: (data: string) => new RpcError(-504, 'Insufficient network fee', data),
  invalidScript: (data: string) => new RpcError(-506, 'Invalid transaction script', data),
  invalidSignature: (data: string) => new RpcError(-508, 'Invalid signature', data),
  invalidSize: (data: string) => new RpcError(-509, 'Invalid inventory size', data),
  expired: (data: string) => new RpcError(-510, 'Expired transaction', data),
  insufficientFunds: (data: string) => new RpcError(-511, 'Insufficient funds for fee', data),
} as const;

export type DecodedTransaction = SignedTransaction & { hash: string; size: number };

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The base64 transaction param → the transaction, or -32602 "Invalid Transaction Format" as the node answers. */
export function decodeRawTransaction(param: unknown, allowMissingWitnesses = false): DecodedTransaction {
  const invalid = (detail: string) => RpcError.invalidParams(`Invalid Transaction Format: ${shown(param)} (${detail})`);
  if (typeof param !== 'string') throw invalid('expected the signed transaction as a base64 string');
  const compact = param.replace(/[ \t\r\n]/g, '');
  if (compact === '' || !isBase64(compact)) throw invalid('not base64');
  let tx: DecodedTransaction;
  try {
    tx = deserializeTransaction(Buffer.from(compact, 'base64'), allowMissingWitnesses);
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw invalid(error.message);
  }
  const script = Buffer.from(tx.script, 'base64');
  if (script.length === 0) throw invalid('Invalid transaction: the script is empty');
  if (script.length > MAX_SCRIPT_LENGTH) throw invalid(`Invalid transaction: the script is ${script.length} bytes, more than ${MAX_SCRIPT_LENGTH}`);
  const accounts = new Set(tx.signers.map((s) => s.account));
  if (accounts.size !== tx.signers.length) throw invalid('Invalid transaction: a signer account appears twice');
  if (BigInt(tx.sysfee) < 0n || BigInt(tx.netfee) < 0n) throw invalid('Invalid transaction: a negative fee');
  return tx;
}

/** What verification reads from the chain. */
export interface RawTransactionContext {
  network: number;
  height: number;
  isInBlock(hash: string): boolean;
  isInPool(hash: string): boolean;
  /** GAS balance of a script hash. */
  gasBalance(account: string): bigint;
  /** systemFee + networkFee of the pooled transactions whose sender (first signer) is the account. */
  pooledFees(account: string): bigint;
}

export interface AcceptedTransaction {
  tx: Transaction;
  read: ContractCallScript;
}

/**
 * Verifies a decoded transaction as a node does before pooling it, in the node's order (already known,
 * state-independent: size, script, witnesses; state-dependent: expiry, fee balance, network fee), and returns
 * it in the chain's JSON with its read script. Throws the node's relay RpcError; nothing is changed.
 */
/** The node's TransactionVerificationContext check: the sender's GAS covers these fees and those of its pooled transactions (-511 otherwise). */
export function checkFeeFunds(ctx: Pick<RawTransactionContext, 'gasBalance' | 'pooledFees'>, sender: string, fees: bigint): void {
  const balance = ctx.gasBalance(sender);
  const pooled = ctx.pooledFees(sender);
  if (balance < fees + pooled) {
    throw RelayError.insufficientFunds(
      `InsufficientFunds: the sender ${sender} holds ${balance} GAS fractions; the fees need ${fees}${pooled ? ` on top of ${pooled} for its pooled transactions` : ''}`,
    );
  }
}

export function verifyRawTransaction(ctx: RawTransactionContext, tx: DecodedTransaction): AcceptedTransaction {
  if (ctx.isInPool(tx.hash)) throw RelayError.alreadyInPool('AlreadyInPool');
  if (ctx.isInBlock(tx.hash)) throw RelayError.alreadyExists('AlreadyExists');
  if (tx.size > MAX_TRANSACTION_SIZE) throw RelayError.invalidSize(`OverSize: ${tx.size} bytes, more than ${MAX_TRANSACTION_SIZE}`);
  let read: ContractCallScript;
  try {
    read = readContractCallScript(Buffer.from(tx.script, 'base64'));
  } catch (error) {
    if (!(error instanceof ScriptReadError)) throw error;
    throw RelayError.invalidScript(`InvalidScript: the local chain cannot run this script: ${error.message}`);
  }
  tx.signers.forEach((signer, i) => {
    const problem = witnessProblem(signer, tx.witnesses[i]!, ctx.network, tx.hash);
    if (problem) throw RelayError.invalidSignature(`InvalidSignature: witness ${i} (signer ${signer.account}): ${problem}`);
  });
  if (tx.validuntilblock <= ctx.height || tx.validuntilblock > ctx.height + MAX_VALID_UNTIL_BLOCK_INCREMENT) {
    throw RelayError.expired(
      `Expired: validUntilBlock ${tx.validuntilblock} is not within (${ctx.height}, ${ctx.height + MAX_VALID_UNTIL_BLOCK_INCREMENT}] (height ${ctx.height}, MaxValidUntilBlockIncrement ${MAX_VALID_UNTIL_BLOCK_INCREMENT})`,
    );
  }
  const sender = tx.signers[0]!.account;
  checkFeeFunds(ctx, sender, BigInt(tx.sysfee) + BigInt(tx.netfee));
  const needed = networkFee(tx, tx.witnesses.map((w) => Buffer.from(w.verification, 'base64')));
  if (BigInt(tx.netfee) < needed) throw RelayError.insufficientNetworkFee(`InsufficientNetworkFee: ${tx.netfee} given, ${needed} needed`);
  return {
    tx: {
      hash: tx.hash,
      size: tx.size,
      version: tx.version,
      nonce: tx.nonce,
      sender: scriptHashToAddress(sender),
      sysfee: tx.sysfee,
      netfee: tx.netfee,
      validuntilblock: tx.validuntilblock,
      signers: tx.signers,
      attributes: [],
      script: tx.script,
      witnesses: tx.witnesses,
    },
    read,
  };
}
