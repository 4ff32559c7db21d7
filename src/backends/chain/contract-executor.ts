// Executes one contract call (what a transaction's or invokefunction's script does): onInvoke responses first,
// then the native NEO/GAS contracts, then tokens known only by their seeded balances. Pure: balance moves are
// returned as `transfers` for the caller to apply when the execution is persisted.
import type { Notification, Signer, StackItem } from '../../sdk/blockchain-types.js';
import { GAS_HASH, NEO_HASH } from '../../sdk/blockchain-types.js';
import type { InvokeOverrides } from './invoke-overrides.js';
import type { NativeToken } from './native-contracts.js';
import { nativeTokenByHash } from './native-contracts.js';
import { GAS_PER_BLOCK, neoHolderBonus } from './neo-rewards.js';
import type { ChainView } from './native-calls/index.js';
import { callNativeContract } from './native-calls/index.js';
import { hasWitness } from './check-witness.js';
import { anyItem, arrayItem, booleanItem, bytesItem, hash160Item, integerItem, itemHash160, itemInteger, itemTruthy, textItem } from './stack-item.js';

/** Fixed GAS figures (in 10^-8 GAS) standing in for metering; taken from typical MainNet invocations. */
export const GAS_COST = {
  constant: 984060n,
  storageRead: 2028330n,
  transfer: 9977780n,
  transferRefused: 5993070n,
  missingContract: 984060n,
  unemulated: 1000000n,
  userCall: 1000000n,
} as const;

export const ASSERT_FAILED = 'ASSERT is executed with false result.';

export interface LedgerView {
  balanceOf(asset: string, account: string): bigint;
  totalSupply(asset: string): bigint;
  /** Whether balances of a non-native asset were seeded (it then behaves as a minimal NEP-17 token). */
  hasAsset(asset: string): boolean;
  /** The block the account's balance last changed in (NeoToken's BalanceHeight, for NEO). */
  balanceHeight(asset: string, account: string): number;
}

export interface TokenTransfer {
  asset: string;
  /** null: a mint (the NEO holders' GAS). */
  from: string | null;
  to: string;
  amount: bigint;
}

export interface CallContext {
  ledger: LedgerView;
  overrides: InvokeOverrides;
  /** Signers of the transaction (or of the test invocation): who CheckWitness succeeds for. */
  signers: Signer[];
  /** What a call into a contract the chain knows nothing about does: FAULT as a node does, or HALT with an empty stack. */
  unknownContract: 'fault' | 'halt';
  /** The chain's single validator (committee) public key, hex. */
  validatorPublicKey: string;
  committeeScriptHash: string;
  /** The index of the block the execution belongs to: the block being sealed, or height + 1 for a test run (the node's dummy block). */
  persistingIndex: number;
  /** The chain's blocks and transactions, read by LedgerContract (it FAULTs saying so without one). */
  chain: ChainView;
}

export interface CallRequest {
  scriptHash: string;
  operation: string;
  args: StackItem[];
  /** The script ends with ASSERT (as wallets' transfer scripts do): a false result FAULTs. */
  assert?: boolean;
}

export interface CallOutcome {
  state: 'HALT' | 'FAULT';
  exception: string | null;
  gasconsumed: bigint;
  stack: StackItem[];
  notifications: Notification[];
  transfers: TokenTransfer[];
}

function halt(stack: StackItem[], gas: bigint, notifications: Notification[] = [], transfers: TokenTransfer[] = []): CallOutcome {
  return { state: 'HALT', exception: null, gasconsumed: gas, stack, notifications, transfers };
}

function fault(exception: string, gas: bigint): CallOutcome {
  return { state: 'FAULT', exception, gasconsumed: gas, stack: [], notifications: [], transfers: [] };
}

interface TokenInfo {
  hash: string;
  native: NativeToken | undefined;
}

function tokenTransfer(ctx: CallContext, token: TokenInfo, args: StackItem[]): CallOutcome {
  const from = itemHash160(args[0]);
  const to = itemHash160(args[1]);
  const amount = itemInteger(args[2]);
  if (from === undefined) return fault('The argument "from" of transfer must be a Hash160 (a 20-byte ByteString).', GAS_COST.transferRefused);
  if (to === undefined) return fault('The argument "to" of transfer must be a Hash160 (a 20-byte ByteString).', GAS_COST.transferRefused);
  if (amount === undefined) return fault('The argument "amount" of transfer must be an Integer.', GAS_COST.transferRefused);
  if (amount < 0n) return fault("Specified argument was out of the range of valid values. (Parameter 'amount')", GAS_COST.transferRefused);
  // FungibleToken.Transfer: no witness of `from`, or not enough balance → returns false, no notification.
  if (!hasWitness(ctx.signers, from, token.hash)) return halt([booleanItem(false)], GAS_COST.transferRefused);
  if (ctx.ledger.balanceOf(token.hash, from) < amount) return halt([booleanItem(false)], GAS_COST.transferRefused);
  const notification: Notification = {
    contract: token.hash,
    eventname: 'Transfer',
    state: arrayItem([hash160Item(from), hash160Item(to), integerItem(amount)]),
  };
  const moved: TokenTransfer = { asset: token.hash, from, to, amount };
  if (token.hash !== NEO_HASH) return halt([booleanItem(true)], GAS_COST.transfer, [notification], [moved]);
  // NeoToken: each side whose balance changes gets its accrued GAS, minted after the NEO Transfer (DistributeGas).
  const touched = amount === 0n || from === to ? [from] : [from, to];
  const mints = touched.flatMap((account): TokenTransfer[] => {
    const bonus = neoHolderBonus(ctx.ledger.balanceOf(NEO_HASH, account), ctx.ledger.balanceHeight(NEO_HASH, account), ctx.persistingIndex);
    return bonus > 0n ? [{ asset: GAS_HASH, from: null, to: account, amount: bonus }] : [];
  });
  const mintNotifications = mints.map(
    (mint): Notification => ({ contract: GAS_HASH, eventname: 'Transfer', state: arrayItem([anyItem(), hash160Item(mint.to), integerItem(mint.amount)]) }),
  );
  return halt([booleanItem(true)], GAS_COST.transfer, [notification, ...mintNotifications], [moved, ...mints]);
}

