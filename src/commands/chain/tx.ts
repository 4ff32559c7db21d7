// `neosl chain tx <hash>`: a transaction and its application log, read from the emulator's chain as
// from any Neo N3 node; --json prints the node's own shapes (getrawtransaction verbose, getapplicationlog).
import type { CommandContext } from '../../command-context.js';
import type { Block } from '../../sdk/blockchain-types.js';
import { UserError } from '../../errors.js';
import { emulatorUrl, rpcCall, type EmulatorOptions } from './emulator-client.js';
import { readScriptCalls } from './script-calls.js';
import { readTokens } from './tokens.js';
import { lookUpTransaction, parseTransactionHash } from './transaction-lookup.js';
import { transactionLines } from './transaction-text.js';

/** When the hash is a block's, says so (a common mix-up); undefined otherwise. */
async function blockWithHash(base: string, hash: string): Promise<Block | undefined> {
  try {
    return await rpcCall<Block>(base, 'getblock', [hash, true]);
  } catch {
    return undefined;
  }
}

export async function chainTxCommand(context: CommandContext, args: unknown[], options: EmulatorOptions): Promise<void> {
  const hash = parseTransactionHash(args[0] as string);
  const base = await emulatorUrl(context, options);
  const record = await lookUpTransaction(base, hash);
  if (record === undefined) {
    const block = await blockWithHash(base, hash);
    throw new UserError(`no transaction ${hash} on the chain of ${base}`, {
      code: 'UNKNOWN_TRANSACTION',
      hint: block
        ? `${hash} is the hash of block #${block.index} (${block.tx.length} transactions), not of a transaction: give one of its transactions' hashes.`
        : '"neosl chain transfer" prints the hash of each transfer; a chain started afresh (a new state folder, --persist-to :memory:) has forgotten older ones.',
    });
  }
  if (context.out.json) return context.out.data({ transaction: record.transaction, applicationLog: record.applicationLog });

  const calls = readScriptCalls(Buffer.from(record.transaction.script, 'base64'));
  const contracts = [
    ...(calls ?? []).map((call) => call.contract),
    ...(record.applicationLog?.executions ?? []).flatMap((execution) => execution.notifications.map((notification) => notification.contract)),
  ];
  const tokens = await readTokens(base, contracts);
  for (const line of transactionLines(record, calls, tokens)) context.out.result(line);
}
