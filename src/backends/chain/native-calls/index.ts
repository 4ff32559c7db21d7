// The native contracts beyond NEO and GAS (ContractManagement, StdLib, CryptoLib, LedgerContract,
// PolicyContract, RoleManagement, OracleContract), routed by script hash. Which methods exist is the manifest's
// (native-contracts.ts: name and parameter count); what they do is the contract's module here. A method's
// exception is a FAULT with the node's text; GAS is the call's figure (gas.ts).
import type { CallContext, CallOutcome, CallRequest } from '../contract-executor.js';
import type { NativeContractCalls, NativeMethod } from './support.js';
import { nativeMethod } from '../native-contracts.js';
import { CONTRACT_MANAGEMENT } from './contract-management.js';
import { CRYPTO_LIB } from './crypto-lib.js';
import { missingMethodGas, nativeCallGas } from './gas.js';
import { LEDGER } from './ledger.js';
import { ORACLE } from './oracle.js';
import { POLICY } from './policy.js';
import { ROLE_MANAGEMENT } from './role-management.js';
import { STD_LIB } from './std-lib.js';
import { NativeFault } from './support.js';

export type { ChainBlock, ChainTransaction, ChainView } from './chain-view.js';
export { chainViewOf } from './chain-view.js';

export const NATIVE_CALLS: readonly NativeContractCalls[] = [CONTRACT_MANAGEMENT, STD_LIB, CRYPTO_LIB, LEDGER, POLICY, ROLE_MANAGEMENT, ORACLE];

const BY_HASH = new Map(NATIVE_CALLS.map((contract) => [contract.hash, contract]));

/** The implementation of `name` with `arity` parameters, if the contract's module has one. */
export function nativeImplementation(contract: NativeContractCalls, name: string, arity: number): NativeMethod | undefined {
  return contract.methods.find((m) => m.name === name && m.parameters.length === arity);
}

function fault(exception: string, gas: bigint): CallOutcome {
  return { state: 'FAULT', exception, gasconsumed: gas, stack: [], notifications: [], transfers: [] };
}

/**
 * A call of one of the seven contracts served here, or undefined when `request.scriptHash` is none of them
 * (NEO and GAS are callToken's; any other hash is not a native contract).
 */
export function callNativeContract(ctx: CallContext, request: CallRequest): CallOutcome | undefined {
  const contract = BY_HASH.get(request.scriptHash);
  if (!contract) return undefined;
  const { operation, args } = request;
  const described = nativeMethod(contract.hash, operation, args.length);
  const method = described && nativeImplementation(contract, operation, args.length);
  if (!method) {
    const exception = described
      ? `${contract.name}.${operation} is not emulated by the local chain; register a result with onInvoke("${contract.hash}", "${operation}", …).`
      : `Method "${operation}" with ${args.length} parameter(s) doesn't exist in the contract ${contract.hash}.`;
    return fault(exception, missingMethodGas(operation, args));
  }
  const gas = nativeCallGas(method.cpuFee, operation, args);
  try {
    const item = method.run(ctx, args);
    return { state: 'HALT', exception: null, gasconsumed: gas, stack: [item], notifications: [], transfers: [] };
  } catch (error) {
    if (error instanceof NativeFault) return fault(error.message, gas);
    // Not the contract's exception but the local chain's failure: still a FAULT of this call, saying so.
    const detail = error instanceof Error ? error.message : String(error);
    return fault(`The local chain failed to run ${contract.name}.${operation}: ${detail}`, gas);
  }
}
