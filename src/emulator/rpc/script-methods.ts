// invokescript on the in-process chain: the scripts SDKs send (neon-api's token balance and token info
// helpers, fee helpers, wallets' system-fee test runs) are read into their contract calls
// (backends/chain/script-reader.ts) and each call runs through the chain's invokefunction; the results merge
// into the one invocation result a node gives: stack items in order, notifications in order, gas summed,
// the first FAULT ending the script. Like invokefunction it is a test run: nothing persists.
import type { LocalChain } from '../../backends/chain/local-chain.js';
import type { Blockchain, ContractParam, InvokeResult, Notification, Signer, StackItem } from '../../sdk/blockchain-types.js';
import { isBase64 } from '../../backends/chain/bytes.js';
import { parseSigners } from '../../backends/chain/chain-params.js';
import { ASSERT_FAILED } from '../../backends/chain/contract-executor.js';
import { RpcError } from '../../backends/chain/rpc-error.js';
import { readContractCallScript, ScriptReadError, type ContractCallScript } from '../../backends/chain/script-reader.js';
import { itemTruthy } from '../../backends/chain/stack-item.js';
import type { ChainRpcMethod } from './chain-methods.js';
import { methodNotFound } from './json-rpc.js';
import { FLAG_FORM, show } from './params.js';

/** Without the in-process chain (neosl proxies a real node): the Blockchain interface has no invokescript to forward. */
const NOT_LOCAL =
  '"invokescript" is not served: neosl proxies a Neo node here (blockchain.rpcUrl) and runs invokescript only on its in-process chain (the Blockchain interface it reaches the node through has no invokescript to forward); send invokescript to the node itself';

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

/** A stack item the script pushed, as the contract parameter invokefunction pushes the same way. */
function toContractParam(item: StackItem): ContractParam {
  switch (item.type) {
    case 'Any':
      return { type: 'Any', value: null };
    case 'Boolean':
      return { type: 'Boolean', value: item.value };
    case 'Integer':
      return { type: 'Integer', value: item.value };
    case 'ByteString':
    case 'Buffer':
      return { type: 'ByteArray', value: item.value };
    case 'Array':
    case 'Struct':
      return { type: 'Array', value: item.value.map(toContractParam) };
    case 'Map':
      return { type: 'Map', value: item.value.map((entry) => ({ key: toContractParam(entry.key), value: toContractParam(entry.value) })) };
    default:
      // The reader builds none of the others.
      throw new TypeError(`A ${item.type} stack item cannot be a call argument`);
  }
}

/** Runs the read script's steps on `chain`, merged into one invocation result (`script` echoes its base64). */
export async function runContractCallScript(chain: Blockchain, script: Buffer, read: ContractCallScript, signers: Signer[]): Promise<InvokeResult> {
  const stack: StackItem[] = [];
  const notifications: Notification[] = [];
  let gas = 0n;
  const result = (state: InvokeResult['state'], exception: string | null, items: StackItem[]): InvokeResult => ({
    script: script.toString('base64'),
    state,
    gasconsumed: gas.toString(),
    exception,
    notifications,
    stack: items,
  });
  for (const step of read.steps) {
    switch (step.kind) {
      case 'push':
        stack.push(step.item);
        break;
      case 'call': {
        const outcome = await chain.invokeFunction(step.scriptHash, step.operation, step.args.map(toContractParam), signers);
        gas += BigInt(outcome.gasconsumed);
        notifications.push(...outcome.notifications);
        // A node's result stack stays empty when the script faults; the faulting call's own stack is
        // kept so that a one-call script answers exactly as invokefunction does (empty unless onInvoke set one).
        if (outcome.state !== 'HALT') return result('FAULT', outcome.exception, outcome.stack);
        stack.push(...outcome.stack);
        break;
      }
      case 'drop':
        stack.pop();
        break;
      case 'assert':
        if (!itemTruthy(stack.pop())) return result('FAULT', ASSERT_FAILED, []);
        break;
      case 'fault':
        return result('FAULT', step.exception, []);
    }
  }
  return result('HALT', null, stack);
}

/** invokescript [script (base64), signers?, useDiagnostic?]; `local`: the in-process chain behind `chain`, if it is one. */
export function scriptMethods(chain: Blockchain, local: LocalChain | undefined): [string, ChainRpcMethod][] {
  if (local === undefined) {
    return [
      [
        'invokescript',
        {
          // No params to check: the answer is -32601 whatever they are.
          params: [],
          run: async () => {
            throw methodNotFound(NOT_LOCAL);
          },
        },
      ],
    ];
  }
  return [
    [
      'invokescript',
      {
        params: [
          { name: 'script', form: 'a base64 string (the script, e.g. contract calls built with neon-js sc.createScript)' },
          { name: 'signers', form: 'an array of { account, scopes } signers', optional: true },
          // Accepted for the node's signature; the local chain has no diagnostics to add.
          { name: 'useDiagnostic', form: FLAG_FORM, optional: true },
        ],
        async run([script, signers]) {
          const bytes = decodeScript(script);
          const witnesses = parseSigners(signers);
          return runContractCallScript(chain, bytes, readScript(bytes), witnesses);
        },
      },
    ],
  ];
}
