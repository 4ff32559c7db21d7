// The chain a project's functions see (neosl dev, neosl invoke): the in-process Neo N3 chain (mining every blockInterval, its state
// saved under the persist folder after each block and at close), or a real node (blockchain.rpcUrl)
// watched by polling for new blocks. Either way each new block and its notifications are handed to
// `onBlock` for the blockchain triggers.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { moveAside } from '../../util/move-aside.js';
import { dirname } from 'node:path';
import { createLocalChain, type LocalChain } from './local-chain.js';
import { createRpcBlockchain, WIF_ENV_VAR } from './rpc/index.js';
import type { ChainSnapshot } from './chain-state.js';
import type { ApplicationLog, Block, Blockchain, InvokeResult, StackItem } from '../../sdk/blockchain-types.js';

export interface ChainHostOptions {
  /** Undefined: the in-process chain. */
  rpcUrl?: string;
  /** Mining (local) or polling (rpc) interval; undefined: blocks only on demand (local). */
  blockIntervalMs?: number;
  /** Where the local chain's state is kept (JSON); undefined: in memory only. */
  stateFile?: string;
  /** The in-process chain's answers to invocations (neosl.yaml blockchain.contracts). */
  contracts?: Record<string, Record<string, StackItem[] | Partial<InvokeResult>>>;
  /** Makes the client of a real node (the JSON-RPC client). */
  connect?: (url: string) => Blockchain & { close?(): void };
  onBlock(block: Block, logs: ApplicationLog[]): void;
  onError(message: string): void;
}

export interface ChainHost {
  readonly blockchain: Blockchain;
  /** The in-process chain; undefined against a real node. */
  readonly local?: LocalChain;
  /** Saves now (local chain with a state file). */
  save(): void;
  close(): Promise<void>;
}

const EMPTY_BLOCK_SAVE_MS = 10_000;

function loadState(local: LocalChain, file: string, onError: (message: string) => void): void {
  if (!existsSync(file)) return;
  try {
    local.restore(JSON.parse(readFileSync(file, 'utf8')) as ChainSnapshot);
  } catch (error) {
    // A state that cannot be read is kept aside, not overwritten: the chain starts afresh.
    const aside = moveAside(file);
    onError(`the saved chain state could not be read (${(error as Error).message}); it was moved to ${aside} and the chain starts from genesis`);
  }
}

function saveState(local: LocalChain, file: string): void {
  // Written beside, then renamed: a crash mid-write leaves the previous state whole.
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(local.snapshot()));
  renameSync(temporary, file);
}

function startLocal(options: ChainHostOptions): ChainHost {
  const local = createLocalChain(options.blockIntervalMs !== undefined ? { blockIntervalMs: options.blockIntervalMs } : {});
  if (options.stateFile) loadState(local, options.stateFile, options.onError);
  for (const [scriptHash, operations] of Object.entries(options.contracts ?? {})) {
    for (const [operation, result] of Object.entries(operations)) local.onInvoke(scriptHash, operation, result);
  }
  const save = () => {
    if (!options.stateFile) return;
    try {
      saveState(local, options.stateFile);
    } catch (error) {
      options.onError(`could not save the chain state: ${(error as Error).message}`);
    }
  };
  // The whole state is written each time (~600 bytes a block): at once after a block with
  // transactions, else at most every EMPTY_BLOCK_SAVE_MS, so that a long session of empty blocks
  // does not spend more and more time saving. A kill loses at most those empty blocks.
  let savedAt = performance.now();
  const unsubscribe = local.onBlock((block, logs) => {
    if (block.tx.length > 0 || performance.now() - savedAt >= EMPTY_BLOCK_SAVE_MS) {
      save();
      savedAt = performance.now();
    }
    options.onBlock(block, logs);
  });
  local.start();
  return {
    blockchain: local.blockchain,
    local,
    save,
    async close() {
      unsubscribe();
      save();
      local.close();
    },
  };
}

/** A real node: new blocks found by polling getblockcount, then each block and its transactions' logs. */
function startRemote(url: string, options: ChainHostOptions): ChainHost {
  if (!options.connect) throw new Error('no JSON-RPC client to reach a real node');
  const chain = options.connect(url);
  let next: number | undefined;
  let polling = false;
  let stopped = false;
  let lastError = '';
  const poll = async () => {
    if (polling || stopped) return;
    polling = true;
    try {
      const count = await chain.getBlockCount();
      // Start at the tip: a session does not replay the chain's history.
      next ??= count;
      while (next < count && !stopped) {
        const block = await chain.getBlock(next);
        const logs = await Promise.all(block.tx.map((tx) => chain.getApplicationLog(tx.hash)));
        next++;
        options.onBlock(block, logs);
      }
      lastError = '';
    } catch (error) {
      const message = `watching ${url} for blocks: ${(error as Error).message}`;
      if (message !== lastError) options.onError(message);
      lastError = message;
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), options.blockIntervalMs ?? 1000);
  timer.unref();
  void poll();
  return {
    blockchain: chain,
    save: () => undefined,
    async close() {
      stopped = true;
      clearInterval(timer);
      chain.close?.();
    },
  };
}

/** The JSON-RPC client of a real node, signing with NEOSL_WIF from the environment or .env when set. */
export function nodeClientFactory(env: Record<string, string | undefined>): (url: string) => Blockchain & { close(): void } {
  return (url) => {
    const wif = env[WIF_ENV_VAR];
    return createRpcBlockchain(url, wif !== undefined ? { wif } : {});
  };
}

export function startChainHost(options: ChainHostOptions): ChainHost {
  return options.rpcUrl === undefined ? startLocal(options) : startRemote(options.rpcUrl, options);
}
