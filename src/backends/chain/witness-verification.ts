// Witnesses of transactions sent from outside (sendrawtransaction): the standard verification scripts a node
// verifies without running a contract — single-signature (PUSHDATA1 <33-byte key> SYSCALL CheckSig) and
// m-of-n multi-signature (PUSH m, PUSHDATA1 <key>…, PUSH n, SYSCALL CheckMultisig) — checked with real
// secp256r1 ECDSA over SHA-256(network magic ‖ tx hash); and the network fee a node computes for them.
import { createPublicKey, verify } from 'node:crypto';
import type { Signer, Witness } from '../../sdk/blockchain-types.js';
import type { UnsignedTransaction } from './serialization.js';
import { hash160, varBytesSize, varIntSize } from './bytes.js';
import { scriptHashFromBytes } from './address.js';
import { interopHash } from './script-builder.js';
import { serializeTransactionUnsigned } from './serialization.js';
import { FEE_PER_BYTE, signData } from './transaction-builder.js';

/** PolicyContract's default ExecFeeFactor. */
export const EXEC_FEE_FACTOR = 30n;
const PUSHDATA1_PRICE = 8n;
const PUSH_INT_PRICE = 1n;
const CHECK_SIG_PRICE = 1n << 15n;
const PUSHDATA1 = 0x0c;
const SYSCALL = 0x41;
const CHECK_SIG = interopHash('System.Crypto.CheckSig');
const CHECK_MULTISIG = interopHash('System.Crypto.CheckMultisig');
/** DER prefix of a SubjectPublicKeyInfo for a compressed P-256 point. */
const SPKI_P256_COMPRESSED = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

export interface StandardContract {
  kind: 'single' | 'multi';
  /** Signatures needed (1 for a single-signature account). */
  m: number;
  /** Compressed keys, in the script's order. */
  publicKeys: Buffer[];
}

/** The standard contract a verification script is, or undefined for any other script. */
export function parseStandardContract(script: Buffer): StandardContract | undefined {
  if (script.length === 40 && script[0] === PUSHDATA1 && script[1] === 33 && script[35] === SYSCALL && script.subarray(36).equals(CHECK_SIG)) {
    return { kind: 'single', m: 1, publicKeys: [Buffer.from(script.subarray(2, 35))] };
  }
  // Multi-signature with m and n from 1 to 16 (PUSH1..PUSH16).
  const pushed = (byte: number | undefined) => (byte !== undefined && byte >= 0x11 && byte <= 0x20 ? byte - 0x10 : undefined);
  const m = pushed(script[0]);
  if (m === undefined) return undefined;
  const keys: Buffer[] = [];
  let offset = 1;
  while (script[offset] === PUSHDATA1 && script[offset + 1] === 33 && offset + 35 <= script.length) {
    keys.push(Buffer.from(script.subarray(offset + 2, offset + 35)));
    offset += 35;
  }
  const n = pushed(script[offset]);
  if (n === undefined || n !== keys.length || m > n) return undefined;
  if (offset + 6 !== script.length || script[offset + 1] !== SYSCALL || !script.subarray(offset + 2).equals(CHECK_MULTISIG)) return undefined;
  return { kind: 'multi', m, publicKeys: keys };
}

/** The signatures an invocation script pushes (PUSHDATA1 64 <sig>, repeated), or undefined for any other script. */
function signaturesOf(invocation: Buffer): Buffer[] | undefined {
  const signatures: Buffer[] = [];
  for (let offset = 0; offset < invocation.length; offset += 66) {
    if (invocation[offset] !== PUSHDATA1 || invocation[offset + 1] !== 64 || offset + 66 > invocation.length) return undefined;
    signatures.push(Buffer.from(invocation.subarray(offset + 2, offset + 66)));
  }
  return signatures;
}

/** ECDSA secp256r1 verification of a 64-byte r ‖ s signature of SHA-256(data); false for a key that is no curve point. */
export function verifySignature(data: Buffer, signature: Buffer, publicKey: Buffer): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_P256_COMPRESSED, publicKey]), format: 'der', type: 'spki' });
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/**
 * Why the witness of `signer` does not verify (undefined when it does): the verification script must be a
 * standard contract whose hash is the signer's account, and its signatures must verify as CheckSig /
 * CheckMultisig check them (m signatures, matched to the keys in order).
 */
export function witnessProblem(signer: Signer, witness: Witness, network: number, hash: string): string | undefined {
  const verification = Buffer.from(witness.verification, 'base64');
  if (verification.length === 0) return 'it has no verification script (contract-based verification is not supported by the local chain)';
  if (scriptHashFromBytes(hash160(verification)) !== signer.account) return `its verification script's hash is not the signer's account ${signer.account}`;
  const contract = parseStandardContract(verification);
  if (!contract) return 'its verification script is not a standard single- or multi-signature script (the only ones the local chain verifies)';
  const signatures = signaturesOf(Buffer.from(witness.invocation, 'base64'));
  if (!signatures || signatures.length !== contract.m) return `its invocation script does not push ${contract.m} 64-byte signature(s)`;
  const data = signData(network, hash);
  let key = 0;
  for (const signature of signatures) {
    while (key < contract.publicKeys.length && !verifySignature(data, signature, contract.publicKeys[key]!)) key++;
    if (key === contract.publicKeys.length) return "a signature does not verify against the network magic and the transaction's hash";
    key++;
  }
  return undefined;
}

/** What verifying a standard contract costs: ExecFeeFactor × its opcodes' prices. */
export function verificationFee(contract: StandardContract): bigint {
  if (contract.kind === 'single') return EXEC_FEE_FACTOR * (2n * PUSHDATA1_PRICE + CHECK_SIG_PRICE);
  const m = BigInt(contract.m);
  const n = BigInt(contract.publicKeys.length);
  return EXEC_FEE_FACTOR * (PUSHDATA1_PRICE * m + PUSH_INT_PRICE + PUSHDATA1_PRICE * n + PUSH_INT_PRICE + CHECK_SIG_PRICE * n);
}

/**
 * Helper.CalculateNetworkFee for standard contracts: the transaction's size with the witnesses its signatures
 * make (m × 66-byte pushes, the verification script) × FeePerByte, plus each verification's execution fee.
 * `verificationScripts[i]`: signer i's verification script (from its witness, or the account's known script).
 */
export function networkFee(tx: UnsignedTransaction, verificationScripts: Buffer[]): bigint {
  let size = serializeTransactionUnsigned(tx).length + varIntSize(tx.signers.length);
  let fee = 0n;
  verificationScripts.forEach((script, i) => {
    const contract = parseStandardContract(script);
    if (!contract) throw new TypeError(`signers[${i}]: the verification script is not a standard single- or multi-signature script`);
    size += varBytesSize(66 * contract.m) + varBytesSize(script.length);
    fee += verificationFee(contract);
  });
  return fee + BigInt(size) * FEE_PER_BYTE;
}
