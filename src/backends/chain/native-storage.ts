// The storage a Neo N3 node holds for the native contracts (Neo 3.7 layout, before the Echidna hardfork), derived
// from the local chain's state: what getstorage and findstorage read. Keys are the node's StorageKey.Key (without
// the contract id) and come sorted as the node's store iterates them (byte order). Values are as the native
// contracts write them: integers as StorageItem(BigInteger) (two's complement little-endian, zero as no bytes),
// interoperable states through NeoVM's BinarySerializer. Pure: state in, sorted entries out.
//
// Served, by contract (prefix byte in hex):
// - ContractManagement (-1): 08+hash → ContractState of each of the nine natives (as getcontractstate answers
//   them); 0c+id (int32 big-endian) → hash, for the nine;
//   0f NextAvailableId (1: the local chain deploys nothing); 14 MinimumDeploymentFee (10 GAS).
// - LedgerContract (-4): 05+hash → TrimmedBlock; 09+index (big-endian) → block hash; 0b+hash → TransactionState
//   of each transaction in a block; 0c → HashIndexState of the tip.
// - NeoToken (-5): 01 VotersCount (no votes: empty); 0b TotalSupply; 0d RegisterPrice; 0e the committee (the
//   validator, 0 votes); 14+account → NeoAccountState [balance, balanceHeight, voteTo (null), lastGasPerVote (0)];
//   1d+00000000 GasPerBlock (the genesis record, the only one).
// - GasToken (-6): 0b TotalSupply; 14+account → AccountState [balance].
// - PolicyContract (-7): 0a FeePerByte, 12 ExecFeeFactor, 13 StoragePrice.
// - OracleContract (-9): 05 Price; 09 RequestId.
// StdLib, CryptoLib and RoleManagement hold nothing (no roles are designated). An account's record exists while its
// balance is above zero (FungibleToken deletes it at zero). TotalSupply is the sum of the balances, as the local
// chain's totalSupply answers (a node's NEO record is the 100 million minted at genesis).
import type { StackItem, Transaction, Witness } from '../../sdk/blockchain-types.js';
import type { BalanceBook } from './balance-book.js';
import type { StoredBlock, StoredTransaction } from './chain-state.js';
import type { InvokeOverrides } from './invoke-overrides.js';
import { normalizeScriptHash, scriptHashToBytes } from './address.js';
import { serializeStackItem } from './binary-serializer.js';
import { BinaryWriter } from './bytes.js';
import { contractStateItem } from './contract-state-item.js';
import { nativeContractStates } from './native-contracts.js';
import { CONTRACT_MANAGEMENT_HASH, GAS_HASH, LEDGER_HASH, NATIVE_IDENTITIES, NEO_HASH, ORACLE_HASH, POLICY_HASH } from './native-hashes.js';
import { GAS_PER_BLOCK } from './neo-rewards.js';
import { RpcError, RpcErrorCode } from './rpc-error.js';
import { bigIntToBytes } from './script-builder.js';
import { hash256ToBytes, serializeHeaderUnsigned, serializeTransactionUnsigned } from './serialization.js';
import { anyItem, arrayItem, bytesItem, integerItem, structItem } from './stack-item.js';
import { FEE_PER_BYTE } from './transaction-builder.js';
import { EXEC_FEE_FACTOR } from './witness-verification.js';

/** One storage item: its key without the contract id (StorageKey.Key) and its value (StorageItem.Value). */
export interface StorageEntry {
  key: Buffer;
  value: Buffer;
}

/** What the derivation reads of the chain's state (a ChainState has it all); the committee's key comes apart. */
export interface NativeStorageState {
  balances: BalanceBook;
  blocks: readonly StoredBlock[];
  transactions: ReadonlyMap<string, StoredTransaction>;
  overrides: InvokeOverrides;
}

/** The node's code for a key with no item (RpcError.UnknownStorageItem). */
export const UNKNOWN_STORAGE_ITEM = -104;

/** PolicyContract.DefaultStoragePrice (datoshi per byte stored). */
export const STORAGE_PRICE = 100_000n;
/** ContractManagement's MinimumDeploymentFee at genesis: 10 GAS. */
export const MINIMUM_DEPLOYMENT_FEE = 10_00000000n;
/** NeoToken's RegisterPrice at genesis: 1000 GAS. */
export const REGISTER_PRICE = 1000_00000000n;
/** OracleContract's Price at genesis: 0.5 GAS. */
export const ORACLE_PRICE = 50000000n;

// ---- the node's value encodings ----

/** StorageItem(BigInteger).Value: BigInteger.ToByteArray(), but no bytes for zero. */
function integerValue(value: bigint | number): Buffer {
  const n = BigInt(value);
  return n === 0n ? Buffer.alloc(0) : bigIntToBytes(n);
}

function int32BigEndian(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value);
  return out;
}

