// LedgerContract (Neo 3.7): the chain's blocks and transactions as contracts see them. Ledger.CurrentIndex is the
// block before the one the execution belongs to (persistingIndex - 1): a test run sees the chain up to its tip,
// a transaction in block N sees it up to N - 1 (block N is recorded but not yet traceable). Unknown or
// untraceable blocks and transactions answer Null, -1 or VMState.NONE, as the node's do.
import type { Signer, StackItem } from '../../../sdk/blockchain-types.js';
import type { CallContext } from '../contract-executor.js';
import type { ChainBlock, ChainTransaction } from './chain-view.js';
import type { NativeContractCalls } from './support.js';
import { addressToScriptHash, scriptHashToBytes } from '../address.js';
import { LEDGER_HASH } from '../native-hashes.js';
import { bytesToBigInt } from '../script-builder.js';
import { hash256FromBytes, hash256ToBytes, SCOPE_FLAGS, signerScopes } from '../serialization.js';
import { argumentInvalid, methods, NativeFault, NULL_ITEM, outOfRange, toBytesRequired, toHash256Required, toInteger } from './support.js';
import { arrayItem, bytesItem, integerItem } from '../stack-item.js';

/** ProtocolSettings.MaxTraceableBlocks (MainNet, TestNet and the local chain's getversion). */
export const MAX_TRACEABLE_BLOCKS = 2_102_400;

/** VMState: NONE 0, HALT 1, FAULT 2. */
const VM_STATE = { NONE: 0, HALT: 1, FAULT: 2 } as const;

const CPU = 1 << 15;

function currentIndex(ctx: CallContext): number {
  return ctx.persistingIndex - 1;
}


function isTraceable(ctx: CallContext, index: number): boolean {
  const current = currentIndex(ctx);
  return index <= current && index + MAX_TRACEABLE_BLOCKS > current;
}

/** TrimmedBlock.ToStackItem: [hash, version, prevHash, merkleRoot, timestamp, nonce, index, primaryIndex, nextConsensus, transactions count]. */
export function trimmedBlockItem(block: ChainBlock): StackItem {
  return arrayItem([
    bytesItem(hash256ToBytes(block.hash)),
    integerItem(block.version),
    bytesItem(hash256ToBytes(block.previousblockhash)),
    bytesItem(hash256ToBytes(block.merkleroot)),
    integerItem(block.time),
    integerItem(BigInt('0x' + block.nonce)),
    integerItem(block.index),
    integerItem(block.primary),
    bytesItem(scriptHashToBytes(addressToScriptHash(block.nextconsensus))),
    integerItem(block.tx.length),
  ]);
}

/** Transaction.ToStackItem: [hash, version, nonce, sender, systemFee, networkFee, validUntilBlock, script]. */
export function transactionItem({ tx }: ChainTransaction): StackItem {
  return arrayItem([
    bytesItem(hash256ToBytes(tx.hash)),
    integerItem(tx.version),
    integerItem(tx.nonce),
    bytesItem(scriptHashToBytes(addressToScriptHash(tx.sender))),
    integerItem(BigInt(tx.sysfee)),
    integerItem(BigInt(tx.netfee)),
    integerItem(tx.validuntilblock),
    bytesItem(Buffer.from(tx.script, 'base64')),
  ]);
}

/** Signer.ToStackItem: [account, scopes, allowed contracts, allowed groups, rules]. */
export function signerItem(signer: Signer): StackItem {
  const scopes = signerScopes(signer).reduce((flags, scope) => flags | (SCOPE_FLAGS[scope] ?? 0), 0);
  return arrayItem([
    bytesItem(scriptHashToBytes(signer.account)),
    integerItem(scopes),
    arrayItem((scopes & SCOPE_FLAGS.CustomContracts! ? (signer.allowedcontracts ?? []) : []).map((c) => bytesItem(scriptHashToBytes(c)))),
    arrayItem((scopes & SCOPE_FLAGS.CustomGroups! ? (signer.allowedgroups ?? []) : []).map((g) => bytesItem(Buffer.from(g, 'hex')))),
    // Witness rules are not carried by the local chain's transactions.
    arrayItem([]),
  ]);
}

