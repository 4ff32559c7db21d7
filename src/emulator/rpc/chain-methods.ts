// The Neo N3 RPC methods served from a Blockchain: params as the node takes them, results in the node's
// shapes (as the chain produces them). All of them only read, except sendrawtransaction (transaction-methods.ts).
import type { LocalChain } from '../../backends/chain/local-chain.js';
import type { ApplicationLog, Blockchain, ContractParam, Signer } from '../../sdk/blockchain-types.js';
import { NEO_HASH } from '../../sdk/blockchain-types.js';
import { ADDRESS_FORM, HASH256_FORM, isValidAddress, parseAccount, SCRIPT_HASH_FORM, scriptHashToAddress } from '../../backends/chain/address.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import { closestMatch } from '../../util/suggest.js';
import { methodNotFound, type JsonRpcCall } from './json-rpc.js';
import { refuseHash160Addresses } from './hash160-params.js';
import { nativeContractMethods } from './native-contract-methods.js';
import { nodeInfoMethods } from './node-info-methods.js';
import { bindParams, FLAG_FORM, HEIGHT_FORM, parseFlag, parseHeight, show, type ParamSpec } from './params.js';
import { scriptMethods } from './script-methods.js';
import { storageMethods } from './storage-methods.js';
import { transactionMethods } from './transaction-methods.js';
import { serializeBlock, serializeTransaction } from './wire-format.js';

export interface ChainRpcMethod {
  params: readonly ParamSpec[];
  /** The result, or a promise of it: a method that reads the in-process chain can answer at once. */
  run(args: unknown[]): unknown;
}

/** The node's code for a height past the tip (getblockhash). */
export const UNKNOWN_HEIGHT = -109;

const TRIGGERS = ['OnPersist', 'PostPersist', 'Verification', 'Application', 'System', 'All'];

const NOT_SERVED: Record<string, string> = {};

/** Neo node methods (RpcServer and its usual plugins) that this chain does not serve. */
const OTHER_NEO_METHODS = [
  'getcandidates',
  'invokecontractverify', 'traverseiterator', 'terminatesession',
  'submitblock', 'getnep11balances',
  'getnep11transfers', 'getnep11properties', 'getstateroot', 'getproof', 'verifyproof', 'getstate', 'findstates',
];

const param = (name: string, form: string, optional = false): ParamSpec => (optional ? { name, form, optional } : { name, form });
const VERBOSE = param('verbose', FLAG_FORM, true);

function filterByTrigger(log: ApplicationLog, trigger: unknown): ApplicationLog {
  if (trigger === undefined) return log;
  const name = typeof trigger === 'string' ? TRIGGERS.find((t) => t.toLowerCase() === trigger.toLowerCase()) : undefined;
  if (name === undefined) throw RpcError.invalidParams(`Invalid trigger ${show(trigger)}: expected one of ${TRIGGERS.join(', ')}`);
  if (name === 'All') return log;
  const wanted = name === 'System' ? ['OnPersist', 'PostPersist'] : [name];
  return { ...log, executions: log.executions.filter((e) => wanted.includes(e.trigger)) };
}

/** verbose off: the base64 wire form, or -32602 when the chain's data cannot be encoded. */
function wireForm<T>(value: T, what: string, serialize: (value: T) => Buffer): string {
  try {
    return serialize(value).toString('base64');
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw RpcError.invalidParams(`verbose: this ${what} cannot be serialized by the local chain (${error.message}); only verbose (true) is supported for it`);
  }
}

