// The binary forms of blocks, headers and transactions that getblock / getblockheader / getrawtransaction return (base64) when
// verbose is off, rebuilt from the node's JSON shapes with the chain's own serialization helpers.
import type { Block, Transaction, Witness } from '../../sdk/blockchain-types.js';
import { BinaryWriter } from '../../backends/chain/bytes.js';
import { serializeHeaderUnsigned, serializeTransactionUnsigned } from '../../backends/chain/serialization.js';

function writeWitnesses(writer: BinaryWriter, witnesses: Witness[]): void {
  writer.varInt(witnesses.length);
  for (const witness of witnesses) {
    writer.varBytes(Buffer.from(witness.invocation, 'base64')).varBytes(Buffer.from(witness.verification, 'base64'));
  }
}

/** Transaction.Serialize: the unsigned part, then the witnesses. Throws TypeError for what the chain cannot encode. */
export function serializeTransaction(tx: Transaction): Buffer {
  const writer = new BinaryWriter().bytes(serializeTransactionUnsigned(tx));
  writeWitnesses(writer, tx.witnesses);
  return writer.toBuffer();
}

/** Header.Serialize (getblockheader's wire form): the unsigned header, then its one witness (as an array of one). */
export function serializeHeader(block: Omit<Block, 'tx'>): Buffer {
  if (block.witnesses.length !== 1) throw new TypeError(`a block header has exactly one witness, block ${block.index} has ${block.witnesses.length}`);
  const writer = new BinaryWriter().bytes(serializeHeaderUnsigned(block));
  writeWitnesses(writer, block.witnesses);
  return writer.toBuffer();
}

/** Block.Serialize: the header (unsigned part and its one witness), then the transactions. */
export function serializeBlock(block: Block): Buffer {
  const writer = new BinaryWriter().bytes(serializeHeader(block));
  writer.varInt(block.tx.length);
  for (const tx of block.tx) writer.bytes(serializeTransaction(tx));
  return writer.toBuffer();
}
