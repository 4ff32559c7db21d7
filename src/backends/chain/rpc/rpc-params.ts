// Arguments checked as the in-process chain checks them (same RpcError -32602 messages), then put in the form a node parses.
import type { ContractParam } from '../../../sdk/blockchain-types.js';
import { normalizeHash256, parseAccount } from '../address.js';
import { contractParamsToStackItems } from '../contract-param.js';
// Signers (accounts as 0x script hashes, invokefunction's 4th parameter) and operation names, checked as the in-process chain checks them.
export { blockIndexOrHash, contractKey, parseOperation as operationName, parseSigners as nodeSigners } from '../chain-params.js';

/** A checked ContractParam in the JSON a node's ContractParameter.FromJson reads (hashes 0x, integers as strings, bytes base64). */
function nodeParam(param: ContractParam): ContractParam {
  const { type, value } = param;
  switch (type) {
    case 'Any':
      return { type };
    case 'Boolean':
      return { type, value: value === true || value === 'true' };
    case 'Integer':
      return { type, value: String(value) };
    case 'ByteArray':
    case 'Signature':
      return { type, value: value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value };
    case 'Hash160':
      return { type, value: parseAccount(value) };
    case 'Hash256':
      return { type, value: normalizeHash256(value) };
    case 'PublicKey':
      return { type, value: String(value).toLowerCase() };
    case 'Array':
      return { type, value: (value as ContractParam[]).map(nodeParam) };
    case 'Map':
      return {
        type,
        value: (value as { key: ContractParam; value: ContractParam }[]).map((entry) => ({ key: nodeParam(entry.key), value: nodeParam(entry.value) })),
      };
    default:
      return { type, value };
  }
}

/** Contract parameters, checked with the in-process chain's messages (`what[i]: …`), in the node's JSON. */
export function nodeContractParams(params: unknown, what = 'params'): ContractParam[] {
  contractParamsToStackItems(params, what);
  return ((params ?? []) as ContractParam[]).map(nodeParam);
}

