// `neosl chain status | mine [n] | transfer <to> <amount>`: drives the in-process chain of a running
// `neosl dev` through its /_neosl/chain routes (the chain lives in the emulator's process).
import type { CommandContext } from '../command-context.js';
import { findConfigFile } from '../config/find.js';
import { loadConfig } from '../config/load.js';
import { UsageError, UserError } from '../errors.js';

interface ChainOptions {
  url?: string;
  asset?: string;
  from?: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** The running emulator: --url, else neosl.yaml's dev host and port, else 127.0.0.1:8700. */
async function emulatorUrl(context: CommandContext, options: ChainOptions): Promise<string> {
  if (options.url !== undefined) {
    try {
      return new URL(options.url).origin;
    } catch {
      throw new UsageError(`--url ${options.url}: not a URL`, { hint: 'e.g. --url http://127.0.0.1:8700' });
    }
  }
  if (findConfigFile(context.cwd) === undefined) return 'http://127.0.0.1:8700';
  const { config } = await loadConfig({ cwd: context.cwd, env: context.env });
  const host = config.dev.host === '0.0.0.0' || config.dev.host === '::' ? '127.0.0.1' : config.dev.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.dev.port}`;
}

async function call(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UserError(`no neosl dev answers at ${base} (${cause})`, { code: 'EMULATOR_NOT_RUNNING', hint: 'The chain lives in the emulator: start it with "neosl dev", or point at it with --url.' });
  }
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UserError(`${base}${path} answered ${response.status} with something that is not JSON: is it a neosl dev emulator?`, { code: 'NOT_AN_EMULATOR' });
  }
  if (response.status === 404 && !('error' in parsed && (parsed.error as { code?: string }).code === 'ROUTE_NOT_FOUND')) {
    throw new UserError(`${base} is not a neosl dev emulator with a chain (${path} answered 404)`, { code: 'NOT_AN_EMULATOR' });
  }
  return { status: response.status, body: parsed };
}

function failIfError(answer: Answer): void {
  if (answer.status < 400) return;
  const error = (answer.body.error ?? {}) as { code?: string; message?: string };
  throw new UserError(error.message ?? `the emulator answered ${answer.status}`, { code: error.code ?? 'CHAIN_ERROR' });
}

export async function chainStatusCommand(context: CommandContext, _args: unknown[], options: ChainOptions): Promise<void> {
  const base = await emulatorUrl(context, options);
  const answer = await call(base, 'GET', '/_neosl/chain');
  failIfError(answer);
  const status = answer.body as {
    kind: string;
    rpcUrl?: string;
    height: number;
    bestBlock: { index: number; hash: string; time: number; transactions: number };
    blockIntervalMs: number | null;
    accounts: { address: string; neo: string; gas: string }[];
  };
  if (context.out.json) return context.out.data(status);
  const { out } = context;
  const source = status.kind === 'rpc' ? `the node at ${status.rpcUrl}` : 'the in-process chain';
  const interval = status.blockIntervalMs ? `, a block every ${status.blockIntervalMs / 1000} s` : '';
  out.result(`${source} of ${base}: height ${status.height}${interval}`);
  out.result(`best block #${status.bestBlock.index} ${status.bestBlock.hash} at ${new Date(status.bestBlock.time).toISOString()} (${status.bestBlock.transactions} transactions)`);
  for (const account of status.accounts) out.result(`  ${account.address}  ${account.neo} NEO  ${(Number(account.gas) / 1e8).toFixed(8)} GAS`);
}

export async function chainMineCommand(context: CommandContext, args: unknown[], options: ChainOptions): Promise<void> {
  const raw = args[0] as string | undefined;
  const count = raw === undefined ? 1 : Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new UsageError(`mine ${raw}: expected a number of blocks from 1 to 1000`);
  const base = await emulatorUrl(context, options);
  const answer = await call(base, 'POST', '/_neosl/chain/mine', { count });
  failIfError(answer);
  const { blocks } = answer.body as { blocks: { index: number; hash: string; transactions: number }[] };
  if (context.out.json) return context.out.data({ blocks });
  for (const block of blocks) context.out.result(`mined #${block.index} ${block.hash} (${block.transactions} transactions)`);
}

export async function chainTransferCommand(context: CommandContext, args: unknown[], options: ChainOptions): Promise<void> {
  const [to, amount] = args as [string, string];
  if (!/^\d+$/.test(amount)) {
    throw new UsageError(`transfer amount ${amount}: expected a whole number in the asset's smallest unit (1 GAS = 100000000)`);
  }
  const base = await emulatorUrl(context, options);
  const request = { to, amount, asset: options.asset ?? 'GAS', ...(options.from !== undefined ? { from: options.from } : {}) };
  const answer = await call(base, 'POST', '/_neosl/chain/transfer', request);
  failIfError(answer);
  const submitted = answer.body as { hash: string; status: string };
  if (context.out.json) return context.out.data(submitted);
  context.out.result(`${submitted.hash} ${submitted.status}: ${amount} ${request.asset} to ${to}; it lands in the next block ("neosl chain mine" to mine it now)`);
}
