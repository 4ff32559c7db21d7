// `neosl chain transfer <to> <amount>`: sends an amount in token units (1.5 GAS, 10 NEO, a NEP-17
// token's own decimals) from a seeded account, then waits for its block and reports the outcome:
// HALT (exit 0) or FAULT with the VM's exception (exit 1). It does not wait when asked not to
// (--no-wait) or when no block is due soon (blocks mined on demand, or a long interval): it says
// the transfer is pending and how to land it.
import type { CommandContext } from '../../command-context.js';
import type { Nep17Balances } from '../../sdk/blockchain-types.js';
import { parseAccount, scriptHashToAddress } from '../../backends/chain/address.js';
import { isRpcError } from '../../backends/chain/rpc-error.js';
import { UsageError, UserError } from '../../errors.js';
import { formatUserError } from '../../output/format-error.js';
import { adminCall, emulatorUrl, failIfError, rpcCall, type EmulatorOptions } from './emulator-client.js';
import { describeInterval, readChainStatus } from './status.js';
import { checkAmountSyntax, formatTokenAmount, parseTokenAmount } from './token-amount.js';
import { parseAssetOption, requireToken, type Token } from './tokens.js';
import { waitForBlock, type TransactionRecord } from './transaction-lookup.js';

interface TransferOptions extends EmulatorOptions {
  asset?: string;
  from?: string;
  /** false with --no-wait. */
  wait?: boolean;
}

/** What --json prints: amounts in token units, as given. */
export interface TransferResult {
  hash: string;
  from: string;
  to: string;
  /** NEO, GAS or the contract hash, as --asset takes it. */
  asset: string;
  assetHash: string;
  amount: string;
  state: 'HALT' | 'FAULT' | 'pending';
  blockIndex?: number;
  exception?: string | null;
}

/** Blocks further apart than this are not waited for: the transfer is reported pending. */
const LONGEST_INTERVAL_WAITED_MS = 30_000;
/** How much longer than one block interval a transfer may take to land before neosl gives up waiting. */
const WAIT_SLACK_MS = 10_000;

/** An address (N…) or script hash (0x…) argument, as an address; a usage error naming the argument otherwise. */
function parseAddressArgument(value: string, argument: string): string {
  try {
    return scriptHashToAddress(parseAccount(value, argument));
  } catch (error) {
    if (!isRpcError(error)) throw error;
    throw new UsageError((error.data ?? error.message).replace(/^Invalid /, ''), { hint: 'The seeded accounts and their addresses: neosl chain status.' });
  }
}

/** GAS's decimals: the fees are in GAS whatever the token. */
const GAS_DECIMALS = 8;

/** Why the sender's transfer returned false, when its balance tells. */
async function faultHint(base: string, record: TransactionRecord, token: Token, amount: bigint, result: TransferResult): Promise<string> {
  const fees = BigInt(record.transaction.sysfee) + BigInt(record.transaction.netfee);
  const generic = `Nothing moved but its fees (${formatTokenAmount(fees, GAS_DECIMALS)} GAS, burned as a node burns them); the transaction's log: neosl chain tx ${result.hash}`;
  try {
    const balances = await rpcCall<Nep17Balances>(base, 'getnep17balances', [record.transaction.sender]);
    const held = BigInt(balances.balance.find((entry) => entry.assethash === token.hash)?.amount ?? '0');
    if (held >= amount) return generic;
    return `Insufficient balance: ${result.from} holds ${formatTokenAmount(held, token.decimals)} ${token.symbol}, less than the ${result.amount} ${token.symbol} sent, so the token's transfer returned false. ${generic}`;
  } catch {
    return generic;
  }
}

