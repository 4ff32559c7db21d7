// The ABIs of the nine native contracts of Neo 3.7 (ContractManagement … OracleContract), as tables: each
// method's name, parameters (name:type), return type and safe flag, each event's name and parameters, and
// the hardfork a row appears or disappears at ([ContractMethod(Hardfork.HF_…)] / [ContractEvent(Hardfork.HF_…)]
// in the C# sources). native-contracts.ts builds the manifests from them for the hardforks the chain claims:
// methods sorted as the node sorts them (name, ordinal; then parameter count), offsets 7 bytes apart.
import type { ContractParamType } from '../../sdk/blockchain-types.js';

/**
 * The Neo N3 hardforks up to Neo 3.7.5, in activation order (Hardfork.cs, names without "HF_").
 * Only Cockatrice changes native ABIs; Aspidochelone, Basilisk and Domovoi change behaviour only.
 */
export const NEO_3_7_HARDFORKS = ['Aspidochelone', 'Basilisk', 'Cockatrice', 'Domovoi'] as const;
export type Hardfork = (typeof NEO_3_7_HARDFORKS)[number];

/** "name:Type", e.g. "account:Hash160". */
export type ParamSpec = `${string}:${ContractParamType}`;

/** A row present only from `activeIn`, or only before `deprecatedIn`. */
export interface HardforkWindow {
  activeIn?: Hardfork;
  deprecatedIn?: Hardfork;
}

export type MethodRow = readonly [name: string, params: readonly ParamSpec[], returns: ContractParamType, safe: boolean, window?: HardforkWindow];
export type EventRow = readonly [name: string, params: readonly ParamSpec[], window?: HardforkWindow];

export interface NativeAbiTable {
  /** FungibleToken adds NEP-17 to NeoToken's and GasToken's manifests (OnManifestCompose). */
  supportedstandards: readonly string[];
  methods: readonly MethodRow[];
  /** In the node's order (the attributes' Order). */
  events: readonly EventRow[];
}

const SAFE = true;
const WRITE = false;
const COCKATRICE_ON: HardforkWindow = { activeIn: 'Cockatrice' };
const BEFORE_COCKATRICE: HardforkWindow = { deprecatedIn: 'Cockatrice' };

const TRANSFER: MethodRow = ['transfer', ['from:Hash160', 'to:Hash160', 'amount:Integer', 'data:Any'], 'Boolean', WRITE];
const TRANSFER_EVENT: EventRow = ['Transfer', ['from:Hash160', 'to:Hash160', 'amount:Integer']];
const NEP17_READS: MethodRow[] = [
  ['balanceOf', ['account:Hash160'], 'Integer', SAFE],
  ['decimals', [], 'Integer', SAFE],
  ['symbol', [], 'String', SAFE],
  ['totalSupply', [], 'Integer', SAFE],
];