/** NeoToken.unclaimedGas(account, end): `end` must be the block the execution belongs to, as the node checks. */
function unclaimedGas(ctx: CallContext, args: StackItem[]): CallOutcome {
  const account = itemHash160(args[0]);
  if (account === undefined) return fault('The argument "account" of unclaimedGas must be a Hash160 (a 20-byte ByteString).', GAS_COST.storageRead);
  const end = itemInteger(args[1]);
  if (end !== BigInt(ctx.persistingIndex)) {
    return fault(`end ('${String(end)}') must be equal to '${ctx.persistingIndex}'. (Parameter 'end')\nActual value was ${String(end)}.`, GAS_COST.storageRead);
  }
  const bonus = neoHolderBonus(ctx.ledger.balanceOf(NEO_HASH, account), ctx.ledger.balanceHeight(NEO_HASH, account), ctx.persistingIndex);
  return halt([integerItem(bonus)], GAS_COST.storageRead);
}

function callToken(ctx: CallContext, token: TokenInfo, operation: string, args: StackItem[]): CallOutcome {
  const { native } = token;
  const arity = native
    ? native.methods.find((m) => m.name === operation && m.parameters.length === args.length)
    : { balanceOf: 1, totalSupply: 0, transfer: 4 }[operation] === args.length;
  if (!arity) {
    if (native || ctx.unknownContract === 'fault') {
      return fault(
        native
          ? `Method "${operation}" with ${args.length} parameter(s) doesn't exist in the contract ${token.hash}.`
          : `Method "${operation}" with ${args.length} parameter(s) is not emulated for ${token.hash}: the local chain knows it only by its seeded balances (balanceOf, totalSupply, transfer); register a result with onInvoke.`,
        GAS_COST.missingContract,
      );
    }
    return halt([], GAS_COST.userCall);
  }
  switch (operation) {
    case 'symbol':
      return halt([textItem(native!.symbol)], GAS_COST.constant);
    case 'decimals':
      return halt([integerItem(native!.decimals)], GAS_COST.constant);
    case 'totalSupply':
      return halt([integerItem(ctx.ledger.totalSupply(token.hash))], GAS_COST.storageRead);
    case 'balanceOf': {
      const account = itemHash160(args[0]);
      if (account === undefined) return fault('The argument "account" of balanceOf must be a Hash160 (a 20-byte ByteString).', GAS_COST.storageRead);
      return halt([integerItem(ctx.ledger.balanceOf(token.hash, account))], GAS_COST.storageRead);
    }
    case 'transfer':
      return tokenTransfer(ctx, token, args);
    case 'getGasPerBlock':
      return halt([integerItem(GAS_PER_BLOCK)], GAS_COST.storageRead);
    case 'getRegisterPrice':
      return halt([integerItem(100000000000n)], GAS_COST.storageRead);
    case 'getCommittee':
    case 'getNextBlockValidators':
      return halt([arrayItem([bytesItem(Buffer.from(ctx.validatorPublicKey, 'hex'))])], GAS_COST.storageRead);
    case 'getCommitteeAddress':
      return halt([hash160Item(ctx.committeeScriptHash)], GAS_COST.storageRead);
    case 'getCandidates':
      return halt([arrayItem([])], GAS_COST.storageRead);
    case 'unclaimedGas':
      return unclaimedGas(ctx, args);
    default:
      return fault(
        `Method "${operation}" of ${native!.name} is not emulated by the local chain; register a result with onInvoke(${token.hash}, "${operation}", …).`,
        GAS_COST.unemulated,
      );
  }
}

function callContract(ctx: CallContext, request: CallRequest): CallOutcome {
  const override = ctx.overrides.get(request.scriptHash, request.operation);
  if (override) {
    const state = override.state ?? 'HALT';
    return {
      state,
      exception: state === 'HALT' ? null : (override.exception ?? `FAULT registered with onInvoke for ${request.scriptHash} ${request.operation}`),
      gasconsumed: BigInt(override.gasconsumed ?? GAS_COST.userCall),
      stack: structuredClone(override.stack ?? []),
      notifications: structuredClone(override.notifications ?? []),
      transfers: [],
    };
  }
  // The native contracts beyond NEO and GAS (native-calls/).
  const nativeCall = callNativeContract(ctx, request);
  if (nativeCall) return nativeCall;
  const native = nativeTokenByHash(request.scriptHash);
  if (native || ctx.ledger.hasAsset(request.scriptHash)) {
    return callToken(ctx, { hash: request.scriptHash, native }, request.operation, request.args);
  }
  if (ctx.unknownContract === 'halt') return halt([], GAS_COST.userCall);
  return fault(`Called Contract Does Not Exist: ${request.scriptHash}`, GAS_COST.missingContract);
}

export function executeCall(ctx: CallContext, request: CallRequest): CallOutcome {
  const outcome = callContract(ctx, request);
  if (!request.assert || outcome.state === 'FAULT') return outcome;
  const top = outcome.stack[outcome.stack.length - 1];
  if (!itemTruthy(top)) return fault(ASSERT_FAILED, outcome.gasconsumed);
  return { ...outcome, stack: outcome.stack.slice(0, -1) };
}
