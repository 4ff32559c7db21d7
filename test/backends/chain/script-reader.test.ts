// Reading invokescript's scripts into contract calls: scripts built with neon-js (sc.createScript,
// ScriptBuilder) and with the chain's own builder, and the bytes the reader refuses (opcode and offset)
// or turns into the FAULT a node would give.
import { sc, u } from '@cityofzion/neon-js';
import { describe, expect, it } from 'vitest';
import { addressToScriptHash, scriptHashToAddress } from '../../../src/backends/chain/address.js';
import { ASSERT_FAILED } from '../../../src/backends/chain/contract-executor.js';
import { ScriptBuilder } from '../../../src/backends/chain/script-builder.js';
import { readContractCallScript, ScriptReadError, type ContractCallScript } from '../../../src/backends/chain/script-reader.js';
import { hash160Item } from '../../../src/backends/chain/stack-item.js';
import { callScript } from '../../../src/backends/chain/transaction-builder.js';
import type { StackItem } from '../../../src/sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../../src/sdk/blockchain-types.js';

const ACCOUNT = '0x' + '1f'.repeat(19) + 'a0';
const CONTRACT = '0x' + 'c3'.repeat(20);

type ContractCall = Exclude<Parameters<typeof sc.createScript>[number], string>;
/** A neon-js contract call (its scriptHash without 0x, as neon-js takes it). */
const call = (scriptHash: string, operation: string, args: unknown[] = []): ContractCall =>
  ({ scriptHash: scriptHash.slice(2), operation, args }) as ContractCall;
const neon = (...calls: ContractCall[]): Buffer => Buffer.from(sc.createScript(...calls), 'hex');
const read = (script: Buffer | string): ContractCallScript => readContractCallScript(typeof script === 'string' ? Buffer.from(script, 'hex') : script);
const integer = (value: string | number): StackItem => ({ type: 'Integer', value: String(value) });
const text = (value: string): StackItem => ({ type: 'ByteString', value: Buffer.from(value, 'utf8').toString('base64') });

/** The refusal thrown for a script. */
function refusal(script: Buffer): ScriptReadError {
  try {
    read(script);
  } catch (error) {
    expect(error).toBeInstanceOf(ScriptReadError);
    return error as ScriptReadError;
  }
  throw new Error('the script was read');
}

