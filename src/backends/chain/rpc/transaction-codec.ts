// Signed Neo N3 transactions as bytes (what sendrawtransaction and calculatenetworkfee take) and back.
import type { Signer, Witness } from '../../../sdk/blockchain-types.js';
import { BinaryWriter } from '../bytes.js';
import { scriptHashFromBytes } from '../address.js';
import { serializeTransactionUnsigned, transactionHash } from '../serialization.js';
import type { UnsignedTransaction } from '../serialization.js';

export type SignedTransaction = UnsignedTransaction & { witnesses: Witness[] };

/** Transaction.Serialize: the unsigned part, then the witnesses (one per signer). */
export function serializeTransaction(tx: SignedTransaction): Buffer {
  const writer = new BinaryWriter().bytes(serializeTransactionUnsigned(tx)).varInt(tx.witnesses.length);
  for (const witness of tx.witnesses) {
    writer.varBytes(Buffer.from(witness.invocation, 'base64')).varBytes(Buffer.from(witness.verification, 'base64'));
  }
  return writer.toBuffer();
}

class Reader {
  private offset = 0;

  constructor(private readonly data: Buffer) {}

  private take(length: number, what: string): Buffer {
    if (this.offset + length > this.data.length) {
      throw new RangeError(`Invalid transaction: it ends inside ${what} (byte ${this.offset} of ${this.data.length})`);
    }
    const bytes = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return bytes;
  }

  u8(what: string): number {
    return this.take(1, what)[0]!;
  }

  u32(what: string): number {
    return this.take(4, what).readUInt32LE(0);
  }

  i64(what: string): bigint {
    return this.take(8, what).readBigInt64LE(0);
  }

  bytes(length: number, what: string): Buffer {
    return this.take(length, what);
  }

  varInt(what: string): number {
    const first = this.u8(what);
    if (first < 0xfd) return first;
    if (first === 0xfd) return this.take(2, what).readUInt16LE(0);
    if (first === 0xfe) return this.u32(what);
    return Number(this.take(8, what).readBigUInt64LE(0));
  }

  varBytes(what: string): Buffer {
    return this.take(this.varInt(what), what);
  }

  get done(): boolean {
    return this.offset === this.data.length;
  }
}

const SCOPES: [number, string][] = [
  [0x01, 'CalledByEntry'],
  [0x10, 'CustomContracts'],
  [0x20, 'CustomGroups'],
  [0x40, 'WitnessRules'],
  [0x80, 'Global'],
];

function readSigner(reader: Reader, i: number): Signer {
  const account = scriptHashFromBytes(reader.bytes(20, `signers[${i}].account`));
  const flags = reader.u8(`signers[${i}].scopes`);
  const names = SCOPES.filter(([flag]) => flags & flag).map(([, name]) => name);
  const signer: Signer = { account, scopes: names.length ? names.join(', ') : 'None' };
  if (flags & 0x10) {
    const count = reader.varInt(`signers[${i}].allowedcontracts`);
    signer.allowedcontracts = Array.from({ length: count }, (_, j) => scriptHashFromBytes(reader.bytes(20, `signers[${i}].allowedcontracts[${j}]`)));
  }
  if (flags & 0x20) {
    const count = reader.varInt(`signers[${i}].allowedgroups`);
    signer.allowedgroups = Array.from({ length: count }, (_, j) => reader.bytes(33, `signers[${i}].allowedgroups[${j}]`).toString('hex'));
  }
  if (flags & 0x40) throw new TypeError(`Invalid transaction: signers[${i}] has WitnessRules, which this reader does not decode`);
  return signer;
}

/**
 * Transaction.Deserialize for transactions without attributes or witness rules (what this client builds).
 * `allowMissingWitnesses`: a transaction with no witnesses at all is read too (what fee estimates are sent).
 */
export function deserializeTransaction(data: Uint8Array, allowMissingWitnesses = false): SignedTransaction & { hash: string; size: number } {
  const reader = new Reader(Buffer.from(data));
  const version = reader.u8('version');
  if (version !== 0) throw new TypeError(`Invalid transaction: version ${version}, expected 0`);
  const nonce = reader.u32('nonce');
  const sysfee = reader.i64('sysfee').toString();
  const netfee = reader.i64('netfee').toString();
  const validuntilblock = reader.u32('validuntilblock');
  const signerCount = reader.varInt('signers');
  if (signerCount < 1 || signerCount > 16) throw new TypeError(`Invalid transaction: ${signerCount} signers, expected 1 to 16`);
  const signers = Array.from({ length: signerCount }, (_, i) => readSigner(reader, i));
  const attributeCount = reader.varInt('attributes');
  if (attributeCount !== 0) throw new TypeError(`Invalid transaction: ${attributeCount} attributes, which this reader does not decode`);
  const script = reader.varBytes('script').toString('base64');
  const witnessCount = reader.varInt('witnesses');
  if (witnessCount !== signerCount && !(allowMissingWitnesses && witnessCount === 0)) throw new TypeError(`Invalid transaction: ${witnessCount} witnesses for ${signerCount} signers`);
  const witnesses = Array.from({ length: witnessCount }, (_, i) => ({
    invocation: reader.varBytes(`witnesses[${i}].invocation`).toString('base64'),
    verification: reader.varBytes(`witnesses[${i}].verification`).toString('base64'),
  }));
  if (!reader.done) throw new TypeError('Invalid transaction: bytes left after the witnesses');
  const tx: SignedTransaction = { version, nonce, sysfee, netfee, validuntilblock, signers, attributes: [], script, witnesses };
  return { ...tx, hash: transactionHash(tx), size: data.length };
}
