// Reading the scripts SDKs send to invokescript: contract calls as neon-js (sc.createScript, ScriptBuilder
// .emitContractCall) and Neo's EmitDynamicCall build them — literal arguments pushed in reverse, PACK (or
// NEWARRAY0), the call flags, the method name, the contract hash, SYSCALL System.Contract.Call — one after the
// other, optionally with DROP or ASSERT of a call's result. The bytes are read as NeoVM would run them (the
// same stack discipline), without a VM: an opcode outside that subset is refused with a ScriptReadError
// naming it and its offset; what a node would FAULT on (a truncated operand, an empty stack, a malformed call)
// becomes a `fault` step, where the reading stops, as a node's execution would.
import type { StackItem } from '../../sdk/blockchain-types.js';
import { scriptHashFromBytes } from './address.js';
import { ASSERT_FAILED } from './contract-executor.js';
import { bytesToBigInt, interopHash } from './script-builder.js';
import { itemBytes, itemInteger, itemTruthy } from './stack-item.js';

/** A System.Contract.Call of the script. */
export interface ScriptCall {
  kind: 'call';
  /** Offset of the SYSCALL. */
  offset: number;
  /** 0x-prefixed, big-endian (the script holds it little-endian). */
  scriptHash: string;
  operation: string;
  callFlags: number;
  args: StackItem[];
}

/**
 * What running the script does, in order:
 * - `call`: run the call; its result goes on the stack;
 * - `push`: a value the script pushes and no call consumes (it stays on the stack, as on a node);
 * - `drop` / `assert`: DROP or ASSERT of the value on top of the stack (a call's result);
 * - `fault`: the script FAULTs here with `exception` (the last step).
 */
export type ScriptStep =
  | ScriptCall
  | { kind: 'push'; offset: number; item: StackItem }
  | { kind: 'drop'; offset: number }
  | { kind: 'assert'; offset: number }
  | { kind: 'fault'; offset: number; exception: string };

export interface ContractCallScript {
  steps: ScriptStep[];
  /** The calls among the steps, in order. */
  calls: ScriptCall[];
}

/** An opcode (at an offset) that the reader does not run. */
export class ScriptReadError extends Error {
  readonly opcode: number;
  readonly opcodeName: string;
  readonly offset: number;

  constructor(opcode: number, offset: number, reason: string) {
    const name = opcodeName(opcode);
    super(`${name} at offset ${offset} ${reason}`);
    this.name = 'ScriptReadError';
    this.opcode = opcode;
    this.opcodeName = name;
    this.offset = offset;
  }
}

// ---- NeoVM opcodes (names for messages; the values the reader runs) ----

const OPCODE_NAMES: Record<number, string> = {};
function names(first: number, list: string): void {
  list.split(' ').forEach((name, i) => {
    if (name !== '-') OPCODE_NAMES[first + i] = name;
  });
}
names(0x00, 'PUSHINT8 PUSHINT16 PUSHINT32 PUSHINT64 PUSHINT128 PUSHINT256 - - PUSHT PUSHF PUSHA PUSHNULL PUSHDATA1 PUSHDATA2 PUSHDATA4 PUSHM1');
names(0x10, 'PUSH0 PUSH1 PUSH2 PUSH3 PUSH4 PUSH5 PUSH6 PUSH7 PUSH8 PUSH9 PUSH10 PUSH11 PUSH12 PUSH13 PUSH14 PUSH15 PUSH16');
names(0x21, 'NOP JMP JMP_L JMPIF JMPIF_L JMPIFNOT JMPIFNOT_L JMPEQ JMPEQ_L JMPNE JMPNE_L JMPGT JMPGT_L JMPGE JMPGE_L JMPLT JMPLT_L JMPLE JMPLE_L');
names(0x34, 'CALL CALL_L CALLA CALLT ABORT ASSERT THROW TRY TRY_L ENDTRY ENDTRY_L ENDFINALLY RET SYSCALL');
names(0x43, 'DEPTH - DROP NIP - XDROP CLEAR DUP OVER - PICK TUCK - SWAP ROT ROLL REVERSE3 REVERSE4 REVERSEN');
names(0x56, 'INITSSLOT INITSLOT LDSFLD0 LDSFLD1 LDSFLD2 LDSFLD3 LDSFLD4 LDSFLD5 LDSFLD6 LDSFLD STSFLD0 STSFLD1 STSFLD2 STSFLD3 STSFLD4 STSFLD5 STSFLD6 STSFLD');
names(0x68, 'LDLOC0 LDLOC1 LDLOC2 LDLOC3 LDLOC4 LDLOC5 LDLOC6 LDLOC STLOC0 STLOC1 STLOC2 STLOC3 STLOC4 STLOC5 STLOC6 STLOC');
names(0x78, 'LDARG0 LDARG1 LDARG2 LDARG3 LDARG4 LDARG5 LDARG6 LDARG STARG0 STARG1 STARG2 STARG3 STARG4 STARG5 STARG6 STARG');
names(0x88, 'NEWBUFFER MEMCPY - CAT SUBSTR LEFT RIGHT - INVERT AND OR XOR - - - EQUAL NOTEQUAL');
names(0x99, 'SIGN ABS NEGATE INC DEC ADD SUB MUL DIV MOD POW SQRT MODMUL MODPOW - SHL SHR NOT BOOLAND BOOLOR - - - - NZ - NUMEQUAL NUMNOTEQUAL LT LE GT GE MIN MAX WITHIN');
names(0xbe, 'PACKMAP PACKSTRUCT PACK UNPACK NEWARRAY0 NEWARRAY NEWARRAY_T NEWSTRUCT0 NEWSTRUCT - NEWMAP - SIZE HASKEY KEYS VALUES PICKITEM APPEND SETITEM REVERSEITEMS REMOVE CLEARITEMS POPITEM');
names(0xd8, 'ISNULL ISTYPE - CONVERT');
names(0xe0, 'ABORTMSG ASSERTMSG');

