// NEP-17 balances by asset and account (script hashes), with the block each last changed in.

export interface BalanceEntry {
  amount: bigint;
  lastupdatedblock: number;
}

/** JSON form: asset hash → account hash → { amount (decimal string), lastupdatedblock }. */
export type BalancesJson = Record<string, Record<string, { amount: string; lastupdatedblock: number }>>;

export class BalanceBook {
  private readonly assets = new Map<string, Map<string, BalanceEntry>>();

  get(asset: string, account: string): bigint {
    return this.assets.get(asset)?.get(account)?.amount ?? 0n;
  }

  /** The block the balance last changed in (NeoToken's BalanceHeight for NEO); 0 when never set. */
  heightOf(asset: string, account: string): number {
    return this.assets.get(asset)?.get(account)?.lastupdatedblock ?? 0;
  }

  set(asset: string, account: string, amount: bigint, block: number): void {
    let accounts = this.assets.get(asset);
    if (!accounts) {
      accounts = new Map();
      this.assets.set(asset, accounts);
    }
    accounts.set(account, { amount, lastupdatedblock: block });
  }

  /** Whether any balance of the asset was ever recorded (how a seeded non-native token becomes known). */
  hasAsset(asset: string): boolean {
    return this.assets.has(asset);
  }

  totalSupply(asset: string): bigint {
    let total = 0n;
    for (const entry of this.assets.get(asset)?.values() ?? []) total += entry.amount;
    return total;
  }

  /** The accounts holding some of the asset (above zero), with their entries (copies). */
  holders(asset: string): [string, BalanceEntry][] {
    const out: [string, BalanceEntry][] = [];
    for (const [account, entry] of this.assets.get(asset) ?? []) if (entry.amount > 0n) out.push([account, { ...entry }]);
    return out;
  }

  /** The account's entries, asset hash → entry. */
  ofAccount(account: string): [string, BalanceEntry][] {
    const out: [string, BalanceEntry][] = [];
    for (const [asset, accounts] of this.assets) {
      const entry = accounts.get(account);
      if (entry) out.push([asset, { ...entry }]);
    }
    return out;
  }

  toJSON(): BalancesJson {
    const out: BalancesJson = {};
    for (const [asset, accounts] of this.assets) {
      out[asset] = {};
      for (const [account, entry] of accounts) {
        out[asset][account] = { amount: entry.amount.toString(), lastupdatedblock: entry.lastupdatedblock };
      }
    }
    return out;
  }

  static fromJSON(json: BalancesJson): BalanceBook {
    const book = new BalanceBook();
    for (const [asset, accounts] of Object.entries(json)) {
      for (const [account, entry] of Object.entries(accounts)) {
        book.set(asset, account, BigInt(entry.amount), entry.lastupdatedblock);
      }
    }
    return book;
  }
}
