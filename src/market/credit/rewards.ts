import { COMMUNITY_POOL_ID, addBalance, getAccount } from '../../chain/state/accounts.ts';
import { readCreditRecord, writeCreditRecord } from './record.ts';
import type { CreditConfig } from './config.ts';
import type { Overlay } from '../../chain/state/overlay.ts';

/**
 * Pays the credit reward of one agency cycle (docs/credit.md: the paper's 奖励高信誉主体) from
 * the community pool's balance to every eligible account, each the same amount:
 * min(rewardAmount, floor(floor(pool × rewardPoolPercent / 100) / eligible)). Value moves
 * from the pool's balance to theirs; nothing is minted, and the remainder stays in the
 * pool. Accounts are paid in member order. Returns the µTES paid in all.
 */
export function payCreditRewards(state: Overlay, cfg: CreditConfig, eligible: readonly Uint8Array[]): bigint {
  if (eligible.length === 0 || cfg.rewardAmount === 0n) return 0n;
  const pool = getAccount(state, COMMUNITY_POOL_ID).balance;
  const share = (pool * BigInt(cfg.rewardPoolPercent)) / 100n / BigInt(eligible.length);
  const each = share < cfg.rewardAmount ? share : cfg.rewardAmount;
  if (each === 0n) return 0n;
  for (const id of eligible) {
    addBalance(state, COMMUNITY_POOL_ID, -each);
    addBalance(state, id, each);
    const rec = readCreditRecord(state, id);
    if (rec) writeCreditRecord(state, id, { ...rec, rewarded: rec.rewarded + each });
  }
  return each * BigInt(eligible.length);
}