describe('readContractCallScript on neon-js scripts', () => {
  it('a call without arguments (NEWARRAY0), byte for byte what the chain builds for invokefunction', () => {
    const script = neon(call(GAS_HASH, 'symbol'));
    expect(script.equals(new ScriptBuilder().dynamicCall(GAS_HASH, 'symbol', []).toBuffer())).toBe(true);
    const { steps, calls } = read(script);
    expect(steps).toEqual([{ kind: 'call', offset: script.length - 5, scriptHash: GAS_HASH, operation: 'symbol', callFlags: 15, args: [] }]);
    expect(calls).toEqual(steps);
  });

  it('Hash160 (from an address or a script hash) and String arguments', () => {
    const address = scriptHashToAddress(ACCOUNT);
    for (const value of [address, ACCOUNT.slice(2)]) {
      const [balanceOf] = read(neon(call(GAS_HASH, 'balanceOf', [sc.ContractParam.hash160(value)]))).calls;
      expect(balanceOf!.args).toEqual([hash160Item(addressToScriptHash(address))]);
    }
    const [named] = read(neon(call(CONTRACT, 'greet', [sc.ContractParam.string('héllo, Neo'), sc.ContractParam.string('')]))).calls;
    expect(named!.args).toEqual([text('héllo, Neo'), { type: 'ByteString', value: '' }]);
  });

  it('Integer arguments of every push size, in argument order', () => {
    const values = ['0', '-1', '16', '17', '-2', '127', '128', '-129', '255', '65536', '-2147483649', '1099511627776', '18446744073709551616', (2n ** 200n).toString(), (-(2n ** 255n)).toString()];
    const [c] = read(neon(call(CONTRACT, 'sum', values.map((v) => sc.ContractParam.integer(v))))).calls;
    expect(c!.args).toEqual(values.map(integer));
  });

  it('Boolean, Any, Array (nested, empty ones included) and Map arguments', () => {
    const args = [
      sc.ContractParam.boolean(true),
      sc.ContractParam.boolean(false),
      sc.ContractParam.any(),
      sc.ContractParam.array(sc.ContractParam.integer(1), sc.ContractParam.string('a'), sc.ContractParam.array(), sc.ContractParam.array(sc.ContractParam.boolean(true))),
      sc.ContractParam.fromJson({
        type: 'Map',
        value: [
          { key: { type: 'String', value: 'k1' }, value: { type: 'Integer', value: '1' } },
          { key: { type: 'Integer', value: '2' }, value: { type: 'String', value: 'v2' } },
        ],
      }),
    ];
    const [c] = read(neon(call(CONTRACT, 'take', args))).calls;
    expect(c!.args).toEqual([
      { type: 'Boolean', value: true },
      { type: 'Boolean', value: false },
      { type: 'Any' },
      { type: 'Array', value: [integer(1), text('a'), { type: 'Array', value: [] }, { type: 'Array', value: [{ type: 'Boolean', value: true }] }] },
      // neon-js pushes map entries first to last; PACKMAP pops the last pushed first, so NeoVM's map has them reversed.
      { type: 'Map', value: [{ key: integer(2), value: text('v2') }, { key: text('k1'), value: integer(1) }] },
    ]);
  });

  it('several calls in one script, each with its own arguments, in order', () => {
    const first = neon(call(GAS_HASH, 'symbol'));
    const second = neon(call(GAS_HASH, 'decimals'));
    const script = neon(call(GAS_HASH, 'symbol'), call(GAS_HASH, 'decimals'), call(NEO_HASH, 'balanceOf', [sc.ContractParam.hash160(ACCOUNT.slice(2))]));
    const { steps, calls } = read(script);
    expect(steps).toEqual(calls);
    expect(calls.map((c) => [c.scriptHash, c.operation, c.args])).toEqual([
      [GAS_HASH, 'symbol', []],
      [GAS_HASH, 'decimals', []],
      [NEO_HASH, 'balanceOf', [hash160Item(ACCOUNT)]],
    ]);
    expect(calls.map((c) => c.offset)).toEqual([first.length - 5, first.length + second.length - 5, script.length - 5]);
  });

  it('neon-api getTokenBalances-style scripts (Nep17Contract calls through a ScriptBuilder)', () => {
    const gas = new sc.Nep17Contract(GAS_HASH.slice(2));
    const script = new sc.ScriptBuilder().emitContractCall(gas.decimals()).emitContractCall(gas.balanceOf(scriptHashToAddress(ACCOUNT))).build();
    expect(read(Buffer.from(script, 'hex')).calls.map((c) => [c.operation, c.args])).toEqual([
      ['decimals', []],
      ['balanceOf', [hash160Item(ACCOUNT)]],
    ]);
  });

  it('ASSERT and DROP of a call result; a value no call consumes stays on the stack', () => {
    const transfer = { scriptHash: GAS_HASH, operation: 'transfer', args: [hash160Item(ACCOUNT), hash160Item(CONTRACT), integer(5), { type: 'Any' } as StackItem], assert: true };
    const asserted = callScript(transfer);
    expect(read(asserted).steps.map((s) => s.kind)).toEqual(['call', 'assert']);
    expect(read(asserted).steps[1]).toEqual({ kind: 'assert', offset: asserted.length - 1 });
    const dropped = new sc.ScriptBuilder().emitContractCall(call(GAS_HASH, 'symbol')).emit(sc.OpCode.DROP).emitContractCall(call(GAS_HASH, 'decimals')).build();
    expect(read(dropped).steps.map((s) => s.kind)).toEqual(['call', 'drop', 'call']);
    // PUSH7, a call, PUSHT ASSERT (a literal asserted true vanishes), PUSH3 DROP, NOP.
    const mixed = Buffer.concat([Buffer.from([0x17]), neon(call(GAS_HASH, 'symbol')), Buffer.from([0x08, 0x39, 0x13, 0x45, 0x21])]);
    expect(read(mixed).steps).toEqual([{ kind: 'push', offset: 0, item: integer(7) }, expect.objectContaining({ kind: 'call', operation: 'symbol' })]);
    // RET ends the script: what follows is never run (here a JMP, which is not read).
    expect(read(Buffer.concat([neon(call(GAS_HASH, 'symbol')), Buffer.from([0x40, 0x22, 0x00])])).calls).toHaveLength(1);
    expect(read(Buffer.alloc(0))).toEqual({ steps: [], calls: [] });
  });
});

