// Sending a contract call as a signed transaction: test run (invokescript) for the system fee, calculatenetworkfee,
// validUntilBlock from the height, an ECDSA witness, sendrawtransaction.
import { randomBytes } from 'node:crypto';
import type { InvokeResult, Signer, SubmittedTransaction } from '../../../sdk/blockchain-types.js';
import type { PendingCall } from '../chain-state.js';
import { isRpcError } from '../rpc-error.js';
import { signatureInvocationScript } from '../script-builder.js';
import { transactionHash } from '../serialization.js';
import { callScript, signData } from '../transaction-builder.js';
import { RpcClientError } from './rpc-client-error.js';
import { resultAmount, resultHash, resultInteger, resultObject } from './rpc-results.js';
import type { RpcTransport } from './rpc-transport.js';
import type { SigningAccount } from './signing-key.js';
import type { SignedTransaction } from './transaction-codec.js';
import { serializeTransaction } from './transaction-codec.js';

/** The environment variable the signing key is expected in. */
export const WIF_ENV_VAR = 'NEOSL_WIF';

/** Node error codes for a transaction it already has (Neo 3.6+: -501 AlreadyExists, -503 AlreadyInPool). */
const ALREADY_EXISTS = -501;
const ALREADY_IN_POOL = -503;

export interface NetworkInfo {
  network: number;
  maxValidUntilBlockIncrement: number;
}

export interface TransactionSender {
  transport: RpcTransport;
  account: SigningAccount | undefined;
  networkInfo(): Promise<NetworkInfo>;
}

export type SentCall = Pick<PendingCall, 'scriptHash' | 'operation' | 'args' | 'assert'>;

export function requireAccount(sender: TransactionSender, operation: string): SigningAccount {
  if (sender.account) return sender.account;
  const url = sender.transport.url;
  throw new RpcClientError(
    'NEO_RPC_NO_WALLET',
    `Neo RPC ${url}: ${operation} sends a signed transaction and needs the sending account's key: ` +
      `set ${WIF_ENV_VAR} to its WIF private key (in the environment or .env); reads work without it`,
    { url, method: operation },
  );
}

export async function sendCall(sender: TransactionSender, operation: string, call: SentCall): Promise<SubmittedTransaction> {
  const account = requireAccount(sender, operation);
  const { transport } = sender;
  const url = transport.url;
  const script = callScript(call).toString('base64');
  const signers: Signer[] = [{ account: account.scriptHash, scopes: 'CalledByEntry' }];

  const [testRun, blockCount, info] = await Promise.all([
    transport.call('invokescript', [script, signers]),
    transport.call('getblockcount'),
    sender.networkInfo(),
  ]);
  const test = resultObject<InvokeResult>(url, 'invokescript', testRun, ['state', 'gasconsumed']);
  if (test.state !== 'HALT') {
    const exception = test.exception ?? `the VM state is ${String(test.state)}`;
    throw new RpcClientError(
      'NEO_RPC_FAULT',
      `Neo RPC ${url}: ${operation} (${call.scriptHash} ${call.operation}) would fail: the node's test run ended in FAULT: ${exception}; nothing was sent`,
      { url, method: operation, exception },
    );
  }
  const sysfee = resultAmount(url, 'invokescript', 'gasconsumed', test.gasconsumed);
  const height = resultInteger(url, 'getblockcount', blockCount) - 1;

  const tx: SignedTransaction = {
    version: 0,
    nonce: randomBytes(4).readUInt32LE(0),
    sysfee: sysfee.toString(),
    netfee: '0',
    validuntilblock: height + info.maxValidUntilBlockIncrement,
    signers,
    attributes: [],
    script,
    // calculatenetworkfee reads the verification script from the witness; the invocation is not needed yet.
    witnesses: [{ invocation: '', verification: account.verificationScript.toString('base64') }],
  };
  const fee = await transport.call('calculatenetworkfee', [serializeTransaction(tx).toString('base64')]);
  tx.netfee = resultAmount(url, 'calculatenetworkfee', 'networkfee', resultObject<{ networkfee: unknown }>(url, 'calculatenetworkfee', fee, ['networkfee']).networkfee).toString();

  const hash = transactionHash(tx);
  const signature = account.sign(signData(info.network, hash));
  tx.witnesses = [{ invocation: signatureInvocationScript(signature).toString('base64'), verification: tx.witnesses[0]!.verification }];
  let sent: unknown;
  try {
    sent = await transport.call('sendrawtransaction', [serializeTransaction(tx).toString('base64')]);
  } catch (error) {
    // The nonce is random: a node that already has this transaction got it from a try whose answer was lost.
    const already = isRpcError(error) && (error.code === ALREADY_EXISTS || (error.code === ALREADY_IN_POOL && /already/i.test(error.message)));
    if (!already) throw error;
    return { hash, status: 'pending' };
  }
  // The node's hash is the one to look the transaction up by.
  return { hash: resultHash(url, 'sendrawtransaction', resultObject<{ hash: unknown }>(url, 'sendrawtransaction', sent, ['hash']).hash), status: 'pending' };
}