/** By manifest name. */
export const NATIVE_ABI_TABLES: Readonly<Record<string, NativeAbiTable>> = {
  ContractManagement: {
    supportedstandards: [],
    methods: [
      ['deploy', ['nefFile:ByteArray', 'manifest:ByteArray'], 'Array', WRITE],
      ['deploy', ['nefFile:ByteArray', 'manifest:ByteArray', 'data:Any'], 'Array', WRITE],
      ['destroy', [], 'Void', WRITE],
      ['getContract', ['hash:Hash160'], 'Array', SAFE],
      ['getContractById', ['id:Integer'], 'Array', SAFE],
      ['getContractHashes', [], 'InteropInterface', SAFE],
      ['getMinimumDeploymentFee', [], 'Integer', SAFE],
      ['hasMethod', ['hash:Hash160', 'method:String', 'pcount:Integer'], 'Boolean', SAFE],
      ['setMinimumDeploymentFee', ['value:Integer'], 'Void', WRITE],
      ['update', ['nefFile:ByteArray', 'manifest:ByteArray'], 'Void', WRITE],
      ['update', ['nefFile:ByteArray', 'manifest:ByteArray', 'data:Any'], 'Void', WRITE],
    ],
    events: [
      ['Deploy', ['Hash:Hash160']],
      ['Update', ['Hash:Hash160']],
      ['Destroy', ['Hash:Hash160']],
    ],
  },
  StdLib: {
    supportedstandards: [],
    methods: [
      ['atoi', ['value:String'], 'Integer', SAFE],
      ['atoi', ['value:String', 'base:Integer'], 'Integer', SAFE],
      ['base58CheckDecode', ['s:String'], 'ByteArray', SAFE],
      ['base58CheckEncode', ['data:ByteArray'], 'String', SAFE],
      ['base58Decode', ['s:String'], 'ByteArray', SAFE],
      ['base58Encode', ['data:ByteArray'], 'String', SAFE],
      ['base64Decode', ['s:String'], 'ByteArray', SAFE],
      ['base64Encode', ['data:ByteArray'], 'String', SAFE],
      ['deserialize', ['data:ByteArray'], 'Any', SAFE],
      ['itoa', ['value:Integer'], 'String', SAFE],
      ['itoa', ['value:Integer', 'base:Integer'], 'String', SAFE],
      ['jsonDeserialize', ['json:ByteArray'], 'Any', SAFE],
      ['jsonSerialize', ['item:Any'], 'ByteArray', SAFE],
      ['memoryCompare', ['str1:ByteArray', 'str2:ByteArray'], 'Integer', SAFE],
      ['memorySearch', ['mem:ByteArray', 'value:ByteArray'], 'Integer', SAFE],
      ['memorySearch', ['mem:ByteArray', 'value:ByteArray', 'start:Integer'], 'Integer', SAFE],
      ['memorySearch', ['mem:ByteArray', 'value:ByteArray', 'start:Integer', 'backward:Boolean'], 'Integer', SAFE],
      ['serialize', ['item:Any'], 'ByteArray', SAFE],
      ['strLen', ['str:String'], 'Integer', SAFE],
      ['stringSplit', ['str:String', 'separator:String'], 'Array', SAFE],
      ['stringSplit', ['str:String', 'separator:String', 'removeEmptyEntries:Boolean'], 'Array', SAFE],
    ],
    events: [],
  },
  CryptoLib: {
    supportedstandards: [],
    methods: [
      ['bls12381Add', ['x:InteropInterface', 'y:InteropInterface'], 'InteropInterface', SAFE],
      ['bls12381Deserialize', ['data:ByteArray'], 'InteropInterface', SAFE],
      ['bls12381Equal', ['x:InteropInterface', 'y:InteropInterface'], 'Boolean', SAFE],
      ['bls12381Mul', ['x:InteropInterface', 'mul:ByteArray', 'neg:Boolean'], 'InteropInterface', SAFE],
      ['bls12381Pairing', ['g1:InteropInterface', 'g2:InteropInterface'], 'InteropInterface', SAFE],
      ['bls12381Serialize', ['g:InteropInterface'], 'ByteArray', SAFE],
      ['keccak256', ['data:ByteArray'], 'ByteArray', SAFE, COCKATRICE_ON],
      ['murmur32', ['data:ByteArray', 'seed:Integer'], 'ByteArray', SAFE],
      ['ripemd160', ['data:ByteArray'], 'ByteArray', SAFE],
      ['sha256', ['data:ByteArray'], 'ByteArray', SAFE],
      // Cockatrice replaced the NamedCurve argument (secp256k1/r1, SHA-256 implied) by a NamedCurveHash.
      ['verifyWithECDsa', ['message:ByteArray', 'pubkey:ByteArray', 'signature:ByteArray', 'curve:Integer'], 'Boolean', SAFE, BEFORE_COCKATRICE],
      ['verifyWithECDsa', ['message:ByteArray', 'pubkey:ByteArray', 'signature:ByteArray', 'curveHash:Integer'], 'Boolean', SAFE, COCKATRICE_ON],
    ],
    events: [],
  },
  LedgerContract: {
    supportedstandards: [],
    methods: [
      ['currentHash', [], 'Hash256', SAFE],
      ['currentIndex', [], 'Integer', SAFE],
      ['getBlock', ['indexOrHash:ByteArray'], 'Array', SAFE],
      ['getTransaction', ['hash:Hash256'], 'Array', SAFE],
      ['getTransactionFromBlock', ['blockIndexOrHash:ByteArray', 'txIndex:Integer'], 'Array', SAFE],
      ['getTransactionHeight', ['hash:Hash256'], 'Integer', SAFE],
      ['getTransactionSigners', ['hash:Hash256'], 'Array', SAFE],
      ['getTransactionVMState', ['hash:Hash256'], 'Integer', SAFE],
    ],
    events: [],
  },
  NeoToken: {
    supportedstandards: ['NEP-17'],
    methods: [
      ...NEP17_READS,
      ['getAccountState', ['account:Hash160'], 'Array', SAFE],
      ['getAllCandidates', [], 'InteropInterface', SAFE],
      ['getCandidateVote', ['pubKey:PublicKey'], 'Integer', SAFE],
      ['getCandidates', [], 'Array', SAFE],
      ['getCommittee', [], 'Array', SAFE],
      ['getCommitteeAddress', [], 'Hash160', SAFE, COCKATRICE_ON],
      ['getGasPerBlock', [], 'Integer', SAFE],
      ['getNextBlockValidators', [], 'Array', SAFE],
      ['getRegisterPrice', [], 'Integer', SAFE],
      ['registerCandidate', ['pubkey:PublicKey'], 'Boolean', WRITE],
      ['setGasPerBlock', ['gasPerBlock:Integer'], 'Void', WRITE],
      ['setRegisterPrice', ['registerPrice:Integer'], 'Void', WRITE],
      TRANSFER,
      ['unclaimedGas', ['account:Hash160', 'end:Integer'], 'Integer', SAFE],
      ['unregisterCandidate', ['pubkey:PublicKey'], 'Boolean', WRITE],
      ['vote', ['account:Hash160', 'voteTo:PublicKey'], 'Boolean', WRITE],
    ],
    events: [
      TRANSFER_EVENT,
      ['CandidateStateChanged', ['pubkey:PublicKey', 'registered:Boolean', 'votes:Integer']],
      ['Vote', ['account:Hash160', 'from:PublicKey', 'to:PublicKey', 'amount:Integer']],
      ['CommitteeChanged', ['old:Array', 'new:Array'], COCKATRICE_ON],
    ],
  },
  GasToken: {
    supportedstandards: ['NEP-17'],
    methods: [...NEP17_READS, TRANSFER],
    events: [TRANSFER_EVENT],
  },
  PolicyContract: {
    supportedstandards: [],
    methods: [
      ['blockAccount', ['account:Hash160'], 'Boolean', WRITE],
      ['getAttributeFee', ['attributeType:Integer'], 'Integer', SAFE],
      ['getExecFeeFactor', [], 'Integer', SAFE],
      ['getFeePerByte', [], 'Integer', SAFE],
      ['getStoragePrice', [], 'Integer', SAFE],
      ['isBlocked', ['account:Hash160'], 'Boolean', SAFE],
      ['setAttributeFee', ['attributeType:Integer', 'value:Integer'], 'Void', WRITE],
      ['setExecFeeFactor', ['value:Integer'], 'Void', WRITE],
      ['setFeePerByte', ['value:Integer'], 'Void', WRITE],
      ['setStoragePrice', ['value:Integer'], 'Void', WRITE],
      ['unblockAccount', ['account:Hash160'], 'Boolean', WRITE],
    ],
    events: [],
  },
  RoleManagement: {
    supportedstandards: [],
    methods: [
      ['designateAsRole', ['role:Integer', 'nodes:Array'], 'Void', WRITE],
      ['getDesignatedByRole', ['role:Integer', 'index:Integer'], 'Array', SAFE],
    ],
    // Neo 3.8 (Echidna) adds Old and New to it.
    events: [['Designation', ['Role:Integer', 'BlockIndex:Integer']]],
  },
  OracleContract: {
    supportedstandards: [],
    methods: [
      ['finish', [], 'Void', WRITE],
      ['getPrice', [], 'Integer', SAFE],
      ['request', ['url:String', 'filter:String', 'callback:String', 'userData:Any', 'gasForResponse:Integer'], 'Void', WRITE],
      ['setPrice', ['price:Integer'], 'Void', WRITE],
      ['verify', [], 'Boolean', SAFE],
    ],
    events: [
      ['OracleRequest', ['Id:Integer', 'RequestContract:Hash160', 'Url:String', 'Filter:String']],
      ['OracleResponse', ['Id:Integer', 'OriginalTx:Hash256']],
    ],
  },
};
