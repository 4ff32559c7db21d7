// Running a contract-call script (read by script-reader.ts): its calls in order against a ledger, later
// calls seeing earlier calls' transfers, all of them returned only when the script HALTs within its GAS
// (a transaction sent with sendrawtransaction when mined, capped by its system fee; invokescript's test
// run, capped by MAX_GAS_INVOKE, whose transfers are not applied).
import type { Notification, Signer, StackItem } from '../../sdk/blockchain-types.js';
import type { CallContext, CallOutcome, LedgerView, TokenTransfer } from './contract-executor.js';
import type { ContractCallScript } from './script-reader.js';
import { ASSERT_FAILED, executeCall } from './contract-executor.js';
import { itemTruthy } from './stack-item.js';

/** The GAS a test run (invokescript) may consume: RpcServer's default MaxGasInvoke, 20 GAS. */
export const MAX_GAS_INVOKE = 20_00000000n;

/** The node's exception when execution needs more GAS than the system fee. */
export const INSUFFICIENT_GAS = 'Insufficient GAS.';

/** A ledger seeing `transfers` applied on top of `base`. */
class OverlayLedger implements LedgerView {
  readonly transfers: TokenTransfer[] = [];

  /** `persistingIndex`: where the overlay's changes would land (NEO's BalanceHeight of a touched account). */
  constructor(
    private readonly base: LedgerView,
    private readonly persistingIndex: number,
  ) {}

  balanceOf(asset: string, account: string): bigint {
    let amount = this.base.balanceOf(asset, account);
    for (const t of this.transfers) {
      if (t.asset !== asset) continue;
      if (t.from === account) amount -= t.amount;
      if (t.to === account) amount += t.amount;
    }
    return amount;
  }

  /** Transfers move balances; mints (`from` null: the NEO holders' GAS) grow the supply. */
  totalSupply(asset: string): bigint {
    let supply = this.base.totalSupply(asset);
    for (const t of this.transfers) if (t.asset === asset && t.from === null) supply += t.amount;
    return supply;
  }

  balanceHeight(asset: string, account: string): number {
    const touched = this.transfers.some((t) => t.asset === asset && (t.from === account || (t.to === account && t.amount !== 0n)));
    return touched ? this.persistingIndex : this.base.balanceHeight(asset, account);
  }

  hasAsset(asset: string): boolean {
    return this.base.hasAsset(asset);
  }
}

/** Runs the script's steps; `systemFee` caps the GAS it may consume. Transfers are returned only on HALT. */
export function executeScript(ctx: CallContext, read: ContractCallScript, signers: Signer[], systemFee: bigint): CallOutcome {
  const ledger = new OverlayLedger(ctx.ledger, ctx.persistingIndex);
  const callCtx: CallContext = { ...ctx, ledger, signers };
  const stack: StackItem[] = [];
  const notifications: Notification[] = [];
  let gas = 0n;
  const fault = (exception: string): CallOutcome => ({ state: 'FAULT', exception, gasconsumed: gas, stack: [], notifications, transfers: [] });
  for (const step of read.steps) {
    switch (step.kind) {
      case 'push':
        stack.push(step.item);
        break;
      case 'call': {
        const outcome = executeCall(callCtx, { scriptHash: step.scriptHash, operation: step.operation, args: step.args });
        gas += outcome.gasconsumed;
        if (gas > systemFee) {
          gas = systemFee;
          return fault(INSUFFICIENT_GAS);
        }
        notifications.push(...outcome.notifications);
        if (outcome.state !== 'HALT') return fault(outcome.exception ?? 'FAULT');
        ledger.transfers.push(...outcome.transfers);
        stack.push(...outcome.stack);
        break;
      }
      case 'drop':
        stack.pop();
        break;
      case 'assert':
        if (!itemTruthy(stack.pop())) return fault(ASSERT_FAILED);
        break;
      case 'fault':
        return fault(step.exception);
    }
  }
  return { state: 'HALT', exception: null, gasconsumed: gas, stack, notifications, transfers: ledger.transfers };
}