export async function chainTransferCommand(context: CommandContext, args: unknown[], options: TransferOptions): Promise<void> {
  const [toText, amountText] = args as [string, string];
  const { out } = context;
  const to = parseAddressArgument(toText, '<to>');
  const from = options.from === undefined ? undefined : parseAddressArgument(options.from, '--from');
  const asset = parseAssetOption(options.asset ?? 'GAS');
  checkAmountSyntax(amountText, '<amount>');
  // NEO and GAS are converted before the emulator is reached; a contract's decimals are read from it.
  const early = typeof asset === 'string' ? undefined : parseTokenAmount(amountText, asset, '<amount>');

  const base = await emulatorUrl(context, options);
  const status = await readChainStatus(base);
  const token = await requireToken(base, asset);
  const amount = early ?? parseTokenAmount(amountText, token, '<amount>');
  const answer = await adminCall(base, 'POST', '/_neosl/chain/transfer', { to, amount: amount.toString(), asset: token.hash, ...(from !== undefined ? { from } : {}) });
  failIfError(answer);
  const submitted = answer.body as { hash: string; from?: string };
  const result: TransferResult = {
    hash: submitted.hash,
    from: submitted.from ?? from ?? status.accounts[0]?.address ?? '',
    to,
    asset: token.native ? token.symbol : token.hash,
    assetHash: token.hash,
    amount: formatTokenAmount(amount, token.decimals),
    state: 'pending',
  };
  const what = `${result.amount} ${token.symbol} from ${result.from} to ${to}`;

  const interval = status.blockIntervalMs;
  const seeIt = `see it with "neosl chain tx ${result.hash}"`;
  const notWaiting =
    interval === null
      ? `pending until the next block: run "neosl chain mine" (this chain mines blocks only on demand), then ${seeIt}`
      : interval > LONGEST_INTERVAL_WAITED_MS
        ? `pending until the next block (${describeInterval(interval)}): run "neosl chain mine" to mine it now, then ${seeIt}`
        : options.wait === false
          ? `pending until the next block (${describeInterval(interval)}): ${seeIt}`
          : undefined;
  if (notWaiting !== undefined) {
    if (out.json) out.data(result);
    else out.result(`${result.hash} pending: ${what}`);
    out.info(notWaiting);
    return;
  }

  const timeoutMs = interval! + WAIT_SLACK_MS;
  const record = await waitForBlock(base, result.hash, timeoutMs);
  if (record === undefined) {
    throw new UserError(`transaction ${result.hash} (${what}) is no longer known to ${base}`, { code: 'TRANSFER_LOST', hint: 'Was the emulator restarted with a fresh chain? Check with "neosl chain status".' });
  }
  const execution = record.applicationLog?.executions.find((entry) => entry.trigger === 'Application') ?? record.applicationLog?.executions[0];
  if (record.blockIndex !== undefined) result.blockIndex = record.blockIndex;
  if (execution) {
    result.state = execution.vmstate;
    if (execution.vmstate === 'FAULT') result.exception = execution.exception;
  }

  if (result.state === 'HALT') {
    if (out.json) return out.data(result);
    out.result(`${result.hash} HALT in block #${result.blockIndex}: ${what}`);
    return;
  }
  const failure =
    result.state === 'FAULT'
      ? new UserError(`the transfer of ${what} FAULTed in block #${result.blockIndex} (${result.hash}): ${result.exception ?? 'no exception message'}`, {
          code: 'TRANSFER_FAULT',
          hint: await faultHint(base, record, token, amount, result),
          alreadyReported: out.json,
        })
      : new UserError(`transaction ${result.hash} (${what}) is still pending after ${Math.round(timeoutMs / 1000)} s, although the chain mines ${describeInterval(interval)}`, {
          code: 'TRANSFER_TIMEOUT',
          hint: `Is the emulator busy? See whether it landed since with "neosl chain tx ${result.hash}".`,
          alreadyReported: out.json,
        });
  // With --json the result is the one document on stdout and the reason goes to stderr.
  if (out.json) {
    out.data(result);
    out.info(formatUserError(failure, out.colors));
  }
  throw failure;
}