/** `local`: the in-process chain behind `chain`, when it is one (methods about its node and keys need it). */
export function chainRpcMethods(chain: Blockchain, local?: LocalChain): Map<string, ChainRpcMethod> {
  const methods: [string, ChainRpcMethod][] = [
    ['getbestblockhash', { params: [], run: () => chain.getBestBlockHash() }],
    // The in-process chain's height is read at once (the busiest call: clients poll it).
    ['getblockcount', { params: [], run: local ? () => local.height() + 1 : () => chain.getBlockCount() }],
    // The local chain has no headers ahead of its blocks.
    ['getblockheadercount', { params: [], run: () => chain.getBlockCount() }],
    [
      'getblock',
      {
        params: [param('indexOrHash', `a block index (an integer from 0) or a block hash (${HASH256_FORM})`), VERBOSE],
        async run([key, verbose]) {
          const asJson = parseFlag(verbose);
          const block = await chain.getBlock(key as number | string);
          return asJson ? block : wireForm(block, 'block', serializeBlock);
        },
      },
    ],
    [
      'getblockhash',
      {
        params: [param('index', HEIGHT_FORM)],
        async run([index]) {
          const height = parseHeight(index, 'index');
          const count = await chain.getBlockCount();
          if (height >= count) throw new RpcError(UNKNOWN_HEIGHT, 'Unknown height', `block ${height} is past the chain's height ${count - 1}`);
          return (await chain.getBlock(height)).hash;
        },
      },
    ],
    [
      'getrawtransaction',
      {
        params: [param('hash', `a transaction hash (${HASH256_FORM})`), VERBOSE],
        async run([hash, verbose]) {
          const asJson = parseFlag(verbose);
          const tx = await chain.getTransaction(hash as string);
          return asJson ? tx : wireForm(tx, 'transaction', serializeTransaction);
        },
      },
    ],
    [
      'gettransactionheight',
      {
        params: [param('hash', `a transaction hash (${HASH256_FORM})`)],
        // The index of the block holding it; -103 while it is only pooled (the node reads the Ledger's state).
        async run([hash]) {
          const tx = await chain.getTransaction(hash as string);
          if (tx.blockhash === undefined) throw RpcError.unknownTransaction();
          return (await chain.getBlock(tx.blockhash)).index;
        },
      },
    ],
    [
      'getapplicationlog',
      {
        params: [param('hash', `a transaction or block hash (${HASH256_FORM})`), param('trigger', `one of ${TRIGGERS.join(', ')}`, true)],
        async run([hash, trigger]) {
          return filterByTrigger(await chain.getApplicationLog(hash as string), trigger);
        },
      },
    ],
    ['getnep17balances', { params: [param('address', `${ADDRESS_FORM}, or a script hash (${SCRIPT_HASH_FORM})`)], run: ([address]) => chain.getNep17Balances(address as string) }],
    [
      'getunclaimedgas',
      {
        params: [param('address', `${ADDRESS_FORM}, or a script hash (${SCRIPT_HASH_FORM})`)],
        // As the node: NeoToken.unclaimedGas(account, current index + 1), read through the chain (local or proxied alike).
        async run([address]) {
          const account = parseAccount(address, 'address');
          const end = await chain.getBlockCount();
          const result = await chain.invokeFunction(NEO_HASH, 'unclaimedGas', [{ type: 'Hash160', value: account }, { type: 'Integer', value: String(end) }], []);
          const unclaimed = result.state === 'HALT' ? result.stack[0] : undefined;
          if (unclaimed?.type !== 'Integer') throw new RpcError(-32603, 'Internal error', `NeoToken.unclaimedGas answered ${result.state}${result.exception ? `: ${result.exception}` : ''}`);
          return { unclaimed: unclaimed.value, address: scriptHashToAddress(account) };
        },
      },
    ],
    [
      'getcontractstate',
      {
        params: [param('contract', `a contract hash (${SCRIPT_HASH_FORM}), a native contract name (e.g. GasToken) or an id (e.g. -6)`)],
        // The node reads an id given as a number or as a string alike.
        run: ([contract]) => chain.getContractState((typeof contract === 'number' ? String(contract) : contract) as string),
      },
    ],
    [
      'invokefunction',
      {
        params: [
          param('scriptHash', `a contract hash (${SCRIPT_HASH_FORM})`),
          param('operation', 'a method name such as "balanceOf"'),
          param('params', 'an array of { type, value } contract parameters', true),
          param('signers', 'an array of { account, scopes } signers', true),
          // Accepted for the node's signature; the local chain has no diagnostics to add.
          param('useDiagnostic', FLAG_FORM, true),
        ],
        async run([scriptHash, operation, params, signers]) {
          refuseHash160Addresses(params);
          return chain.invokeFunction(scriptHash as string, operation as string, (params ?? []) as ContractParam[], (signers ?? []) as Signer[]);
        },
      },
    ],
    ['getversion', { params: [], run: () => chain.getVersion() }],
    [
      'getrawmempool',
      {
        params: [param('shouldGetUnverified', FLAG_FORM, true)],
        async run([shouldGetUnverified]) {
          const withUnverified = parseFlag(shouldGetUnverified);
          const verified = await chain.getRawMemPool();
          if (!withUnverified) return verified;
          // The local chain verifies nothing, so every pooled transaction counts as verified.
          return { height: (await chain.getBlockCount()) - 1, verified, unverified: [] };
        },
      },
    ],
    [
      'validateaddress',
      {
        params: [param('address', 'a string (the address to check)')],
        async run([address]) {
          if (typeof address !== 'string') throw RpcError.invalidParams(`Invalid address ${show(address)}: expected a string (the address to check)`);
          return { address, isvalid: isValidAddress(address) };
        },
      },
    ],
    ['getconnectioncount', { params: [], run: async () => 0 }],
    ...nodeInfoMethods(chain, local),
    ...nativeContractMethods(local),
    ...scriptMethods(local),
    ...storageMethods(local),
    ...transactionMethods(local),
  ];
  return new Map(methods);
}

/** -32601 naming the method, with a close match or the list of what is served. */
export function unknownMethod(method: string, served: Iterable<string>): RpcError {
  const names = [...served].sort();
  const shown = JSON.stringify(method);
  const notServed = NOT_SERVED[method];
  if (notServed !== undefined) return methodNotFound(`${shown} is not served: ${notServed}`);
  const match = closestMatch(method, names);
  if (match !== undefined) return methodNotFound(`${shown}; did you mean "${match}"?`);
  const neo = OTHER_NEO_METHODS.includes(method.toLowerCase()) ? ' is a Neo node method the local chain does not serve' : ' is not a method of this node';
  return methodNotFound(`${shown}${neo}; the methods served are ${names.join(', ')}`);
}

/** Calls one method of the table: binds the params, runs it (throws its RpcError, or returns its result or a promise of it). */
export function callChainMethod(methods: Map<string, ChainRpcMethod>, call: JsonRpcCall): unknown {
  const method = methods.get(call.method);
  if (method === undefined) throw unknownMethod(call.method, methods.keys());
  return method.run(bindParams(call.method, method.params, call.params));
}
