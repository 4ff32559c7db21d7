// invokefunction's contract parameters at the RPC edge, read as a node reads them: a Hash160 value
// is a script hash (ContractParameter.FromJson parses it with UInt160.Parse), never an address. The
// SDK's blockchain.invokeFunction takes an address there on purpose and sends a node the script hash;
// a client of /_neosl/rpc talks to "a node" and gets the node's refusal, naming the script hash to send.
import { addressToScriptHash, isValidAddress, isValidScriptHash, SCRIPT_HASH_FORM } from '../../backends/chain/address.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import { show } from './params.js';

/** Throws -32602 for a Hash160 value (at any depth of Array and Map parameters) that is not a script hash. */
export function refuseHash160Addresses(params: unknown, path = 'params'): void {
  if (!Array.isArray(params)) return;
  params.forEach((param: unknown, index) => checkParam(param, `${path}[${index}]`));
}

function checkParam(param: unknown, path: string): void {
  if (param === null || typeof param !== 'object') return;
  const { type, value } = param as { type?: unknown; value?: unknown };
  if (type === 'Hash160' && !isValidScriptHash(value)) {
    const hint = isValidAddress(value) ? `; a node does not take an address here: send its script hash ${addressToScriptHash(value)}` : '';
    throw RpcError.invalidParams(`${path}: a Hash160 value is ${SCRIPT_HASH_FORM}, got ${show(value)}${hint}`);
  }
  if (type === 'Array') refuseHash160Addresses(value, `${path}.value`);
  if (type === 'Map' && Array.isArray(value)) {
    value.forEach((entry: unknown, index) => {
      if (entry === null || typeof entry !== 'object') return;
      checkParam((entry as { key?: unknown }).key, `${path}.value[${index}].key`);
      checkParam((entry as { value?: unknown }).value, `${path}.value[${index}].value`);
    });
  }
}