/** The opcode's NeoVM name, or "0x.." for a byte that is no opcode. */
export function opcodeName(opcode: number): string {
  return OPCODE_NAMES[opcode] ?? `0x${opcode.toString(16).padStart(2, '0')}`;
}

/** The opcodes the reader runs. */
const OP = {
  PUSHINT8: 0x00,
  PUSHINT256: 0x05,
  PUSHT: 0x08,
  PUSHF: 0x09,
  PUSHNULL: 0x0b,
  PUSHDATA1: 0x0c,
  PUSHDATA4: 0x0e,
  PUSHM1: 0x0f,
  PUSH16: 0x20,
  NOP: 0x21,
  ABORT: 0x38,
  ASSERT: 0x39,
  RET: 0x40,
  SYSCALL: 0x41,
  DROP: 0x45,
  PACKMAP: 0xbe,
  PACKSTRUCT: 0xbf,
  PACK: 0xc0,
  NEWARRAY0: 0xc2,
  NEWSTRUCT0: 0xc5,
  NEWMAP: 0xc8,
} as const;

/** System.Contract.Call's interop hash as a script holds it (0x627d5b52). */
export const CONTRACT_CALL_SYSCALL = interopHash('System.Contract.Call');

/** Interop services named in refusals (any other is shown by its hash). */
const INTEROP_NAMES = new Map(
  [
    'System.Contract.CallNative', 'System.Contract.GetCallFlags', 'System.Contract.CreateStandardAccount', 'System.Contract.CreateMultisigAccount',
    'System.Crypto.CheckSig', 'System.Crypto.CheckMultisig', 'System.Iterator.Next', 'System.Iterator.Value',
    'System.Runtime.Platform', 'System.Runtime.GetNetwork', 'System.Runtime.GetAddressVersion', 'System.Runtime.GetTrigger',
    'System.Runtime.GetTime', 'System.Runtime.GetScriptContainer', 'System.Runtime.GetExecutingScriptHash',
    'System.Runtime.GetCallingScriptHash', 'System.Runtime.GetEntryScriptHash', 'System.Runtime.CheckWitness',
    'System.Runtime.GetInvocationCounter', 'System.Runtime.GetRandom', 'System.Runtime.Log', 'System.Runtime.Notify',
    'System.Runtime.GetNotifications', 'System.Runtime.GasLeft', 'System.Runtime.BurnGas', 'System.Runtime.CurrentSigners',
    'System.Storage.GetContext', 'System.Storage.GetReadOnlyContext', 'System.Storage.AsReadOnly', 'System.Storage.Get',
    'System.Storage.Find', 'System.Storage.Put', 'System.Storage.Delete',
  ].map((name) => [interopHash(name).toString('hex'), name]),
);

/** CallFlags.All. */
const CALL_FLAGS_ALL = 0x0f;
/** NeoVM's MaxKeySize: the largest map key, in bytes. */
const MAX_KEY_SIZE = 64;

/** Why a script is refused: what the local chain runs instead. */
export const SUPPORTED_SCRIPTS =
  'the local chain runs contract-call scripts as SDKs build them (literal arguments, PACK/PACKSTRUCT/PACKMAP/NEWARRAY0/NEWSTRUCT0/NEWMAP, SYSCALL System.Contract.Call, DROP/ASSERT of a result), not any NeoVM program';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An entry of the evaluation stack as read: a value the script built, or the result of one of its calls. */
