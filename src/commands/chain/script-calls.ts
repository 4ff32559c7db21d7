// What a transaction's script calls, read back from its NeoVM bytes: the contract calls a wallet or
// the SDK emits (arguments pushed, then System.Contract.Call; an ASSERT after a wallet transfer).
// Only pushes, PACK/PACKMAP/PACKSTRUCT, NEWARRAY0/NEWMAP, ASSERT, NOP, RET and that syscall are
// understood: any other script is reported as such (undefined), never guessed at.
import { scriptHashFromBytes } from '../../backends/chain/address.js';
import { bytesToBigInt, interopHash } from '../../backends/chain/script-builder.js';

export type ScriptValue =
  | { kind: 'integer'; value: bigint }
  | { kind: 'bytes'; value: Buffer }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'array'; items: ScriptValue[] }
  | { kind: 'map'; entries: [ScriptValue, ScriptValue][] }
  | { kind: 'result'; call: number };

export interface ScriptCall {
  /** 0x + 40 hex digits, big-endian. */
  contract: string;
  operation: string;
  args: ScriptValue[];
  /** Followed by ASSERT: the transaction FAULTs unless the call returns true. */
  asserted: boolean;
}

const CONTRACT_CALL = interopHash('System.Contract.Call').readUInt32LE(0);
const PUSHINT_SIZES = [1, 2, 4, 8, 16, 32];

class Unreadable extends Error {}

function pop(stack: ScriptValue[]): ScriptValue {
  const value = stack.pop();
  if (value === undefined) throw new Unreadable();
  return value;
}

function count(stack: ScriptValue[]): number {
  const value = pop(stack);
  if (value.kind !== 'integer' || value.value < 0n || value.value > 1024n) throw new Unreadable();
  return Number(value.value);
}

/** The calls of a script, in order; undefined when it does something else than push arguments and call contracts. */
export function readScriptCalls(script: Buffer): ScriptCall[] | undefined {
  const stack: ScriptValue[] = [];
  const calls: ScriptCall[] = [];
  let at = 0;
  const take = (length: number): Buffer => {
    if (at + length > script.length) throw new Unreadable();
    const bytes = script.subarray(at, at + length);
    at += length;
    return Buffer.from(bytes);
  };
  try {
    while (at < script.length) {
      const opcode = script[at++]!;
      if (opcode <= 0x05) stack.push({ kind: 'integer', value: bytesToBigInt(take(PUSHINT_SIZES[opcode]!)) });
      else if (opcode === 0x08 || opcode === 0x09) stack.push({ kind: 'boolean', value: opcode === 0x08 });
      else if (opcode === 0x0b) stack.push({ kind: 'null' });
      else if (opcode === 0x0c) stack.push({ kind: 'bytes', value: take(take(1).readUInt8(0)) });
      else if (opcode === 0x0d) stack.push({ kind: 'bytes', value: take(take(2).readUInt16LE(0)) });
      else if (opcode === 0x0e) stack.push({ kind: 'bytes', value: take(take(4).readUInt32LE(0)) });
      else if (opcode >= 0x0f && opcode <= 0x20) stack.push({ kind: 'integer', value: BigInt(opcode - 0x10) });
      else if (opcode === 0x21) continue; // NOP
      else if (opcode === 0xc2) stack.push({ kind: 'array', items: [] });
      else if (opcode === 0xc8) stack.push({ kind: 'map', entries: [] });
      else if (opcode === 0xc0 || opcode === 0xbf) {
        const n = count(stack);
        stack.push({ kind: 'array', items: Array.from({ length: n }, () => pop(stack)) });
      } else if (opcode === 0xbe) {
        const n = count(stack);
        stack.push({ kind: 'map', entries: Array.from({ length: n }, () => [pop(stack), pop(stack)] as [ScriptValue, ScriptValue]) });
      } else if (opcode === 0x39) {
        const value = pop(stack);
        if (value.kind !== 'result') throw new Unreadable();
        calls[value.call]!.asserted = true;
      } else if (opcode === 0x40) {
        if (at !== script.length) throw new Unreadable();
      } else if (opcode === 0x41) {
        if (take(4).readUInt32LE(0) !== CONTRACT_CALL) throw new Unreadable();
        const [contract, operation, flags, args] = [pop(stack), pop(stack), pop(stack), pop(stack)];
        if (contract.kind !== 'bytes' || contract.value.length !== 20 || operation.kind !== 'bytes' || flags.kind !== 'integer' || args.kind !== 'array') throw new Unreadable();
        calls.push({ contract: scriptHashFromBytes(contract.value), operation: operation.value.toString('utf8'), args: args.items, asserted: false });
        stack.push({ kind: 'result', call: calls.length - 1 });
      } else throw new Unreadable();
    }
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
  return calls.length > 0 ? calls : undefined;
}
