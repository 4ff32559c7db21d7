// `neosl chain status`: the chain's height, best block, block interval and the seeded accounts'
// NEO and GAS, in token units (as `neosl chain transfer` takes them).
import type { CommandContext } from '../../command-context.js';
import { adminCall, emulatorUrl, failIfError, type EmulatorOptions } from './emulator-client.js';
import { formatTokenAmount } from './token-amount.js';
import { NATIVE_TOKENS } from './tokens.js';

/** GET /_neosl/chain: balances in each token's smallest unit, blockIntervalMs null when blocks are mined on demand. */
export interface ChainStatus {
  kind: 'in-process' | 'rpc';
  rpcUrl?: string;
  height: number;
  bestBlock: { index: number; hash: string; time: number; transactions: number };
  blockIntervalMs: number | null;
  accounts: { address: string; neo: string; gas: string }[];
}

const [NEO, GAS] = NATIVE_TOKENS as [(typeof NATIVE_TOKENS)[number], (typeof NATIVE_TOKENS)[number]];

export async function readChainStatus(base: string): Promise<ChainStatus> {
  const answer = await adminCall(base, 'GET', '/_neosl/chain');
  failIfError(answer);
  return answer.body as unknown as ChainStatus;
}

/** "every 1 s", "every 1 h", or how blocks come when there is no interval. */
export function describeInterval(ms: number | null): string {
  if (ms === null) return 'blocks only when mined ("neosl chain mine")';
  const [unit, size] = ms % 3_600_000 === 0 ? ['h', 3_600_000] : ms % 60_000 === 0 && ms >= 60_000 ? ['min', 60_000] : ['s', 1000];
  return `a block every ${ms / (size as number)} ${unit as string}`;
}

export async function chainStatusCommand(context: CommandContext, _args: unknown[], options: EmulatorOptions): Promise<void> {
  const base = await emulatorUrl(context, options);
  const status = await readChainStatus(base);
  const accounts = status.accounts.map((account) => ({
    address: account.address,
    neo: formatTokenAmount(account.neo, NEO.decimals),
    gas: formatTokenAmount(account.gas, GAS.decimals),
  }));
  if (context.out.json) return context.out.data({ ...status, accounts });
  const { out } = context;
  const source = status.kind === 'rpc' ? `the node at ${status.rpcUrl}` : 'the in-process chain';
  const interval = status.kind === 'rpc' ? '' : `, ${describeInterval(status.blockIntervalMs)}`;
  out.result(`${source} of ${base}: height ${status.height}${interval}`);
  out.result(`best block #${status.bestBlock.index} ${status.bestBlock.hash} at ${new Date(status.bestBlock.time).toISOString()} (${status.bestBlock.transactions} transactions)`);
  const neoWidth = Math.max(0, ...accounts.map((account) => account.neo.length));
  const gasWidth = Math.max(0, ...accounts.map((account) => account.gas.length));
  for (const account of accounts) out.result(`  ${account.address}  ${account.neo.padStart(neoWidth)} NEO  ${account.gas.padStart(gasWidth)} GAS`);
}
