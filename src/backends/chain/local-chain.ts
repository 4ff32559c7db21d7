// createLocalChain: an in-process, deterministic Neo N3 chain answering with a node's JSON-RPC result shapes.
import type {
  ApplicationLog,
  Block,
  Blockchain,
  ContractParam,
  ContractState,
  InvokeRequest,
  InvokeResult,
  Nep17Balance,
  Nep17Balances,
  Notification,
  Signer,
  StackItem,
  SubmittedTransaction,
  Transaction,
  TransferRequest,
  Version,
} from '../../sdk/blockchain-types.js';
import type { ChainSnapshot, PendingCall, StoredBlock } from './chain-state.js';
import type { CallContext } from './contract-executor.js';
import type { InitialBalance } from './block-builder.js';
import type { Keyring } from './keyring.js';
import type { DevAccount } from './keys.js';
import type { DecodedTransaction } from './raw-transaction.js';
import type { ContractCallScript } from './script-reader.js';
import { executeScript, MAX_GAS_INVOKE } from './script-execution.js';
import { GAS_HASH, NEO_HASH } from '../../sdk/blockchain-types.js';
import { normalizeHash256, normalizeScriptHash, parseAccount, scriptHashToAddress, scriptHashToBytes } from './address.js';
import { parseAmount } from './amount.js';
import { committeeRewardNotification, createGenesis, MAX_TRANSACTIONS_PER_BLOCK, sealBlock } from './block-builder.js';
import { sha256 } from './bytes.js';
import { ChainState } from './chain-state.js';
import { executeCall } from './contract-executor.js';
import { contractParamsToStackItems } from './contract-param.js';
import { decodeStackItem } from './decode-stack-item.js';
import { createKeyring } from './keyring.js';
import { LOCAL_HARDFORKS, nativeContractForKey, nativeContractState, nativeTokenByHash, resolveAsset } from './native-contracts.js';
import { chainViewOf } from './native-calls/index.js';
import { findContractStorage, type StorageEntry } from './native-storage.js';
import { checkFeeFunds, verifyRawTransaction } from './raw-transaction.js';
import { RpcError } from './rpc-error.js';
import { blockIndexOrHash, contractKey, parseOperation, parseSigners } from './chain-params.js';
import { anyItem, hash160Item, integerItem } from './stack-item.js';
import { bookView } from './staged-ledger.js';
import { buildTransaction, callScript, MAX_VALID_UNTIL_BLOCK_INCREMENT } from './transaction-builder.js';

export interface LocalChainOptions {
  /** Everything derived (accounts, validator, network magic, nonces) follows from it. Default "neosl". */
  seed?: string;
  /** Seeded accounts, each holding 100 NEO and 1000 GAS. Default 10. */
  accounts?: number;
  /** address (or script hash) → asset ('NEO', 'GAS' or a hash) → amount in the smallest unit; overrides the defaults. */
  balances?: Record<string, Record<string, string | number | bigint>>;
  /** Block times come from it (milliseconds). Default Date.now. */
  now?: () => number;
  /** With start(), mines a block every so many milliseconds (also getversion's msperblock). */
  blockIntervalMs?: number;
  /** Network magic. Default: derived from the seed. */
  network?: number;
}

export type BlockListener = (block: Block, logs: ApplicationLog[]) => void | Promise<void>;

