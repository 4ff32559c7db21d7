// Neo N3 binary layouts of headers and transactions: hashes (single SHA-256 of the unsigned data,
// displayed byte-reversed), sizes, and the Merkle root of a block's transactions.
import type { Block, Signer, Transaction, Witness } from '../../sdk/blockchain-types.js';
import { BinaryWriter, hash256, reversed, sha256, varBytesSize, varIntSize } from './bytes.js';
import { addressToScriptHash, scriptHashToBytes } from './address.js';

export const ZERO_HASH = '0x' + '0'.repeat(64);

/** The fields a block header serialises (the rest of a Block is derived from them). */
export type HeaderFields = Pick<Block, 'version' | 'previousblockhash' | 'merkleroot' | 'time' | 'nonce' | 'index' | 'primary' | 'nextconsensus'>;

export type UnsignedTransaction = Pick<
  Transaction,
  'version' | 'nonce' | 'sysfee' | 'netfee' | 'validuntilblock' | 'signers' | 'attributes' | 'script'
>;

/** The bytes of a 0x-prefixed 256-bit hash as Neo stores them (little-endian). */
export function hash256ToBytes(hash: string): Buffer {
  return reversed(Buffer.from(hash.replace(/^0x/, ''), 'hex'));
}

export function hash256FromBytes(bytes: Uint8Array): string {
  return '0x' + reversed(bytes).toString('hex');
}

/** Header.SerializeUnsigned: version, prev hash, merkle root, timestamp, nonce, index, primary, next consensus. */
export function serializeHeaderUnsigned(header: HeaderFields): Buffer {
  return new BinaryWriter()
    .u32(header.version)
    .bytes(hash256ToBytes(header.previousblockhash))
    .bytes(hash256ToBytes(header.merkleroot))
    .u64(BigInt(header.time))
    .u64(BigInt('0x' + header.nonce))
    .u32(header.index)
    .u8(header.primary)
    .bytes(scriptHashToBytes(addressToScriptHash(header.nextconsensus)))
    .toBuffer();
}

export function blockHash(header: HeaderFields): string {
  return hash256FromBytes(sha256(serializeHeaderUnsigned(header)));
}

/** MerkleTree.ComputeRoot: pairs hashed with Hash256, an odd last node paired with itself; zero when empty. */
export function merkleRoot(txHashes: string[]): string {
  if (txHashes.length === 0) return ZERO_HASH;
  let level = txHashes.map(hash256ToBytes);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1] ?? left;
      next.push(hash256(Buffer.concat([left, right])));
    }
    level = next;
  }
  return hash256FromBytes(level[0]!);
}

/** WitnessScope's flag bytes by name. */
export const SCOPE_FLAGS: Record<string, number> = {
  None: 0x00,
  CalledByEntry: 0x01,
  CustomContracts: 0x10,
  CustomGroups: 0x20,
  WitnessRules: 0x40,
  Global: 0x80,
};

/** The scope names of a signer ("CalledByEntry, CustomContracts" → both). */
export function signerScopes(signer: Pick<Signer, 'scopes'>): string[] {
  return String(signer.scopes)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function writeSigner(writer: BinaryWriter, signer: Signer): void {
  const scopes = signerScopes(signer);
  let flags = 0;
  for (const scope of scopes) {
    const flag = SCOPE_FLAGS[scope];
    if (flag === undefined) throw new TypeError(`Unknown witness scope "${scope}"`);
    flags |= flag;
  }
  writer.bytes(scriptHashToBytes(signer.account)).u8(flags);
  if (flags & SCOPE_FLAGS.CustomContracts!) {
    const contracts = signer.allowedcontracts ?? [];
    writer.varInt(contracts.length);
    for (const contract of contracts) writer.bytes(scriptHashToBytes(contract));
  }
  if (flags & SCOPE_FLAGS.CustomGroups!) {
    const groups = signer.allowedgroups ?? [];
    writer.varInt(groups.length);
    for (const group of groups) writer.bytes(Buffer.from(group, 'hex'));
  }
  if (flags & SCOPE_FLAGS.WitnessRules!) throw new TypeError('Signers with WitnessRules are not supported by the local chain');
}

/** Transaction.SerializeUnsigned. Only transactions without attributes are built by the local chain. */
export function serializeTransactionUnsigned(tx: UnsignedTransaction): Buffer {
  if (tx.attributes.length > 0) throw new TypeError('Transaction attributes are not supported by the local chain');
  const writer = new BinaryWriter()
    .u8(tx.version)
    .u32(tx.nonce)
    .i64(BigInt(tx.sysfee))
    .i64(BigInt(tx.netfee))
    .u32(tx.validuntilblock)
    .varInt(tx.signers.length);
  for (const signer of tx.signers) writeSigner(writer, signer);
  return writer.varInt(0).varBytes(Buffer.from(tx.script, 'base64')).toBuffer();
}

export function transactionHash(tx: UnsignedTransaction): string {
  return hash256FromBytes(sha256(serializeTransactionUnsigned(tx)));
}

export function witnessSize(witness: Witness): number {
  return (
    varBytesSize(Buffer.from(witness.invocation, 'base64').length) +
    varBytesSize(Buffer.from(witness.verification, 'base64').length)
  );
}

function witnessesSize(witnesses: Witness[]): number {
  return varIntSize(witnesses.length) + witnesses.reduce((sum, w) => sum + witnessSize(w), 0);
}

export function transactionSize(tx: UnsignedTransaction & { witnesses: Witness[] }): number {
  return serializeTransactionUnsigned(tx).length + witnessesSize(tx.witnesses);
}

/** Unsigned header (109 bytes) + its witness array + the transaction array. */
export function blockSize(witnesses: Witness[], transactions: { size: number }[]): number {
  const header = 4 + 32 + 32 + 8 + 8 + 4 + 1 + 20;
  return header + witnessesSize(witnesses) + varIntSize(transactions.length) + transactions.reduce((sum, tx) => sum + tx.size, 0);
}
