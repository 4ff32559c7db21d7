// sendrawtransaction and calculatenetworkfee on the in-process chain: transactions built and signed outside
// (neon-js's tx.Transaction, wallets) are decoded, verified as a node verifies them (backends/chain/
// raw-transaction.ts, witness-verification.ts) and pooled; mined, their contract-call script runs with the
// signers' scopes and their fees are burned from the sender.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import { scriptHashFromBytes } from '../../backends/chain/address.js';
import { hash160 } from '../../backends/chain/bytes.js';
import { decodeRawTransaction } from '../../backends/chain/raw-transaction.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import { multiSigVerificationScript } from '../../backends/chain/script-builder.js';
import { networkFee } from '../../backends/chain/witness-verification.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { localOnly } from './local-only.js';

const TX_PARAM = { name: 'tx', form: 'a base64 string (the serialized transaction, e.g. neon-js tx.Transaction serialize(true) as base64)' };

/** The verification script of each signer: its witness's, else the local chain's own script for the account. */
function verificationScripts(local: LocalChain, tx: ReturnType<typeof decodeRawTransaction>): Buffer[] {
  const known = new Map(local.devAccounts.map((a) => [a.scriptHash, a.verificationScript]));
  return tx.signers.map((signer, i) => {
    const fromWitness = tx.witnesses[i] ? Buffer.from(tx.witnesses[i]!.verification, 'base64') : Buffer.alloc(0);
    if (fromWitness.length > 0) return fromWitness;
    const script = known.get(signer.account) ?? consensusScript(local, signer.account);
    if (!script) {
      throw RpcError.invalidParams(
        `signers[${i}]: no verification script for ${signer.account}: it is not an account of the local chain and the transaction carries no witness for it`,
      );
    }
    return script;
  });
}

/** The validator's 1-of-1 multi-signature script (the committee account), when it is `account`'s. */
function consensusScript(local: LocalChain, account: string): Buffer | undefined {
  const script = multiSigVerificationScript(1, [Buffer.from(local.validatorPublicKey, 'hex')]);
  return scriptHashFromBytes(hash160(script)) === account ? script : undefined;
}

/** sendrawtransaction [tx], calculatenetworkfee [tx]; `local`: the in-process chain, if neosl runs one. */
export function transactionMethods(local: LocalChain | undefined): [string, ChainRpcMethod][] {
  return [
    localOnly('sendrawtransaction', local, [TX_PARAM], async (chain, [raw]) => {
      const { hash } = chain.submitRawTransaction(decodeRawTransaction(raw));
      return { hash };
    }),
    localOnly('calculatenetworkfee', local, [TX_PARAM], async (chain, [raw]) => {
      const tx = decodeRawTransaction(raw, true);
      try {
        return { networkfee: networkFee(tx, verificationScripts(chain, tx)).toString() };
      } catch (error) {
        if (error instanceof TypeError) throw RpcError.invalidParams(error.message);
        throw error;
      }
    }),
  ];
}
