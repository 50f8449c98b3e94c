import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { writeReading } from '../records/readings.ts';
import { MAX_WH, requireAuthority } from '../checks.ts';
import { periodStart, settlementDue } from '../time.ts';
import { describeDuration } from '../timeText.ts';
import { readSettleCursor } from '../records/counters.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Metered } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.meter: meter: an account's delivered or consumed Wh in a period. */
export const meterArgs = { account: Field.address, period: Field.u32, wh: Field.amount } as const;

/**
 * market.meter: a meter key reports the Wh an account delivered (seller) or consumed
 * (buyer) in period k. Accepted from the start of k until end(k) + meterWindowMs; a
 * later report in the window replaces an earlier one. A missing reading counts as zero.
 */
export function applyMeter(state: Overlay, ctx: OpContext, args: ArgsOf<typeof meterArgs>): Record<string, never> {
  const cfg = requireConfig(state);
  requireAuthority(state, ctx.sender, 'meter');
  const account = args.account;
  const period = args.period;
  const wh = args.wh;
  if (!readParticipant(state, account)) throw new MarketError('NOT_REGISTERED', `${addressFromBytes(account)} is not a participant; meters report for registered accounts only`);
  if (wh > MAX_WH) throw new MarketError('BAD_AMOUNT', `a reading must be at most ${MAX_WH} Wh, got ${wh}`);
  const now = BigInt(ctx.header.timestamp);
  const open = periodStart(ctx, period);
  const close = settlementDue(ctx, cfg, period);
  const window = `readings for period ${period} are taken from its start until ${describeDuration(cfg.meterWindowMs)} after its end`;
  if (period < readSettleCursor(state)) {
    throw new MarketError('METER_WINDOW', `${window}; period ${period} is already settled, so a reading can no longer change it`);
  }
  if (now < open) {
    throw new MarketError('METER_WINDOW', `${window}; this block is ${describeDuration(open - now)} before period ${period} starts: send the reading once the period has started`);
  }
  if (now >= close) {
    throw new MarketError('METER_WINDOW', `${window}; they closed ${describeDuration(now - close)} before this block`);
  }
  writeReading(state, period, account, wh);
  ctx.emit(Metered, { account, period, wh });
  return {};
}
