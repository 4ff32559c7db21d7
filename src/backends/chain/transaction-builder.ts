// Transactions as a wallet builds them: the call script, one CalledByEntry signer, fees, hash, witness.
import type { Signer, Transaction, Witness } from '../../sdk/blockchain-types.js';
import type { PendingCall } from './chain-state.js';
import type { Keyring } from './keyring.js';
import { BinaryWriter } from './bytes.js';
import { scriptHashToAddress } from './address.js';
import { placeholderInvocationScript } from './keys.js';
import { OpCode, ScriptBuilder } from './script-builder.js';
import { hash256ToBytes, transactionHash, transactionSize } from './serialization.js';

/** PolicyContract's default fee per byte (10^-8 GAS). */
export const FEE_PER_BYTE = 1000n;
/** Verifying one signature: ExecFeeFactor 30 × (2 × PUSHDATA1 + System.Crypto.CheckSig). */
export const SIGNATURE_VERIFICATION_FEE = 30n * (2n * 8n + 32768n);
/** MaxValidUntilBlockIncrement for 15-second blocks. */
export const MAX_VALID_UNTIL_BLOCK_INCREMENT = 5760;

/** The script a call runs: EmitDynamicCall, plus ASSERT for wallet transfers. */
export function callScript(call: Pick<PendingCall, 'scriptHash' | 'operation' | 'args' | 'assert'>): Buffer {
  const builder = new ScriptBuilder().dynamicCall(call.scriptHash, call.operation, call.args);
  if (call.assert) builder.emit(OpCode.ASSERT);
  return builder.toBuffer();
}

/** What a witness signs: the network magic (uint32 LE) then the hash (as stored). */
export function signData(network: number, hash: string): Buffer {
  return new BinaryWriter().u32(network).bytes(hash256ToBytes(hash)).toBuffer();
}

export interface TransactionRequest {
  call: PendingCall;
  /** The sender's script hash (the only signer). */
  sender: string;
  sysfee: bigint;
  nonce: number;
  validUntilBlock: number;
  network: number;
}

export function buildTransaction(keyring: Keyring, request: TransactionRequest): Transaction {
  const account = keyring.byScriptHash.get(request.sender);
  const signers: Signer[] = [{ account: request.sender, scopes: 'CalledByEntry' }];
  const script = callScript(request.call).toString('base64');
  // An account the chain has no key for (one given balances by address) gets an empty witness.
  const verification = account ? account.verificationScript : Buffer.alloc(0);
  const invocationLength = account ? 66 : 0;
  const unsigned = {
    version: 0,
    nonce: request.nonce,
    sysfee: request.sysfee.toString(),
    netfee: '0',
    validuntilblock: request.validUntilBlock,
    signers,
    attributes: [] as unknown[],
    script,
  };
  const sizingWitness: Witness = {
    invocation: Buffer.alloc(invocationLength).toString('base64'),
    verification: verification.toString('base64'),
  };
  const size = transactionSize({ ...unsigned, witnesses: [sizingWitness] });
  unsigned.netfee = (FEE_PER_BYTE * BigInt(size) + (account ? SIGNATURE_VERIFICATION_FEE : 0n)).toString();
  const hash = transactionHash(unsigned);
  const invocation = account
    ? placeholderInvocationScript(Buffer.from(account.privateKey, 'hex'), signData(request.network, hash))
    : Buffer.alloc(0);
  return {
    hash,
    size,
    version: unsigned.version,
    nonce: unsigned.nonce,
    sender: scriptHashToAddress(request.sender),
    sysfee: unsigned.sysfee,
    netfee: unsigned.netfee,
    validuntilblock: unsigned.validuntilblock,
    signers,
    attributes: [],
    script,
    witnesses: [{ invocation: invocation.toString('base64'), verification: verification.toString('base64') }],
  };
}
