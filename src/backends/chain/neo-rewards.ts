// NeoToken's economics on the local chain: GAS per block (one record, 5 GAS from block 0, as a node's
// genesis writes it), the committee's share minted every block, and the NEO holders' share (the bonus a
// NEO account accrues per block it holds, minted to it when its NEO balance changes: NeoToken's
// DistributeGas). No candidates are registered, so there are no voter rewards.

/** 5 GAS in datoshi (10^-8 GAS): NeoToken's GasPerBlock record at index 0. */
export const GAS_PER_BLOCK = 5_00000000n;
/** NeoToken's CommitteeRewardRatio and NeoHolderRewardRatio, in percent. */
export const COMMITTEE_REWARD_RATIO = 10n;
export const NEO_HOLDER_REWARD_RATIO = 10n;
/** NeoToken.TotalAmount: 100 million NEO (0 decimals). */
export const NEO_TOTAL_AMOUNT = 100_000_000n;

/** What PostPersist mints to the committee member of each block: GasPerBlock × 10%. */
export const COMMITTEE_REWARD = (GAS_PER_BLOCK * COMMITTEE_REWARD_RATIO) / 100n;

/**
 * NeoToken's CalculateBonus for a holder without a vote: the GAS (datoshi) an account holding `balance` NEO
 * since block `balanceHeight` has accrued by block `end` (exclusive). Integer division as the node's.
 */
export function neoHolderBonus(balance: bigint, balanceHeight: number, end: number): bigint {
  if (balance <= 0n || balanceHeight >= end) return 0n;
  const sumGasPerBlock = GAS_PER_BLOCK * BigInt(end - balanceHeight);
  return (balance * sumGasPerBlock * NEO_HOLDER_REWARD_RATIO) / 100n / NEO_TOTAL_AMOUNT;
}
