// createRpcBlockchain: the Blockchain interface over a real Neo N3 node's JSON-RPC, with the node's own result shapes.
import type {
  ApplicationLog,
  Block,
  Blockchain,
  ContractState,
  InvokeRequest,
  InvokeResult,
  Nep17Balances,
  SubmittedTransaction,
  Transaction,
  TransferRequest,
  Version,
} from '../../../sdk/blockchain-types.js';
import { normalizeHash256, normalizeScriptHash, parseAccount, scriptHashToAddress } from '../address.js';
import { parseAmount } from '../amount.js';
import { contractParamsToStackItems } from '../contract-param.js';
import { resolveAsset } from '../native-contracts.js';
import { isRpcError, RpcError } from '../rpc-error.js';
import { anyItem, hash160Item, integerItem } from '../stack-item.js';
import { MAX_VALID_UNTIL_BLOCK_INCREMENT } from '../transaction-builder.js';
import { badResult, resultHash, resultHashes, resultInteger, resultObject } from './rpc-results.js';
import type { RpcTransportOptions } from './rpc-transport.js';
import { createRpcTransport } from './rpc-transport.js';
import { blockIndexOrHash, contractKey, nodeContractParams, nodeSigners, operationName } from './rpc-params.js';
import type { SigningAccount } from './signing-key.js';
import { signingAccountFromWif } from './signing-key.js';
import type { NetworkInfo, TransactionSender } from './transaction-sender.js';
import { requireAccount, sendCall, WIF_ENV_VAR } from './transaction-sender.js';

export interface RpcBlockchainOptions extends RpcTransportOptions {
  /** The WIF private key of the account transfer and invoke sign with (and send from). */
  wif?: string;
}

export type RpcBlockchain = Blockchain & {
  /** The node's URL (without credentials). */
  readonly url: string;
  /** The signing account's address, when a wif was given. */
  readonly address: string | undefined;
  close(): void;
};

const METHOD_NOT_FOUND = -32601;
/** Methods that a node serves only with a plugin. */
const PLUGIN_OF: Record<string, string> = {
  getapplicationlog: 'ApplicationLogs',
  getnep17balances: 'TokensTracker',
};

export function createRpcBlockchain(url: string, options: RpcBlockchainOptions = {}): RpcBlockchain {
  let account: SigningAccount | undefined;
  if (options.wif !== undefined) {
    try {
      account = signingAccountFromWif(options.wif);
    } catch (error) {
      throw new TypeError(`Neo RPC signing key (${WIF_ENV_VAR}): ${(error as Error).message}`);
    }
  }
  const transport = createRpcTransport(url, options);
  const shown = transport.url;

  const call = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    try {
      return await transport.call<T>(method, params);
    } catch (error) {
      const plugin = PLUGIN_OF[method];
      if (plugin && isRpcError(error) && error.code === METHOD_NOT_FOUND) {
        const base = error.data ? error.message.slice(0, -(error.data.length + 3)) : error.message;
        throw new RpcError(error.code, base, `${method} needs the node's ${plugin} plugin${error.data ? ` (${error.data})` : ''}`);
      }
      throw error;
    }
  };

  const object = async <T>(method: string, params: unknown[], keys: string[]): Promise<T> =>
    resultObject<T>(shown, method, await call(method, params), keys);

  let networkInfo: Promise<NetworkInfo> | undefined;
  const getVersion = () => object<Version>('getversion', [], ['protocol']);
  const sender: TransactionSender = {
    transport,
    account,
    networkInfo() {
      networkInfo ??= getVersion().then((version) => {
        const protocol = (version.protocol ?? {}) as Partial<Version['protocol']>;
        const network = protocol.network;
        if (typeof network !== 'number' || !Number.isInteger(network) || network < 0 || network > 0xffffffff) {
          throw badResult(shown, 'getversion', 'a version whose protocol.network is a uint32 network magic', version);
        }
        const increment = protocol.maxvaliduntilblockincrement;
        return {
          network,
          maxValidUntilBlockIncrement: typeof increment === 'number' && Number.isInteger(increment) && increment > 0 ? increment : MAX_VALID_UNTIL_BLOCK_INCREMENT,
        };
      });
      // A failed getversion is asked again next time.
      networkInfo.catch(() => {
        networkInfo = undefined;
      });
      return networkInfo;
    },
  };

  const transfer = async (request: TransferRequest): Promise<SubmittedTransaction> => {
    if (!request || typeof request !== 'object') throw RpcError.invalidParams('transfer: expected { to, amount, asset, from? }');
    const asset = resolveAsset(request.asset);
    const to = parseAccount(request.to, 'recipient (to)');
    const amount = parseAmount(request.amount);
    const signer = requireAccount(sender, 'transfer');
    if (request.from !== undefined && parseAccount(request.from, 'sender (from)') !== signer.scriptHash) {
      throw RpcError.invalidParams(
        `Invalid sender (from) ${JSON.stringify(request.from)}: transfers are signed with the ${WIF_ENV_VAR} key of ${signer.address}; omit from or pass that address`,
      );
    }
    const args = [hash160Item(signer.scriptHash), hash160Item(to), integerItem(amount), anyItem()];
    return sendCall(sender, 'transfer', { scriptHash: asset, operation: 'transfer', args, assert: true });
  };

  const invoke = async (request: InvokeRequest): Promise<SubmittedTransaction> => {
    if (!request || typeof request !== 'object') throw RpcError.invalidParams('invoke: expected { scriptHash, operation, args? }');
    const scriptHash = normalizeScriptHash(request.scriptHash, 'script hash');
    const operation = operationName(request.operation);
    const args = contractParamsToStackItems(request.args, 'args');
    return sendCall(sender, 'invoke', { scriptHash, operation, args, assert: false });
  };

  return {
    url: shown,
    address: account?.address,
    getBlockCount: async () => resultInteger(shown, 'getblockcount', await call('getblockcount')),
    getBlock: async (indexOrHash) => object<Block>('getblock', [blockIndexOrHash(indexOrHash), true], ['hash', 'index', 'tx']),
    getBestBlockHash: async () => resultHash(shown, 'getbestblockhash', await call('getbestblockhash')),
    getTransaction: async (hash) =>
      object<Transaction>('getrawtransaction', [normalizeHash256(hash, 'transaction hash'), true], ['hash', 'script']),
    getApplicationLog: async (hash) =>
      object<ApplicationLog>('getapplicationlog', [normalizeHash256(hash, 'transaction or block hash')], ['executions']),
    getNep17Balances: async (address) =>
      object<Nep17Balances>('getnep17balances', [scriptHashToAddress(parseAccount(address, 'address'))], ['address', 'balance']),
    getContractState: async (hash) => object<ContractState>('getcontractstate', [contractKey(hash)], ['hash', 'manifest']),
    invokeFunction: async (scriptHash, operation, params, signers) => {
      const args: unknown[] = [normalizeScriptHash(scriptHash, 'script hash'), operationName(operation), nodeContractParams(params, 'params')];
      const witnesses = nodeSigners(signers);
      if (witnesses.length > 0) args.push(witnesses);
      return object<InvokeResult>('invokefunction', args, ['state', 'gasconsumed', 'stack']);
    },
    getRawMemPool: async () => resultHashes(shown, 'getrawmempool', await call('getrawmempool')),
    getVersion,
    transfer,
    invoke,
    close: () => transport.close(),
  };
}
