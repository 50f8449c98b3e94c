import { encode, decodeTrusted } from '../../chain/codec.ts';
import { MarketKey, accountListingsBase, accountTradesBase } from '../keys.ts';
import { readConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { readListing } from '../records/listing.ts';
import { readTrade } from '../records/trade.ts';
import { lastOfList } from '../records/lists.ts';
import { readCreditConfig } from './config.ts';
import { creditNow, type CreditNow } from './now.ts';
import { updateCredit } from './update.ts';
import { completeExit, completeExitIfDone, memberAt, memberCount } from './membership.ts';
import { payCreditRewards } from './rewards.ts';
import { cycleOf } from './int.ts';
import type { CreditRecord } from './record.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { BlockHeader } from '../../chain/types.ts';

/** How many agency cycles have ended and been processed. */
export function readCycleCursor(state: StateReader): number {
  const raw = state.get(MarketKey.cycle);
  return raw ? (decodeTrusted(raw) as number) : 0;
}

/**
 * The latest period an account showed activity in: its approval, the period of its
 * newest listing, or of its newest trade. A listing or trade can only be for the current
 * period or later, so the newest one's period is no earlier than when it was made.
 */
export function lastActivePeriod(state: StateReader, id: Uint8Array, rec: CreditRecord): number {
  let last = rec.approvedPeriod;
  const l = lastOfList(state, accountListingsBase(id));
  if (l !== undefined) last = Math.max(last, readListing(state, l)?.period ?? last);
  const t = lastOfList(state, accountTradesBase(id));
  if (t !== undefined) last = Math.max(last, readTrade(state, t)?.period ?? last);
  return last;
}

/**
 * Block-start hook, after settlement: in the first block of a new agency cycle (every
 * agencyPeriods periods), walks every member once, in member order:
 * - an approved member's score is recomputed (activity and penalties fade), which may
 *   force it out if it fell below exitCredit;
 * - an approved member with nothing open and no listing or trade for inactivePeriods is
 *   reclaimed: it exits and its bond comes back;
 * - a member forced out whose positions are gone completes its exit;
 * - then every approved member scoring rewardMinScore or more is paid the cycle's reward
 *   from the community pool (rewards.ts).
 * A chain idle across several cycle ends runs the pass once. Cost: one pass over the
 * members per cycle, nothing in other blocks.
 */
export function runCreditCycle(state: Overlay, header: BlockHeader, ctx: ChainContext): void {
  if (!readConfig(state)) return;
  const cfg = readCreditConfig(state);
  const now = creditNow(ctx, header);
  const ended = cycleOf(now.period, cfg.agencyPeriods);
  if (ended <= readCycleCursor(state)) return;
  state.set(MarketKey.cycle, encode(ended));
  const eligible: Uint8Array[] = [];
  const count = memberCount(state);
  for (let n = 1; n <= count; n++) {
    const id = memberAt(state, n)!;
    const status = readParticipant(state, id)?.status;
    if (status === 'exiting') completeExitIfDone(state, id, now);
    if (status !== 'approved') continue;
    if (reviewMember(state, id, now, cfg.inactivePeriods, cfg.rewardMinScore)) eligible.push(id);
  }
  payCreditRewards(state, cfg, eligible);
}

// Recomputes one approved member, reclaims it if inactive; true if it earns the reward.
function reviewMember(state: Overlay, id: Uint8Array, now: CreditNow, inactivePeriods: number, rewardMinScore: number): boolean {
  const rec = updateCredit(state, id, now, 'cycle');
  const p = readParticipant(state, id)!;
  if (p.status !== 'approved') return false;
  const idle = now.period - lastActivePeriod(state, id, rec);
  if (p.open === 0 && idle >= inactivePeriods) {
    completeExit(state, id, now, 'exited', `reclaimed: no listing or trade for ${idle} periods (limit ${inactivePeriods})`, 'reclaimed');
    return false;
  }
  return rec.composite >= rewardMinScore;
}