describe('readContractCallScript refusals and faults', () => {
  it('refuses an opcode outside contract-call scripts, naming it and its offset', () => {
    const prefix = neon(call(GAS_HASH, 'symbol'));
    const jump = refusal(Buffer.concat([prefix, Buffer.from([0x22, 0x02])]));
    expect(jump).toMatchObject({ opcode: 0x22, opcodeName: 'JMP', offset: prefix.length });
    expect(jump.message).toMatch(new RegExp(`^JMP at offset ${prefix.length} is not supported: the local chain runs contract-call scripts as SDKs build them`));
    expect(refusal(Buffer.from([0x11, 0x4a]))).toMatchObject({ opcodeName: 'DUP', offset: 1 });
    expect(refusal(Buffer.from([0x11, 0x12, 0x9e]))).toMatchObject({ opcodeName: 'ADD', offset: 2 });
    expect(refusal(Buffer.from('0a00000000', 'hex'))).toMatchObject({ opcodeName: 'PUSHA', offset: 0 });
  });

  it('refuses a SYSCALL other than System.Contract.Call, naming the service', () => {
    const getTime = Buffer.from(u.HexString.fromHex(new sc.ScriptBuilder().emitSysCall(sc.InteropServiceCode.SYSTEM_RUNTIME_GETTIME).build()).toArrayBuffer());
    const error = refusal(getTime);
    expect(error).toMatchObject({ opcodeName: 'SYSCALL', offset: 0 });
    expect(error.message).toMatch(/^SYSCALL at offset 0 \(System\.Runtime\.GetTime\) is not supported/);
    expect(refusal(Buffer.from('41deadbeef', 'hex')).message).toMatch(/^SYSCALL at offset 0 \(interop service 0xdeadbeef\) is not supported/);
  });

  it('refuses a script that computes with a call result (anything but DROP or ASSERT)', () => {
    const first = neon(call(GAS_HASH, 'decimals'));
    // The result of decimals packed into the arguments of the next call.
    const error = refusal(Buffer.concat([first, Buffer.from([0x11, 0xc0]), neon(call(GAS_HASH, 'symbol')).subarray(1)]));
    expect(error).toMatchObject({ opcodeName: 'PACK', offset: first.length + 1 });
    expect(error.message).toContain(`uses the result of the call at offset ${first.length - 5} (only DROP and ASSERT may)`);
  });

  it('what a node FAULTs on becomes a fault step, the last one', () => {
    const fault = (script: string) => read(script).steps.at(-1);
    expect(fault('0c05aabb')).toEqual({ kind: 'fault', offset: 0, exception: 'PUSHDATA1 at offset 0: the script ends inside its operand' });
    expect(fault('1102ff')).toEqual({ kind: 'fault', offset: 1, exception: 'PUSHINT32 at offset 1: the script ends inside its operand' });
    expect(fault('11ff22')).toEqual({ kind: 'fault', offset: 1, exception: 'Invalid opcode 0xff at offset 1' });
    expect(fault('41627d5b52')).toEqual({ kind: 'fault', offset: 0, exception: 'SYSCALL at offset 0: the evaluation stack has too few items' });
    expect(fault('0939')).toEqual({ kind: 'fault', offset: 1, exception: ASSERT_FAILED });
    expect(fault('38')).toEqual({ kind: 'fault', offset: 0, exception: 'ABORT is executed.' });
    expect(fault('1113c0')).toEqual({ kind: 'fault', offset: 2, exception: 'PACK at offset 2: the count 3 is out of range' });
    // A 19-byte contract hash, call flags past CallFlags.All, a method name starting with "_".
    const malformed = (hash: string, flags: string, method: string) => `c2${flags}0c${(method.length / 2).toString(16).padStart(2, '0')}${method}0c${(hash.length / 2).toString(16).padStart(2, '0')}${hash}41627d5b52`;
    expect(fault(malformed('ab'.repeat(19), '1f', '6f6b'))).toMatchObject({ exception: 'System.Contract.Call at offset 27: the contract hash is a 20-byte ByteString, got 19 bytes' });
    expect(fault(malformed('ab'.repeat(20), '0010', '6f6b'))).toMatchObject({ exception: "Specified argument was out of the range of valid values. (Parameter 'callFlags')" });
    expect(fault(malformed('ab'.repeat(20), '1f', '5f6f6b'))).toMatchObject({ exception: 'Invalid Method Name: _ok' });
    // Nothing after a fault is read: the JMP after ABORT is not refused.
    expect(read('3822').steps).toHaveLength(1);
  });
});