type Entry = { kind: 'value'; item: StackItem; push: { kind: 'push'; offset: number; item: StackItem } } | { kind: 'result'; offset: number };

/** Reads a script into the steps that running it takes (see ScriptStep); throws ScriptReadError for what it cannot run. */
export function readContractCallScript(script: Uint8Array): ContractCallScript {
  const bytes = Buffer.from(script);
  const steps: ScriptStep[] = [];
  /** push steps whose value was consumed (by a call, PACK…, DROP or ASSERT): left out at the end. */
  const consumed = new Set<ScriptStep>();
  const stack: Entry[] = [];

  const finish = (): ContractCallScript => {
    const kept = steps.filter((step) => !consumed.has(step));
    return { steps: kept, calls: kept.filter((step): step is ScriptCall => step.kind === 'call') };
  };

  const pushValue = (offset: number, item: StackItem): void => {
    const push = { kind: 'push' as const, offset, item };
    steps.push(push);
    stack.push({ kind: 'value', item, push });
  };

  let offset = 0;
  while (offset < bytes.length) {
    const opcode = bytes[offset]!;
    const name = opcodeName(opcode);
    const fault = (exception: string): ContractCallScript => {
      steps.push({ kind: 'fault', offset, exception });
      return finish();
    };
    /** The operand of `size` bytes after the opcode (and after `skip` bytes), or undefined when the script ends first. */
    const operand = (size: number, skip = 0): Buffer | undefined => {
      const start = offset + 1 + skip;
      return start + size <= bytes.length ? bytes.subarray(start, start + size) : undefined;
    };
    const truncated = () => fault(`${name} at offset ${offset}: the script ends inside its operand`);
    /** Pops `count` values (top first); refuses a call's result; undefined when the stack has fewer (the caller faults). */
    const popValues = (count: number): StackItem[] | undefined => {
      if (count > stack.length) return undefined;
      const popped = stack.slice(stack.length - count).reverse();
      const result = popped.find((entry) => entry.kind === 'result');
      if (result) throw new ScriptReadError(opcode, offset, `uses the result of the call at offset ${result.offset} (only DROP and ASSERT may): ${SUPPORTED_SCRIPTS}`);
      stack.length -= count;
      return popped.map((entry) => {
        const value = entry as Extract<Entry, { kind: 'value' }>;
        consumed.add(value.push);
        return value.item;
      });
    };
    const emptyStack = () => fault(`${name} at offset ${offset}: the evaluation stack has too few items`);

    if (opcode >= OP.PUSHINT8 && opcode <= OP.PUSHINT256) {
      const data = operand(1 << (opcode - OP.PUSHINT8));
      if (!data) return truncated();
      pushValue(offset, { type: 'Integer', value: bytesToBigInt(data).toString() });
      offset += 1 + data.length;
      continue;
    }
    if (opcode >= OP.PUSHM1 && opcode <= OP.PUSH16) {
      pushValue(offset, { type: 'Integer', value: String(opcode - OP.PUSHM1 - 1) });
      offset += 1;
      continue;
    }
    if (opcode === OP.PUSHT || opcode === OP.PUSHF) {
      pushValue(offset, { type: 'Boolean', value: opcode === OP.PUSHT });
      offset += 1;
      continue;
    }
    if (opcode === OP.PUSHNULL) {
      pushValue(offset, { type: 'Any' });
      offset += 1;
      continue;
    }
    if (opcode >= OP.PUSHDATA1 && opcode <= OP.PUSHDATA4) {
      const prefixSize = 1 << (opcode - OP.PUSHDATA1);
      const prefix = operand(prefixSize);
      if (!prefix) return truncated();
      const length = prefix.readUIntLE(0, prefixSize);
      const data = operand(length, prefixSize);
      if (!data) return truncated();
      pushValue(offset, { type: 'ByteString', value: data.toString('base64') });
      offset += 1 + prefixSize + length;
      continue;
    }
    if (opcode === OP.NEWARRAY0 || opcode === OP.NEWSTRUCT0 || opcode === OP.NEWMAP) {
      pushValue(offset, opcode === OP.NEWMAP ? { type: 'Map', value: [] } : { type: opcode === OP.NEWARRAY0 ? 'Array' : 'Struct', value: [] });
      offset += 1;
      continue;
    }
    if (opcode === OP.PACK || opcode === OP.PACKSTRUCT || opcode === OP.PACKMAP) {
      const [countItem] = popValues(1) ?? [];
      if (!countItem) return emptyStack();
      const count = itemInteger(countItem);
      const needed = count === undefined ? undefined : opcode === OP.PACKMAP ? count * 2n : count;
      if (count === undefined || needed === undefined || count < 0n || needed > BigInt(stack.length)) {
        return fault(`${name} at offset ${offset}: the count ${count === undefined ? countItem.type : count.toString()} is out of range`);
      }
      const items = popValues(Number(needed))!;
      if (opcode !== OP.PACKMAP) {
        pushValue(offset, { type: opcode === OP.PACK ? 'Array' : 'Struct', value: items });
      } else {
        const entries: { key: StackItem; value: StackItem }[] = [];
        for (let i = 0; i < items.length; i += 2) {
          const key = items[i]!;
          const value = items[i + 1]!;
          const keyBytes = key.type === 'ByteString' ? Buffer.from(key.value, 'base64') : undefined;
          if (!(key.type === 'Boolean' || key.type === 'Integer' || keyBytes) || (keyBytes && keyBytes.length > MAX_KEY_SIZE)) {
            return fault(`${name} at offset ${offset}: a map key is a Boolean, an Integer or a ByteString of at most ${MAX_KEY_SIZE} bytes, got ${key.type}`);
          }
          // Setting a key already in the map replaces its value in place.
          const existing = entries.find((entry) => entry.key.type === key.type && JSON.stringify(entry.key) === JSON.stringify(key));
          if (existing) existing.value = value;
          else entries.push({ key, value });
        }
        pushValue(offset, { type: 'Map', value: entries });
      }
      offset += 1;
      continue;
    }
    if (opcode === OP.SYSCALL) {
      const id = operand(4);
      if (!id) return truncated();
      if (!id.equals(CONTRACT_CALL_SYSCALL)) {
        const hex = id.toString('hex');
        throw new ScriptReadError(opcode, offset, `(${INTEROP_NAMES.get(hex) ?? `interop service 0x${hex}`}) is not supported: ${SUPPORTED_SCRIPTS}`);
      }
      const operands = popValues(4);
      if (!operands) return emptyStack();
      const [hashItem, methodItem, flagsItem, argsItem] = operands as [StackItem, StackItem, StackItem, StackItem];
      const at = `System.Contract.Call at offset ${offset}`;
      const hash = itemBytes(hashItem);
      if (!hash || hash.length !== 20) return fault(`${at}: the contract hash is a 20-byte ByteString, got ${hash ? `${hash.length} bytes` : hashItem.type}`);
      const methodBytes = itemBytes(methodItem);
      let operation: string | undefined;
      try {
        operation = methodBytes && utf8.decode(methodBytes);
      } catch {
        operation = undefined;
      }
      if (operation === undefined) return fault(`${at}: the method name is a UTF-8 ByteString, got ${methodBytes ? 'bytes that are not UTF-8' : methodItem.type}`);
      if (operation.startsWith('_')) return fault(`Invalid Method Name: ${operation}`);
      const flags = itemInteger(flagsItem);
      if (flags === undefined || flags < 0n || (flags & ~BigInt(CALL_FLAGS_ALL)) !== 0n) {
        return fault("Specified argument was out of the range of valid values. (Parameter 'callFlags')");
      }
      if (argsItem.type !== 'Array' && argsItem.type !== 'Struct') return fault(`${at}: the arguments are an Array, got ${argsItem.type}`);
      const scriptHash = scriptHashFromBytes(hash);
      if (operation === '') return fault(`Method "" with ${argsItem.value.length} parameter(s) doesn't exist in the contract ${scriptHash}.`);
      steps.push({ kind: 'call', offset, scriptHash, operation, callFlags: Number(flags), args: argsItem.value });
      stack.push({ kind: 'result', offset });
      offset += 5;
      continue;
    }
    if (opcode === OP.DROP || opcode === OP.ASSERT) {
      const top = stack.at(-1);
      if (!top) return emptyStack();
      stack.pop();
      if (top.kind === 'result') {
        steps.push({ kind: opcode === OP.DROP ? 'drop' : 'assert', offset });
      } else {
        consumed.add(top.push);
        if (opcode === OP.ASSERT && !itemTruthy(top.item)) return fault(ASSERT_FAILED);
      }
      offset += 1;
      continue;
    }
    if (opcode === OP.NOP) {
      offset += 1;
      continue;
    }
    if (opcode === OP.ABORT) return fault('ABORT is executed.');
    // The entry script returns: the rest is never run.
    if (opcode === OP.RET) return finish();
    if (OPCODE_NAMES[opcode] === undefined) return fault(`Invalid opcode ${name} at offset ${offset}`);
    throw new ScriptReadError(opcode, offset, `is not supported: ${SUPPORTED_SCRIPTS}`);
  }
  return finish();
}