export interface LocalChain {
  readonly blockchain: Blockchain;
  /** Addresses of the seeded accounts; the first is the default sender. */
  readonly accounts: string[];
  /** The seeded accounts with their keys, in the order of `accounts` (copies): the dev chain's public test keys. */
  readonly devAccounts: readonly DevAccount[];
  /** The single validator's compressed public key, hex: the committee's one member, whose key signs the blocks (nextconsensus is its 1-of-1 multi-signature address). */
  readonly validatorPublicKey: string;
  /** invokescript on this chain: a test run of a contract-call script (script-reader.ts) with these signers; nothing persists. */
  invokeScript(script: Buffer, read: ContractCallScript, signers: Signer[]): InvokeResult;
  /** Pools a transaction built and signed outside (sendrawtransaction): verified as a node does first; throws its RpcError, changing nothing, when refused. */
  submitRawTransaction(tx: DecodedTransaction): SubmittedTransaction;
  /** getstorage / findstorage: the items a node holds under the key prefix for a contract (an id, or a 0x script hash), in key order (native-storage.ts); -102 for a hash with no contract here. */
  findStorage(contract: number | string, prefix: Uint8Array): StorageEntry[];
  /** Seals the mempool (oldest first, up to 512 transactions) into the next block. */
  mineBlock(): Promise<Block>;
  setBalance(address: string, asset: string, amount: string | number | bigint): void;
  /** Test invocations and transactions calling scriptHash.operation answer with result (a stack, or a partial invoke result). */
  onInvoke(scriptHash: string, operation: string, result: StackItem[] | Partial<InvokeResult>): void;
  /** Called after each new block with its transactions' application logs; returns the unsubscribe function. */
  onBlock(listener: BlockListener): () => void;
  height(): number;
  snapshot(): ChainSnapshot;
  /** Replaces the whole state with a snapshot's (checked first; nothing changes when it is rejected). */
  restore(state: ChainSnapshot): void;
  /** Starts mining every blockIntervalMs (a no-op without it). The timer does not keep the process alive. */
  start(): void;
  /** Stops the timer and drops the block listeners. */
  close(): void;
}

/** A notification as RpcServer writes it in an invoke result: eventname first (the ApplicationLogs plugin puts contract first). */
function invokeNotification(notification: Notification): Notification {
  return { eventname: notification.eventname, contract: notification.contract, state: notification.state };
}

export const DEFAULT_SEED = 'neosl';
export const DEFAULT_ACCOUNT_COUNT = 10;
const DEFAULT_BALANCES: [string, bigint][] = [
  [NEO_HASH, 100n],
  [GAS_HASH, 100_000_000_000n],
];
const DEFAULT_MS_PER_BLOCK = 15_000;

function derivedUint32(seed: string, label: string): number {
  return sha256(Buffer.from(`neosl:${seed}:${label}`, 'utf8')).readUInt32LE(0);
}

function checkOptions(options: LocalChainOptions): Required<Pick<LocalChainOptions, 'seed' | 'accounts' | 'now'>> {
  const fail = (detail: string): never => {
    throw new TypeError(`createLocalChain: ${detail}`);
  };
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'string') fail(`options.seed must be a string, got ${typeof seed}`);
  const accounts = options.accounts ?? DEFAULT_ACCOUNT_COUNT;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 1000) fail(`options.accounts must be an integer from 1 to 1000, got ${String(accounts)}`);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail('options.now must be a function returning milliseconds');
  const interval = options.blockIntervalMs;
  if (interval !== undefined && !(typeof interval === 'number' && Number.isFinite(interval) && interval >= 1)) {
    fail(`options.blockIntervalMs must be a number of milliseconds (1 or more), got ${String(interval)}`);
  }
  const network = options.network;
  if (network !== undefined && !(Number.isInteger(network) && network >= 0 && network <= 0xffffffff)) {
    fail(`options.network must be a uint32 network magic, got ${String(network)}`);
  }
  if (options.balances !== undefined && (options.balances === null || typeof options.balances !== 'object')) {
    fail('options.balances must be an object: address → asset → amount');
  }
  return { seed, accounts, now };
}

