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

  constructor(private readonly base: LedgerView) {}

  balanceOf(asset: string, account: string): bigint {
    let amount = this.base.balanceOf(asset, account);
    for (const t of this.transfers) {
      if (t.asset !== asset) continue;
      if (t.from === account) amount -= t.amount;
      if (t.to === account) amount += t.amount;
    }
    return amount;
  }

  totalSupply(asset: string): bigint {
    return this.base.totalSupply(asset);
  }

  hasAsset(asset: string): boolean {
    return this.base.hasAsset(asset);
  }
}

/** Runs the script's steps; `systemFee` caps the GAS it may consume. Transfers are returned only on HALT. */
export function executeScript(ctx: CallContext, read: ContractCallScript, signers: Signer[], systemFee: bigint): CallOutcome {
  const ledger = new OverlayLedger(ctx.ledger);
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