/** The block `indexOrHash` names (fewer than 32 bytes: an index, as `(uint)new BigInteger(bytes)`; 32: a hash), if traceable. */
function findBlock(ctx: CallContext, indexOrHash: Buffer, parameter: string): ChainBlock | undefined {
  const chain = ctx.chain;
  let index: number | undefined;
  if (indexOrHash.length < 32) {
    const value = bytesToBigInt(indexOrHash);
    if (value < 0n || value > 0xffffffffn) throw new NativeFault('Value was either too large or too small for a UInt32.');
    index = Number(value);
  } else if (indexOrHash.length === 32) {
    index = chain.blockIndexOf(hash256FromBytes(indexOrHash));
  } else {
    throw new NativeFault(argumentInvalid(parameter));
  }
  if (index === undefined || !isTraceable(ctx, index)) return undefined;
  return chain.blockAt(index);
}

/** GetTransactionState, then the traceability of its block. */
function findTransaction(ctx: CallContext, hashItem: StackItem | undefined): ChainTransaction | undefined {
  const hash = toHash256Required(hashItem);
  const found = ctx.chain.transaction(hash);
  if (!found || !isTraceable(ctx, found.blockIndex)) return undefined;
  return found;
}

export const LEDGER: NativeContractCalls = {
  name: 'LedgerContract',
  hash: LEDGER_HASH,
  methods: methods([
    [
      'currentHash',
      [],
      CPU,
      (ctx) => {
        const block = ctx.chain.blockAt(currentIndex(ctx));
        if (!block) throw new NativeFault(`LedgerContract.currentHash: the chain has no block ${currentIndex(ctx)}.`);
        return bytesItem(hash256ToBytes(block.hash));
      },
    ],
    ['currentIndex', [], CPU, (ctx) => integerItem(currentIndex(ctx))],
    [
      'getBlock',
      ['indexOrHash'],
      CPU,
      (ctx, [indexOrHash]) => {
        const block = findBlock(ctx, toBytesRequired(indexOrHash), 'indexOrHash');
        return block ? trimmedBlockItem(block) : NULL_ITEM;
      },
    ],
    [
      'getTransaction',
      ['hash'],
      CPU,
      (ctx, [hash]) => {
        const found = findTransaction(ctx, hash);
        return found ? transactionItem(found) : NULL_ITEM;
      },
    ],
    [
      'getTransactionFromBlock',
      ['blockIndexOrHash', 'txIndex'],
      1 << 16,
      (ctx, [blockIndexOrHash, txIndexItem]) => {
        const bytes = toBytesRequired(blockIndexOrHash);
        const txIndex = Number(toInteger(txIndexItem, 'int32'));
        const block = findBlock(ctx, bytes, 'blockIndexOrHash');
        if (!block) return NULL_ITEM;
        if (txIndex < 0 || txIndex >= block.tx.length) throw new NativeFault(outOfRange('txIndex'));
        const found = ctx.chain.transaction(block.tx[txIndex]!);
        return found ? transactionItem(found) : NULL_ITEM;
      },
    ],
    [
      'getTransactionHeight',
      ['hash'],
      CPU,
      (ctx, [hash]) => integerItem(findTransaction(ctx, hash)?.blockIndex ?? -1),
    ],
    [
      'getTransactionSigners',
      ['hash'],
      CPU,
      (ctx, [hash]) => {
        const found = findTransaction(ctx, hash);
        return found ? arrayItem(found.tx.signers.map(signerItem)) : NULL_ITEM;
      },
    ],
    [
      'getTransactionVMState',
      ['hash'],
      CPU,
      (ctx, [hash]) => {
        const found = findTransaction(ctx, hash);
        return integerItem(found?.vmstate ? VM_STATE[found.vmstate] : VM_STATE.NONE);
      },
    ],
  ]),
};
