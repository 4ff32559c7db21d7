// invokescript on the in-process chain: the scripts SDKs send (neon-api's token balance and token info
// helpers, fee helpers, wallets' system-fee test runs) are read into their contract calls
// (backends/chain/script-reader.ts) and run in order as one invocation (script-execution.ts), each call
// seeing the transfers of the calls before it: stack items in order, notifications in order, gas summed,
// the first FAULT ending the script (its stack empty, as a node's). A test run: nothing persists.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import { isBase64 } from '../../backends/chain/bytes.js';
import { parseSigners } from '../../backends/chain/chain-params.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import { readContractCallScript, ScriptReadError, type ContractCallScript } from '../../backends/chain/script-reader.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { localOnly } from './local-only.js';
import { FLAG_FORM, show, type ParamSpec } from './params.js';

/** The script as the node reads it (Convert.FromBase64String: padded base64, whitespace ignored). */
function decodeScript(value: unknown): Buffer {
  if (typeof value === 'string') {
    const compact = value.replace(/[ \t\r\n]/g, '');
    if (isBase64(compact)) return Buffer.from(compact, 'base64');
  }
  const shown = show(value);
  throw RpcError.invalidParams(`Invalid script ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}: expected the script as a base64 string`);
}

function readScript(script: Buffer): ContractCallScript {
  try {
    return readContractCallScript(script);
  } catch (error) {
    if (error instanceof ScriptReadError) throw RpcError.invalidParams(`script: ${error.message}`);
    throw error;
  }
}

/** invokescript [script (base64), signers?, useDiagnostic?]; `local`: the in-process chain, if neosl runs one. */
export function scriptMethods(local: LocalChain | undefined): [string, ChainRpcMethod][] {
  const params: ParamSpec[] = [
    { name: 'script', form: 'a base64 string (the script, e.g. contract calls built with neon-js sc.createScript)' },
    { name: 'signers', form: 'an array of { account, scopes } signers', optional: true },
    // Accepted for the node's signature; the local chain has no diagnostics to add.
    { name: 'useDiagnostic', form: FLAG_FORM, optional: true },
  ];
  return [
    localOnly('invokescript', local, params, async (chain, [script, signers]) => {
      const bytes = decodeScript(script);
      return chain.invokeScript(bytes, readScript(bytes), parseSigners(signers));
    }),
  ];
}
