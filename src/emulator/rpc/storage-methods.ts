// getstorage and findstorage on the in-process chain, as a Neo 3.7 node's RpcServer answers them: the contract as
// an id (a number or a decimal string, int.TryParse) or a script hash (UInt160.Parse: 0x optional), keys and values
// base64; findstorage pages FindStoragePageSize (50) items at a time from `start`, in key order, as
// { truncated, next, results: [{ key, value }] }. The items are the native contracts' (backends/chain/native-storage.ts).
// Beyond the node: native contract names are taken too (as newer nodes and getcontractstate take them), and a
// `start` that is not an integer from 0 is refused where the node would silently read it as 0.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import { normalizeScriptHash, SCRIPT_HASH_FORM } from '../../backends/chain/address.js';
import { isBase64 } from '../../backends/chain/bytes.js';
import { NATIVE_IDENTITIES } from '../../backends/chain/native-hashes.js';
import { UNKNOWN_STORAGE_ITEM } from '../../backends/chain/native-storage.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { localOnly } from './local-only.js';
import { show, type ParamSpec } from './params.js';

/** RpcServerSettings.FindStoragePageSize's default. */
export const FIND_STORAGE_PAGE_SIZE = 50;

export interface FoundStorage {
  truncated: boolean;
  next: number;
  results: { key: string; value: string }[];
}

const CONTRACT_FORM = `a contract hash (${SCRIPT_HASH_FORM}), a contract id (e.g. -6) or a native contract name (e.g. GasToken)`;
const START_FORM = 'an integer from 0 (how many items to skip: the previous answer\'s "next")';

const INT32 = /^\s*[+-]?\d+\s*$/;

function shown(value: unknown): string {
  const text = show(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The contract as the node reads it: an int32 id first, then a script hash; a native contract's name besides. */
function parseContract(value: unknown): number | string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string') {
    if (INT32.test(text)) {
      const id = Number(text);
      if (Number.isSafeInteger(id) && id >= -0x80000000 && id <= 0x7fffffff) return id;
    }
    const native = NATIVE_IDENTITIES.find((identity) => identity.name.toLowerCase() === text.toLowerCase());
    if (native) return native.hash;
    try {
      return normalizeScriptHash(text);
    } catch {
      // Refused below, naming the parameter.
    }
  }
  throw RpcError.invalidParams(`Invalid contract hash ${shown(value)}: expected ${CONTRACT_FORM}`);
}

/** Convert.FromBase64String: padded base64, whitespace ignored; the empty string is no bytes. */
function parseBase64(value: unknown, name: string, what: string): Buffer {
  if (typeof value === 'string') {
    const compact = value.replace(/[ \t\r\n]/g, '');
    if (isBase64(compact)) return Buffer.from(compact, 'base64');
  }
  throw RpcError.invalidParams(`Invalid Base64 string ${shown(value)}: ${name} is ${what} in base64 (e.g. "FA==" for the byte 0x14)`);
}

function parseStart(value: unknown): number {
  if (value === undefined) return 0;
  const start = typeof value === 'string' && INT32.test(value) ? Number(value) : value;
  if (typeof start === 'number' && Number.isInteger(start) && start >= 0 && start <= 0x7fffffff) return start;
  throw RpcError.invalidParams(`Invalid start ${shown(value)}: expected ${START_FORM}`);
}

/** The contract as the error messages name it: a native's name and id, else as given. */
function describe(contract: number | string): string {
  const native = NATIVE_IDENTITIES.find((identity) => identity.id === contract || identity.hash === contract);
  return native ? `${native.name} (${native.id}, ${native.hash})` : typeof contract === 'number' ? `the contract with id ${contract}` : contract;
}

/** -104 Unknown storage item, saying which key of which contract, and why a non-native id has none. */
function unknownItem(contract: number | string, key: Buffer): RpcError {
  const where = `no item at key ${key.length === 0 ? '(empty)' : `0x${key.toString('hex')}`} in the storage of ${describe(contract)}`;
  const isNative = NATIVE_IDENTITIES.some((identity) => identity.id === contract || identity.hash === contract);
  const why = typeof contract === 'number' && !isNative ? '; the local chain deploys no contracts: only the native ones (ids -1 to -9) hold storage' : '';
  return new RpcError(UNKNOWN_STORAGE_ITEM, 'Unknown storage item', where + why);
}

const param = (name: string, form: string, optional = false): ParamSpec => (optional ? { name, form, optional } : { name, form });

/** getstorage and findstorage; `local`: the in-process chain (when neosl proxies a node they answer -32601, saying to ask it). */
export function storageMethods(local: LocalChain | undefined): [string, ChainRpcMethod][] {
  return [
    localOnly('getstorage', local, [param('contract', CONTRACT_FORM), param('key', 'a base64 string (the storage key)')], async (chain, [contract, key]) => {
      const target = parseContract(contract);
      const bytes = parseBase64(key, 'the key (parameter 2)', 'the storage key');
      const item = chain.findStorage(target, bytes).find((entry) => entry.key.equals(bytes));
      if (item === undefined) throw unknownItem(target, bytes);
      return item.value.toString('base64');
    }),
    localOnly(
      'findstorage',
      local,
      [param('contract', CONTRACT_FORM), param('prefix', 'a base64 string (the key prefix; "" for every item)'), param('start', START_FORM, true)],
      async (chain, [contract, prefix, start]): Promise<FoundStorage> => {
        const target = parseContract(contract);
        const bytes = parseBase64(prefix, 'the prefix (parameter 2)', 'the key prefix');
        const from = parseStart(start);
        const entries = chain.findStorage(target, bytes);
        const page = entries.slice(from, from + FIND_STORAGE_PAGE_SIZE);
        return {
          truncated: entries.length > from + FIND_STORAGE_PAGE_SIZE,
          next: from + page.length,
          results: page.map((entry) => ({ key: entry.key.toString('base64'), value: entry.value.toString('base64') })),
        };
      },
    ),
  ];
}