function uint32BigEndian(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

function key(prefix: number, ...parts: Uint8Array[]): Buffer {
  return Buffer.concat([Buffer.from([prefix]), ...parts]);
}

function writeWitnesses(writer: BinaryWriter, witnesses: Witness[]): BinaryWriter {
  writer.varInt(witnesses.length);
  for (const witness of witnesses) writer.varBytes(Buffer.from(witness.invocation, 'base64')).varBytes(Buffer.from(witness.verification, 'base64'));
  return writer;
}

/** TrimmedBlock.Serialize: the header (unsigned part, then its witness as an array of one), then the transaction hashes. */
function trimmedBlockBytes(block: StoredBlock): Buffer {
  const writer = writeWitnesses(new BinaryWriter().bytes(serializeHeaderUnsigned(block)), block.witnesses);
  writer.varInt(block.tx.length);
  for (const txid of block.tx) writer.bytes(hash256ToBytes(txid));
  return writer.toBuffer();
}

/** Transaction.ToArray, or undefined for one the local chain cannot encode (it then has no record). */
function transactionBytes(tx: Transaction): Buffer | undefined {
  try {
    return writeWitnesses(new BinaryWriter().bytes(serializeTransactionUnsigned(tx)), tx.witnesses).toBuffer();
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** VMState as a byte: HALT 1, FAULT 2. */
const VM_STATE_BYTES = { HALT: 1, FAULT: 2 } as const;

// ---- the records of each contract, grouped by the first byte of their keys ----

/** The records under one key prefix byte, built only when a lookup can reach them. */
interface RecordGroup {
  prefix: number;
  entries(): StorageEntry[];
}

const single = (prefix: number, value: () => Buffer): RecordGroup => ({ prefix, entries: () => [{ key: key(prefix), value: value() }] });

/** FungibleToken's TotalSupply record: the sum of the balances (as the local chain's totalSupply answers). */
function totalSupply(balances: BalanceBook, asset: string): Buffer {
  return integerValue(balances.totalSupply(asset));
}

function contractManagement(): RecordGroup[] {
  const PREFIX_CONTRACT = 8;
  const PREFIX_CONTRACT_HASH = 12;
  return [
    {
      prefix: PREFIX_CONTRACT,
      entries: () =>
        nativeContractStates().map((state) => ({ key: key(PREFIX_CONTRACT, scriptHashToBytes(state.hash)), value: serializeStackItem(contractStateItem(state)) })),
    },
    {
      prefix: PREFIX_CONTRACT_HASH,
      entries: () => NATIVE_IDENTITIES.map((native) => ({ key: key(PREFIX_CONTRACT_HASH, int32BigEndian(native.id)), value: scriptHashToBytes(native.hash) })),
    },
    single(15, () => integerValue(1)),
    single(20, () => integerValue(MINIMUM_DEPLOYMENT_FEE)),
  ];
}

function ledger(state: NativeStorageState): RecordGroup[] {
  const PREFIX_BLOCK = 5;
  const PREFIX_BLOCK_HASH = 9;
  const PREFIX_TRANSACTION = 11;
  const PREFIX_CURRENT_BLOCK = 12;
  return [
    { prefix: PREFIX_BLOCK, entries: () => state.blocks.map((block) => ({ key: key(PREFIX_BLOCK, hash256ToBytes(block.hash)), value: trimmedBlockBytes(block) })) },
    { prefix: PREFIX_BLOCK_HASH, entries: () => state.blocks.map((block) => ({ key: key(PREFIX_BLOCK_HASH, uint32BigEndian(block.index)), value: hash256ToBytes(block.hash) })) },
    {
      prefix: PREFIX_TRANSACTION,
      entries: () =>
        [...state.transactions.values()].flatMap((stored): StorageEntry[] => {
          if (stored.blockIndex === null) return [];
          const raw = transactionBytes(stored.tx);
          if (raw === undefined) return [];
          const record = structItem([integerItem(stored.blockIndex), bytesItem(raw), integerItem(VM_STATE_BYTES[stored.vmstate ?? 'HALT'])]);
          return [{ key: key(PREFIX_TRANSACTION, hash256ToBytes(stored.tx.hash)), value: serializeStackItem(record) }];
        }),
    },
    single(PREFIX_CURRENT_BLOCK, () => {
      const tip = state.blocks[state.blocks.length - 1]!;
      return serializeStackItem(structItem([bytesItem(hash256ToBytes(tip.hash)), integerItem(tip.index)]));
    }),
  ];
}

const PREFIX_TOTAL_SUPPLY = 11;
const PREFIX_ACCOUNT = 20;

function accountGroup(state: NativeStorageState, asset: string, record: (amount: bigint, balanceHeight: number) => StackItem): RecordGroup {
  return {
    prefix: PREFIX_ACCOUNT,
    entries: () =>
      state.balances.holders(asset).map(([account, entry]) => ({
        key: key(PREFIX_ACCOUNT, scriptHashToBytes(account)),
        value: serializeStackItem(record(entry.amount, entry.lastupdatedblock)),
      })),
  };
}

function neoToken(state: NativeStorageState, validatorPublicKey: string): RecordGroup[] {
  return [
    single(1, () => Buffer.alloc(0)),
    single(PREFIX_TOTAL_SUPPLY, () => totalSupply(state.balances, NEO_HASH)),
    single(13, () => integerValue(REGISTER_PRICE)),
    single(14, () => serializeStackItem(arrayItem([structItem([bytesItem(Buffer.from(validatorPublicKey, 'hex')), integerItem(0)])]))),
    accountGroup(state, NEO_HASH, (amount, balanceHeight) => structItem([integerItem(amount), integerItem(balanceHeight), anyItem(), integerItem(0)])),
    { prefix: 29, entries: () => [{ key: key(29, uint32BigEndian(0)), value: integerValue(GAS_PER_BLOCK) }] },
  ];
}

function gasToken(state: NativeStorageState): RecordGroup[] {
  return [
    single(PREFIX_TOTAL_SUPPLY, () => totalSupply(state.balances, GAS_HASH)),
    accountGroup(state, GAS_HASH, (amount) => structItem([integerItem(amount)])),
  ];
}

function policy(): RecordGroup[] {
  return [single(10, () => integerValue(FEE_PER_BYTE)), single(18, () => integerValue(EXEC_FEE_FACTOR)), single(19, () => integerValue(STORAGE_PRICE))];
}

function oracle(): RecordGroup[] {
  return [single(5, () => integerValue(ORACLE_PRICE)), single(9, () => integerValue(0))];
}

function recordGroups(state: NativeStorageState, validatorPublicKey: string, id: number): RecordGroup[] {
  const hash = NATIVE_IDENTITIES.find((native) => native.id === id)?.hash;
  switch (hash) {
    case CONTRACT_MANAGEMENT_HASH:
      return contractManagement();
    case LEDGER_HASH:
      return ledger(state);
    case NEO_HASH:
      return neoToken(state, validatorPublicKey);
    case GAS_HASH:
      return gasToken(state);
    case POLICY_HASH:
      return policy();
    case ORACLE_HASH:
      return oracle();
    default:
      // StdLib, CryptoLib, RoleManagement, and every id no contract has: nothing stored.
      return [];
  }
}

/**
 * The storage items under `prefix` of the contract with this id, in key order (the node's Find over
 * StorageKey.CreateSearchPrefix(id, prefix)). Ids of no native contract hold nothing: the local chain deploys none.
 */
export function nativeStorage(state: NativeStorageState, validatorPublicKey: string, id: number, prefix: Uint8Array = Buffer.alloc(0)): StorageEntry[] {
  const wanted = Buffer.from(prefix);
  return recordGroups(state, validatorPublicKey, id)
    .filter((group) => wanted.length === 0 || group.prefix === wanted[0])
    .flatMap((group) => group.entries())
    .filter((entry) => entry.key.subarray(0, wanted.length).equals(wanted))
    .sort((a, b) => Buffer.compare(a.key, b.key));
}

/**
 * The contract id storage is read under, for a contract given as an id (any int32, as a node takes it: an id
 * without a contract holds nothing) or a script hash (0x optional): -102 Unknown contract for a hash
 * with no contract on the local chain, saying so for the tokens it knows only by their seeded balances or by
 * onInvoke answers (their storage layout is their own, which the local chain does not model).
 */
export function storageContractId(state: NativeStorageState, contract: number | string): number {
  if (typeof contract === 'number') {
    if (!Number.isInteger(contract) || contract < -0x80000000 || contract > 0x7fffffff) throw RpcError.invalidParams(`Invalid contract id ${contract}: expected an int32`);
    return contract;
  }
  const hash = normalizeScriptHash(contract, 'contract hash');
  const native = NATIVE_IDENTITIES.find((identity) => identity.hash === hash);
  if (native) return native.id;
  const knownBy = state.balances.hasAsset(hash)
    ? 'it knows this token only by its seeded balances'
    : state.overrides.toJSON().some((entry) => entry.scriptHash === hash)
      ? 'it knows this contract only by its onInvoke answers'
      : undefined;
  if (knownBy === undefined) throw RpcError.unknownContract();
  throw new RpcError(
    RpcErrorCode.UnknownContract,
    'Unknown contract',
    `${hash} is not deployed on the local chain, which holds storage for the native contracts only; ${knownBy}, and does not model its storage`,
  );
}

/** getstorage / findstorage on the local chain: the contract resolved (storageContractId), then its items under the prefix, in key order. */
export function findContractStorage(state: NativeStorageState, validatorPublicKey: string, contract: number | string, prefix: Uint8Array = Buffer.alloc(0)): StorageEntry[] {
  return nativeStorage(state, validatorPublicKey, storageContractId(state, contract), prefix);
}
