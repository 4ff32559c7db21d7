// Neo N3 addresses and script hashes: base58check(0x35 ‖ script hash little-endian) ↔ 0x + 40 hex (big-endian).
import { base58CheckDecode, base58CheckEncode, findNonBase58 } from './base58.js';
import { reversed } from './bytes.js';
import { RpcError } from './rpc-error.js';

/** Neo N3's address version byte (addresses start with 'N'). */
export const ADDRESS_VERSION = 0x35;

export const SCRIPT_HASH_FORM =
  '0x followed by 40 hex digits (big-endian, as explorers show it), e.g. 0xd2a4cff31913016155e38e474a2c06d08be276cf';
export const ADDRESS_FORM =
  "a Neo N3 address: 34 base58 characters starting with 'N', e.g. NepwUjd9GhqgNkrfXaxj9mmsFhFzGoFuWM";
export const HASH256_FORM = '0x followed by 64 hex digits';

const SCRIPT_HASH_RE = /^(?:0x)?[0-9a-fA-F]{40}$/;
const HASH256_RE = /^(?:0x)?[0-9a-fA-F]{64}$/;

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function isValidScriptHash(value: unknown): value is string {
  return typeof value === 'string' && SCRIPT_HASH_RE.test(value);
}

/** '0x' + 40 lowercase hex digits; accepts the 0x prefix or not (both big-endian, as the node's UInt160.Parse does). */
export function normalizeScriptHash(value: unknown, what = 'script hash'): string {
  if (!isValidScriptHash(value)) {
    throw RpcError.invalidParams(`Invalid ${what} ${show(value)}: expected ${SCRIPT_HASH_FORM}`);
  }
  return '0x' + value.replace(/^0x/, '').toLowerCase();
}

/** '0x' + 64 lowercase hex digits (block and transaction hashes). */
export function normalizeHash256(value: unknown, what = 'hash'): string {
  if (typeof value !== 'string' || !HASH256_RE.test(value)) {
    throw RpcError.invalidParams(`Invalid ${what} ${show(value)}: expected ${HASH256_FORM}`);
  }
  return '0x' + value.replace(/^0x/, '').toLowerCase();
}

/** The 20 bytes of a script hash in the order Neo stores them (little-endian), as in stack items and scripts. */
export function scriptHashToBytes(scriptHash: string): Buffer {
  return reversed(Buffer.from(normalizeScriptHash(scriptHash).slice(2), 'hex'));
}

/** The 0x form of a little-endian 20-byte script hash. */
export function scriptHashFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 20) throw RpcError.invalidParams(`A script hash has 20 bytes, got ${bytes.length}`);
  return '0x' + reversed(bytes).toString('hex');
}

export function scriptHashToAddress(scriptHash: string): string {
  const bytes = scriptHashToBytes(scriptHash);
  return base58CheckEncode(Buffer.concat([Buffer.from([ADDRESS_VERSION]), bytes]));
}

/** What is wrong with an address, or undefined when it is a valid Neo N3 address. */
function addressProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'it is empty';
  if (SCRIPT_HASH_RE.test(value)) return 'that is a script hash, not an address (convert it with scriptHashToAddress)';
  const bad = findNonBase58(value);
  if (bad) return `'${bad.char}' at position ${bad.position + 1} is not a base58 character`;
  if (value.length !== 34) return `it has ${value.length} characters, not 34`;
  let payload: Buffer;
  try {
    payload = base58CheckDecode(value);
  } catch (error) {
    return (error as Error).message;
  }
  if (payload.length !== 21) return `it decodes to ${payload.length} bytes, not 21`;
  if (payload[0] !== ADDRESS_VERSION) {
    const version = payload[0]!.toString(16).padStart(2, '0');
    const legacy = payload[0] === 0x17 ? ' (a Neo Legacy address?)' : '';
    return `its version byte is 0x${version}, not Neo N3's 0x35${legacy}`;
  }
  return undefined;
}

export function isValidAddress(value: unknown): value is string {
  return addressProblem(value) === undefined;
}

export function addressToScriptHash(address: string): string {
  const problem = addressProblem(address);
  if (problem) throw RpcError.invalidParams(`Invalid address ${show(address)}: ${problem}; expected ${ADDRESS_FORM}`);
  return scriptHashFromBytes(base58CheckDecode(address).subarray(1));
}

/** An account given as an address or a script hash, as its 0x script hash. */
export function parseAccount(value: unknown, what = 'account'): string {
  if (isValidScriptHash(value)) return normalizeScriptHash(value);
  const problem = addressProblem(value);
  if (problem) {
    throw RpcError.invalidParams(`Invalid ${what} ${show(value)}: ${problem}; expected ${ADDRESS_FORM}, or a script hash (${SCRIPT_HASH_FORM})`);
  }
  return addressToScriptHash(value as string);
}
