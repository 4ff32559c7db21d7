// Neo N3 JSON-RPC result shapes, as a node returns them: integers and amounts as decimal
// strings, byte strings base64, hashes 0x-prefixed, times in milliseconds.

export type StackItem =
  | { type: 'Any'; value?: null }
  | { type: 'Pointer'; value: number }
  | { type: 'Boolean'; value: boolean }
  | { type: 'Integer'; value: string }
  | { type: 'ByteString'; value: string }
  | { type: 'Buffer'; value: string }
  | { type: 'Array'; value: StackItem[] }
  | { type: 'Struct'; value: StackItem[] }
  | { type: 'Map'; value: { key: StackItem; value: StackItem }[] }
  | { type: 'InteropInterface'; interface?: string; id?: string };

export type ContractParamType =
  | 'Any' | 'Boolean' | 'Integer' | 'ByteArray' | 'String' | 'Hash160' | 'Hash256'
  | 'PublicKey' | 'Signature' | 'Array' | 'Map' | 'InteropInterface' | 'Void';

export interface ContractParam {
  type: ContractParamType;
  value?: unknown;
}

export type WitnessScope = 'None' | 'CalledByEntry' | 'CustomContracts' | 'CustomGroups' | 'WitnessRules' | 'Global' | string;

export interface Signer {
  account: string;
  scopes: WitnessScope;
  allowedcontracts?: string[];
  allowedgroups?: string[];
}

export interface Witness {
  invocation: string;
  verification: string;
}

export interface Transaction {
  hash: string;
  size: number;
  version: number;
  nonce: number;
  sender: string;
  sysfee: string;
  netfee: string;
  validuntilblock: number;
  signers: Signer[];
  attributes: unknown[];
  script: string;
  witnesses: Witness[];
  blockhash?: string;
  confirmations?: number;
  blocktime?: number;
  vmstate?: 'HALT' | 'FAULT';
}

export interface Block {
  hash: string;
  size: number;
  version: number;
  previousblockhash: string;
  merkleroot: string;
  /** Milliseconds since the epoch. */
  time: number;
  nonce: string;
  index: number;
  primary: number;
  nextconsensus: string;
  witnesses: Witness[];
  tx: Transaction[];
  confirmations: number;
  nextblockhash?: string;
}

export interface Notification {
  contract: string;
  eventname: string;
  state: StackItem;
}

export interface Execution {
  trigger: 'Application' | 'Verification' | 'OnPersist' | 'PostPersist' | string;
  vmstate: 'HALT' | 'FAULT';
  /** A transaction's execution: the FAULT's message, or null. Absent from a block's OnPersist/PostPersist executions, as the ApplicationLogs plugin writes them. */
  exception?: string | null;
  gasconsumed: string;
  stack: StackItem[];
  notifications: Notification[];
}

export interface ApplicationLog {
  txid?: string;
  blockhash?: string;
  executions: Execution[];
}

export interface Nep17Balance {
  assethash: string;
  name?: string;
  symbol?: string;
  decimals?: string;
  amount: string;
  lastupdatedblock: number;
}

export interface Nep17Balances {
  address: string;
  balance: Nep17Balance[];
}

export interface ContractMethodDescriptor {
  name: string;
  parameters: { name: string; type: ContractParamType }[];
  returntype: ContractParamType;
  offset: number;
  safe: boolean;
}

export interface ContractEventDescriptor {
  name: string;
  parameters: { name: string; type: ContractParamType }[];
}

export interface ContractManifest {
  name: string;
  groups: { pubkey: string; signature: string }[];
  features: Record<string, unknown>;
  supportedstandards: string[];
  abi: { methods: ContractMethodDescriptor[]; events: ContractEventDescriptor[] };
  permissions: { contract: string; methods: string[] | '*' }[];
  trusts: string[] | '*';
  extra: unknown;
}

export interface ContractState {
  id: number;
  updatecounter: number;
  hash: string;
  nef: { magic: number; compiler: string; source: string; tokens: unknown[]; script: string; checksum: number };
  manifest: ContractManifest;
}

export interface InvokeResult {
  script: string;
  state: 'HALT' | 'FAULT';
  gasconsumed: string;
  exception: string | null;
  notifications: Notification[];
  stack: StackItem[];
  session?: string;
}

export interface Version {
  tcpport: number;
  nonce: number;
  useragent: string;
  /** The node's RPC settings (Neo 3.5+). */
  rpc?: { maxiteratorresultitems: number; sessionenabled: boolean };
  protocol: {
    addressversion: number;
    network: number;
    validatorscount: number;
    msperblock: number;
    maxtraceableblocks: number;
    maxvaliduntilblockincrement: number;
    maxtransactionsperblock: number;
    memorypoolmaxtransactions: number;
    initialgasdistribution: number;
    /** Hardforks and the heights they activate at (Neo 3.6+); names without the "HF_" prefix. */
    hardforks?: { name: string; blockheight: number }[];
    /** The standby committee's public keys, hex (Neo 3.7+). */
    standbycommittee?: string[];
    /** The seed nodes, "host:port" (Neo 3.7+). */
    seedlist?: string[];
  };
}

export interface TransferRequest {
  to: string;
  /** In the asset's smallest unit, as a decimal string (or a number / bigint). */
  amount: string | number | bigint;
  /** 'NEO', 'GAS', or a NEP-17 contract hash. */
  asset: string;
  from?: string;
}

export interface InvokeRequest {
  scriptHash: string;
  operation: string;
  args?: ContractParam[];
}

export interface SubmittedTransaction {
  hash: string;
  status: 'pending' | 'confirmed' | 'failed';
}

export interface Blockchain {
  getBlockCount(): Promise<number>;
  getBlock(indexOrHash: number | string): Promise<Block>;
  getBestBlockHash(): Promise<string>;
  getTransaction(hash: string): Promise<Transaction>;
  getApplicationLog(hash: string): Promise<ApplicationLog>;
  getNep17Balances(address: string): Promise<Nep17Balances>;
  getContractState(hash: string): Promise<ContractState>;
  invokeFunction(scriptHash: string, operation: string, params?: ContractParam[], signers?: Signer[]): Promise<InvokeResult>;
  getRawMemPool(): Promise<string[]>;
  getVersion(): Promise<Version>;
  transfer(request: TransferRequest): Promise<SubmittedTransaction>;
  invoke(request: InvokeRequest): Promise<SubmittedTransaction>;
}

/** The event a `blockchain: { event: block }` trigger receives. */
export interface BlockEvent {
  type: 'block';
  block: Block;
}

/** The event a `blockchain: { contract, event }` trigger receives. */
export interface NotificationEvent {
  type: 'notification';
  contract: string;
  eventName: string;
  /** The notification's state as the node returns it. */
  state: StackItem;
  /** The state's items decoded to plain values (integers as bigint-safe strings, byte strings as hex or text). */
  decoded: unknown[];
  txid: string;
  blockIndex: number;
}

/** Native contract hashes. */
export const NEO_HASH = '0xef4073a0f2b305a38ec4050e4d3d28bc40ea63f5';
export const GAS_HASH = '0xd2a4cff31913016155e38e474a2c06d08be276cf';