function initialBalances(keyring: Keyring, extra: LocalChainOptions['balances']): InitialBalance[] {
  const byKey = new Map<string, InitialBalance>();
  const put = (b: InitialBalance) => byKey.set(`${b.asset} ${b.account}`, b);
  for (const account of keyring.accounts) {
    for (const [asset, amount] of DEFAULT_BALANCES) put({ asset, account: account.scriptHash, amount });
  }
  for (const [address, assets] of Object.entries(extra ?? {})) {
    const account = parseAccount(address, 'options.balances key');
    if (!assets || typeof assets !== 'object') {
      throw RpcError.invalidParams(`options.balances["${address}"]: expected an object: asset → amount`);
    }
    for (const [asset, amount] of Object.entries(assets)) {
      put({ asset: resolveAsset(asset), account, amount: parseAmount(amount, `amount of options.balances["${address}"]["${asset}"]`) });
    }
  }
  return [...byKey.values()];
}

export function createLocalChain(options: LocalChainOptions = {}): LocalChain {
  const { seed, accounts: accountCount, now } = checkOptions(options);
  let keyring = createKeyring(seed, accountCount);
  let state = new ChainState(seed, accountCount, options.network ?? derivedUint32(seed, 'network'));
  createGenesis(state, keyring, initialBalances(keyring, options.balances));

  const listeners = new Set<BlockListener>();
  let timer: NodeJS.Timeout | undefined;

  const callContext = (signers: Signer[], unknownContract: 'fault' | 'halt'): CallContext => ({
    ledger: bookView(state.balances),
    overrides: state.overrides,
    signers,
    unknownContract,
    validatorPublicKey: keyring.validator.publicKey.toString('hex'),
    committeeScriptHash: keyring.consensusScriptHash,
    // A test run executes in the node's dummy block: the one after the tip.
    persistingIndex: state.height + 1,
    chain: chainViewOf(state),
  });

  // ---- views in the node's shapes ----

  const blockJson = (stored: StoredBlock): Block => {
    const next = state.blocks[stored.index + 1];
    const block: Block = {
      hash: stored.hash,
      size: stored.size,
      version: stored.version,
      previousblockhash: stored.previousblockhash,
      merkleroot: stored.merkleroot,
      time: stored.time,
      nonce: stored.nonce,
      index: stored.index,
      primary: stored.primary,
      nextconsensus: stored.nextconsensus,
      witnesses: structuredClone(stored.witnesses),
      tx: stored.tx.map((txid) => structuredClone(state.transactions.get(txid)!.tx)),
      confirmations: state.height - stored.index + 1,
    };
    if (next) block.nextblockhash = next.hash;
    return block;
  };

  const transactionJson = (hash: string): Transaction => {
    const stored = state.transactions.get(hash);
    if (!stored) throw RpcError.unknownTransaction();
    const tx = structuredClone(stored.tx);
    if (stored.blockIndex !== null) {
      const block = state.blocks[stored.blockIndex]!;
      tx.blockhash = block.hash;
      tx.confirmations = state.height - block.index + 1;
      tx.blocktime = block.time;
      if (stored.vmstate) tx.vmstate = stored.vmstate;
    }
    return tx;
  };

  const findBlock = (indexOrHash: unknown): StoredBlock => {
    const key = blockIndexOrHash(indexOrHash);
    const index = typeof key === 'number' ? key : state.blockIndexByHash.get(key);
    const block = index === undefined ? undefined : state.blocks[index];
    if (!block) throw RpcError.unknownBlock();
    return block;
  };

  const applicationLog = (hash: unknown): ApplicationLog => {
    const key = normalizeHash256(hash, 'transaction or block hash');
    const blockIndex = state.blockIndexByHash.get(key);
    if (blockIndex !== undefined) {
      const system = (trigger: 'OnPersist' | 'PostPersist', notifications = [] as ApplicationLog['executions'][number]['notifications']) => ({
        trigger,
        vmstate: 'HALT' as const,
        gasconsumed: '0',
        stack: [],
        notifications,
      });
      return {
        blockhash: key,
        executions: [
          system('OnPersist', structuredClone(blockIndex === 0 ? state.genesisNotifications : (state.persistNotifications.get(blockIndex) ?? []))),
          system('PostPersist', blockIndex >= state.committeeRewardsFrom ? [committeeRewardNotification(keyring)] : []),
        ],
      };
    }
    const execution = state.executions.get(key);
    // The ApplicationLogs plugin answers an unknown hash (or one still in the mempool) with -32602.
    if (!execution) throw RpcError.invalidParams('Unknown transaction/blockhash');
    return { txid: key, executions: [structuredClone(execution)] };
  };

  const nep17Balances = (addressOrHash: unknown): Nep17Balances => {
    const account = parseAccount(addressOrHash, 'address');
    const ordered = state.balances
      .ofAccount(account)
      .filter(([, entry]) => entry.amount > 0n)
      // The token tracker lists balances in key order: asset script hashes as stored (little-endian).
      .sort(([a], [b]) => Buffer.compare(scriptHashToBytes(a), scriptHashToBytes(b)));
    const balance = ordered.map(([asset, entry]): Nep17Balance => {
      const native = nativeTokenByHash(asset);
      const described: Pick<Nep17Balance, 'name' | 'symbol' | 'decimals'> = {};
      if (native) {
        Object.assign(described, { name: native.name, symbol: native.symbol, decimals: String(native.decimals) });
      } else {
        const symbol = state.overrides.get(asset, 'symbol')?.stack?.[0];
        const decimals = state.overrides.get(asset, 'decimals')?.stack?.[0];
        if (symbol) described.symbol = String(decodeStackItem(symbol));
        if (decimals) described.decimals = String(decodeStackItem(decimals));
      }
      return { assethash: asset, ...described, amount: entry.amount.toString(), lastupdatedblock: entry.lastupdatedblock };
    });
    return { address: scriptHashToAddress(account), balance };
  };

  const contractState = (key: unknown): ContractState => {
    // The nine native contracts, by hash, id or name; the chain deploys no other contract.
    const native = nativeContractForKey(contractKey(key));
    if (native) return nativeContractState(native);
    throw RpcError.unknownContract();
  };

  const invokeFunction = (scriptHash: unknown, operation: unknown, params?: unknown, signers?: unknown): InvokeResult => {
    const hash = normalizeScriptHash(scriptHash, 'script hash');
    const op = parseOperation(operation);
    const args = contractParamsToStackItems(params, 'params');
    const witnesses = parseSigners(signers);
    const call = { scriptHash: hash, operation: op, args, assert: false };
    const outcome = executeCall(callContext(witnesses, 'fault'), call);
    return {
      script: callScript(call).toString('base64'),
      state: outcome.state,
      gasconsumed: outcome.gasconsumed.toString(),
      exception: outcome.exception,
      notifications: outcome.notifications.map(invokeNotification),
      stack: outcome.stack,
    };
  };

  /** A test run of a contract-call script (invokescript): its calls in order, each seeing the transfers before it; nothing persists. */
  const invokeScript = (script: Buffer, read: ContractCallScript, signers: Signer[]): InvokeResult => {
    const outcome = executeScript(callContext(signers, 'fault'), read, signers, MAX_GAS_INVOKE);
    return {
      script: script.toString('base64'),
      state: outcome.state,
      gasconsumed: outcome.gasconsumed.toString(),
      exception: outcome.exception,
      notifications: outcome.notifications.map(invokeNotification),
      stack: outcome.stack,
    };
  };

  const version = (): Version => ({
    tcpport: 0,
    nonce: derivedUint32(state.seed, 'node'),
    useragent: '/neosl-local-chain:1/',
    rpc: { maxiteratorresultitems: 100, sessionenabled: false },
    protocol: {
      addressversion: 53,
      network: state.network,
      validatorscount: 1,
      msperblock: options.blockIntervalMs ?? DEFAULT_MS_PER_BLOCK,
      maxtraceableblocks: 2_102_400,
      maxvaliduntilblockincrement: MAX_VALID_UNTIL_BLOCK_INCREMENT,
      maxtransactionsperblock: MAX_TRANSACTIONS_PER_BLOCK,
      memorypoolmaxtransactions: 50_000,
      initialgasdistribution: 5_200_000_000_000_000,
      // Every hardfork of Neo 3.7 from genesis, as a node with no Hardforks configured reports them.
      hardforks: LOCAL_HARDFORKS.map((name) => ({ name, blockheight: 0 })),
      // The committee is the one validator; a chain without peers has no seeds.
      standbycommittee: [keyring.validator.publicKey.toString('hex')],
      seedlist: [],
    },
  });

  // ---- writes ----

  const defaultSender = (): string => keyring.accounts[0]!.scriptHash;

  /** What the node's mempool checks a sender's fees against: its GAS, and the fees of its pooled transactions. */
  const feeFunds = {
    gasBalance: (account: string) => state.balances.get(GAS_HASH, account),
    pooledFees: (account: string) =>
      state.mempool
        .map((hash) => state.transactions.get(hash)!.tx)
        .filter((pooled) => pooled.signers[0]?.account === account)
        .reduce((sum, pooled) => sum + BigInt(pooled.sysfee) + BigInt(pooled.netfee), 0n),
  };

  /** Everything is validated and built before the mempool and the nonce counter change; the fees are checked as the node's mempool does (-511). */
  const submit = (call: PendingCall, sender: string): SubmittedTransaction => {
    const dryRun = executeCall(callContext([{ account: sender, scopes: 'CalledByEntry' }], call.unknownContract), call);
    const tx = buildTransaction(keyring, {
      call,
      sender,
      sysfee: dryRun.gasconsumed,
      nonce: derivedUint32(state.seed, `tx/${state.txCounter}`),
      validUntilBlock: state.height + MAX_VALID_UNTIL_BLOCK_INCREMENT,
      network: state.network,
    });
    checkFeeFunds(feeFunds, sender, BigInt(tx.sysfee) + BigInt(tx.netfee));
    state.transactions.set(tx.hash, { tx, call, blockIndex: null, vmstate: null });
    state.mempool.push(tx.hash);
    state.txCounter += 1;
    return { hash: tx.hash, status: 'pending' };
  };

  const transfer = (request: TransferRequest): SubmittedTransaction => {
    if (!request || typeof request !== 'object') throw RpcError.invalidParams('transfer: expected { to, amount, asset, from? }');
    const asset = resolveAsset(request.asset);
    const to = parseAccount(request.to, 'recipient (to)');
    const amount = parseAmount(request.amount);
    const from = request.from === undefined ? defaultSender() : parseAccount(request.from, 'sender (from)');
    const args: StackItem[] = [hash160Item(from), hash160Item(to), integerItem(amount), anyItem()];
    return submit({ scriptHash: asset, operation: 'transfer', args, assert: true, unknownContract: 'fault' }, from);
  };

  const invoke = (request: InvokeRequest): SubmittedTransaction => {
    if (!request || typeof request !== 'object') throw RpcError.invalidParams('invoke: expected { scriptHash, operation, args? }');
    const scriptHash = normalizeScriptHash(request.scriptHash, 'script hash');
    const operation = parseOperation(request.operation);
    const args = contractParamsToStackItems(request.args as ContractParam[] | undefined, 'args');
    return submit({ scriptHash, operation, args, assert: false, unknownContract: 'halt' }, defaultSender());
  };

  const submitRaw = (raw: DecodedTransaction): SubmittedTransaction => {
    const { tx } = verifyRawTransaction(
      {
        network: state.network,
        height: state.height,
        isInBlock: (hash) => state.transactions.get(hash)?.blockIndex != null,
        isInPool: (hash) => state.mempool.includes(hash),
        ...feeFunds,
      },
      raw,
    );
    state.transactions.set(tx.hash, { tx, external: true, blockIndex: null, vmstate: null });
    state.mempool.push(tx.hash);
    return { hash: tx.hash, status: 'pending' };
  };

  const mine = (): { block: Block; logs: ApplicationLog[] } => {
    const time = Number(now());
    if (!Number.isFinite(time)) throw new TypeError(`createLocalChain: options.now() returned ${String(time)}, not milliseconds`);
    const { block, logs } = sealBlock(state, keyring, Math.floor(time));
    return { block: blockJson(block), logs };
  };

  const notify = (block: Block, logs: ApplicationLog[]): void => {
    const report = (error: unknown) =>
      process.emitWarning(`A block listener of the local chain failed on block ${block.index}: ${error instanceof Error ? error.message : String(error)}`);
    for (const listener of [...listeners]) {
      try {
        const result = listener(structuredClone(block), structuredClone(logs));
        if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(report);
      } catch (error) {
        report(error);
      }
    }
  };

  const mineAndNotify = (): Block => {
    const { block, logs } = mine();
    notify(block, logs);
    return block;
  };

  const blockchain: Blockchain = {
    getBlockCount: async () => state.height + 1,
    getBlock: async (indexOrHash) => blockJson(findBlock(indexOrHash)),
    getBestBlockHash: async () => state.tip.hash,
    getTransaction: async (hash) => transactionJson(normalizeHash256(hash, 'transaction hash')),
    getApplicationLog: async (hash) => applicationLog(hash),
    getNep17Balances: async (address) => nep17Balances(address),
    getContractState: async (hash) => contractState(hash),
    invokeFunction: async (scriptHash, operation, params, signers) => invokeFunction(scriptHash, operation, params, signers),
    getRawMemPool: async () => [...state.mempool],
    getVersion: async () => version(),
    transfer: async (request) => transfer(request),
    invoke: async (request) => invoke(request),
  };

  return {
    blockchain,
    get accounts() {
      return keyring.accounts.map((a) => a.address);
    },
    get devAccounts() {
      return keyring.accounts.map((a) => ({ ...a, verificationScript: Buffer.from(a.verificationScript) }));
    },
    get validatorPublicKey() {
      return keyring.validator.publicKey.toString('hex');
    },
    invokeScript,
    submitRawTransaction: (tx) => submitRaw(tx),
    findStorage: (contract, prefix) => findContractStorage(state, keyring.validator.publicKey.toString('hex'), contract, prefix),
    mineBlock: async () => mineAndNotify(),
    setBalance(address, asset, amount) {
      const account = parseAccount(address, 'address');
      const assetHash = resolveAsset(asset);
      const value = parseAmount(amount);
      state.balances.set(assetHash, account, value, state.height);
    },
    onInvoke(scriptHash, operation, result) {
      state.overrides.set(scriptHash, operation, result);
    },
    onBlock(listener) {
      if (typeof listener !== 'function') throw new TypeError('onBlock: expected a function (block, logs) => void');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    height: () => state.height,
    snapshot: () => state.toSnapshot(),
    restore(snapshot) {
      const next = ChainState.fromSnapshot(snapshot);
      const nextKeyring = next.seed === keyring.seed && next.accountCount === keyring.accounts.length ? keyring : createKeyring(next.seed, next.accountCount);
      if (next.blocks[0]!.nextconsensus !== nextKeyring.consensusAddress) {
        throw new TypeError(`Invalid chain snapshot: blocks[0].nextconsensus: does not belong to the seed "${next.seed}"`);
      }
      state = next;
      keyring = nextKeyring;
    },
    start() {
      const interval = options.blockIntervalMs;
      if (interval === undefined || timer) return;
      timer = setInterval(() => {
        try {
          mineAndNotify();
        } catch (error) {
          process.emitWarning(`The local chain could not mine a block: ${error instanceof Error ? error.message : String(error)}`);
        }
      }, interval);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
