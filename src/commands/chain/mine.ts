// `neosl chain mine [count]`: mines blocks now on the emulator's in-process chain.
import type { CommandContext } from '../../command-context.js';
import { UsageError } from '../../errors.js';
import { adminCall, emulatorUrl, failIfError, type EmulatorOptions } from './emulator-client.js';

export async function chainMineCommand(context: CommandContext, args: unknown[], options: EmulatorOptions): Promise<void> {
  const raw = args[0] as string | undefined;
  const count = raw === undefined ? 1 : Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new UsageError(`count ${JSON.stringify(raw)}: expected a number of blocks from 1 to 1000`, { hint: 'e.g. neosl chain mine 3' });
  }
  const base = await emulatorUrl(context, options);
  const answer = await adminCall(base, 'POST', '/_neosl/chain/mine', { count });
  failIfError(answer);
  const { blocks } = answer.body as { blocks: { index: number; hash: string; transactions: number }[] };
  if (context.out.json) return context.out.data({ blocks });
  for (const block of blocks) context.out.result(`mined #${block.index} ${block.hash} (${block.transactions} transactions)`);
}
