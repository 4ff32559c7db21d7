// Balance changes of a block being sealed, kept apart from the book until the block is committed.
import type { BalanceBook } from './balance-book.js';
import type { LedgerView, TokenTransfer } from './contract-executor.js';

export function bookView(book: BalanceBook): LedgerView {
  return {
    balanceOf: (asset, account) => book.get(asset, account),
    balanceHeight: (asset, account) => book.heightOf(asset, account),
    totalSupply: (asset) => book.totalSupply(asset),
    hasAsset: (asset) => book.hasAsset(asset),
  };
}

export class StagedLedger implements LedgerView {
  private readonly changes = new Map<string, { asset: string; account: string; amount: bigint }>();

  /** `persistingIndex`: the block being sealed, where every staged change lands. */
  constructor(
    private readonly book: BalanceBook,
    private readonly persistingIndex: number,
  ) {}

  balanceOf(asset: string, account: string): bigint {
    return this.changes.get(`${asset} ${account}`)?.amount ?? this.book.get(asset, account);
  }

  /** Transfers move balances without minting; burned fees leave the supply. */
  totalSupply(asset: string): bigint {
    let total = this.book.totalSupply(asset);
    for (const change of this.changes.values()) if (change.asset === asset) total += change.amount - this.book.get(asset, change.account);
    return total;
  }

  balanceHeight(asset: string, account: string): number {
    return this.changes.has(`${asset} ${account}`) ? this.persistingIndex : this.book.heightOf(asset, account);
  }

  hasAsset(asset: string): boolean {
    return this.book.hasAsset(asset);
  }

  /** A transfer (a mint when `from` is null). The sender's entry is touched even for 0 (NEO's BalanceHeight moves); the recipient's only for an amount. */
  apply(transfer: TokenTransfer): void {
    if (transfer.from === null) {
      this.mint(transfer.asset, transfer.to, transfer.amount);
      return;
    }
    const set = (account: string, amount: bigint) => this.changes.set(`${transfer.asset} ${account}`, { asset: transfer.asset, account, amount });
    set(transfer.from, this.balanceOf(transfer.asset, transfer.from) - transfer.amount);
    if (transfer.amount !== 0n || transfer.to === transfer.from) set(transfer.to, this.balanceOf(transfer.asset, transfer.to) + transfer.amount);
  }

  /** Burns fees (GAS) from an account: the supply shrinks by as much. */
  burn(asset: string, account: string, amount: bigint): void {
    this.changes.set(`${asset} ${account}`, { asset, account, amount: this.balanceOf(asset, account) - amount });
  }

  /** Mints to an account (the network fees to the primary validator): the supply grows by as much. */
  mint(asset: string, account: string, amount: bigint): void {
    this.burn(asset, account, -amount);
  }

  commit(block: number): void {
    for (const { asset, account, amount } of this.changes.values()) this.book.set(asset, account, amount, block);
    this.changes.clear();
  }
}
