// The GAS a call of a native contract's method consumes, in one place. A node charges, × ExecFeeFactor (30):
// - the call script (what invokefunction runs: EmitDynamicCall): the argument pushes, PACK of the arguments
//   (NEWARRAY0 when there are none), PUSH15 (the call flags), the method name and the contract hash (PUSHDATA1
//   each), and SYSCALL System.Contract.Call's fixed price (1 << 15);
// - the native contract's stub: PUSH0 (SYSCALL System.Contract.CallNative and RET cost nothing);
// - the method's CpuFee (its ContractMethod attribute).
// With no argument and a CpuFee of 0 that is 30 × 32802 = 984060, the figure GAS symbol/decimals consume on a node.
// A call whose method does not exist FAULTs in System.Contract.Call: the call script alone.
import type { StackItem } from '../../../sdk/blockchain-types.js';
import { bigIntToBytes } from '../script-builder.js';

/** PolicyContract's default ExecFeeFactor. */
export const EXEC_FEE_FACTOR = 30n;

/** The opcode prices (ApplicationEngine.OpCodePrices) of what a call script holds. */
const PRICE = {
  push: 1n, // PUSHINT8..64, PUSHT, PUSHF, PUSHNULL, PUSHM1, PUSH0..PUSH16
  pushInt128: 4n, // PUSHINT128, PUSHINT256
  pushData1: 8n,
  pushData2: 512n,
  pushData4: 4096n,
  newArray0: 16n,
  newMap: 8n,
  pack: 2048n, // PACK, PACKMAP
  contractCall: 1n << 15n, // SYSCALL System.Contract.Call
} as const;

function pushDataPrice(length: number): bigint {
  if (length < 0x100) return PRICE.pushData1;
  if (length < 0x10000) return PRICE.pushData2;
  return PRICE.pushData4;
}

/** What pushing an item costs, as ScriptBuilder emits it. */
function pushPrice(item: StackItem): bigint {
  switch (item.type) {
    case 'Integer': {
      const value = BigInt(item.value);
      if (value >= -1n && value <= 16n) return PRICE.push;
      return bigIntToBytes(value).length <= 8 ? PRICE.push : PRICE.pushInt128;
    }
    case 'ByteString':
    case 'Buffer':
      return pushDataPrice(Buffer.from(item.value, 'base64').length);
    case 'Array':
    case 'Struct':
      return arrayPrice(item.value);
    case 'Map':
      if (item.value.length === 0) return PRICE.newMap;
      return item.value.reduce((sum, e) => sum + pushPrice(e.key) + pushPrice(e.value), 0n) + PRICE.push + PRICE.pack;
    default:
      return PRICE.push;
  }
}

function arrayPrice(items: StackItem[]): bigint {
  if (items.length === 0) return PRICE.newArray0;
  return items.reduce((sum, item) => sum + pushPrice(item), 0n) + PRICE.push + PRICE.pack;
}

/** The call script's price, up to and including SYSCALL System.Contract.Call. */
function callScriptPrice(operation: string, args: StackItem[]): bigint {
  return arrayPrice(args) + PRICE.push + pushDataPrice(Buffer.byteLength(operation, 'utf8')) + PRICE.pushData1 + PRICE.contractCall;
}

/** GAS of a call that reaches the method (whether it then HALTs or FAULTs). */
export function nativeCallGas(cpuFee: number, operation: string, args: StackItem[]): bigint {
  return (callScriptPrice(operation, args) + PRICE.push + BigInt(cpuFee)) * EXEC_FEE_FACTOR;
}

/** GAS of a call of a method the contract does not have (the FAULT is System.Contract.Call's). */
export function missingMethodGas(operation: string, args: StackItem[]): bigint {
  return callScriptPrice(operation, args) * EXEC_FEE_FACTOR;
}
