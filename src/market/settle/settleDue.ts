import { readConfig } from '../records/config.ts';
import { dropPendingThrough, readPendingPeriods, readSettleCursor, writeSettleCursor } from '../records/counters.ts';
import { lastDuePeriod } from '../time.ts';
import { settlePeriod } from './settlePeriod.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { BlockHeader } from '../../chain/types.ts';

/**
 * Block-start hook: settles every period whose settlement is due, exactly once, in the
 * first block whose time is at or past end(k) + meterWindowMs, before the block's
 * transactions. The cursor (every period below it is settled) moves past the last due
 * period; only periods in the pending list (those that ever held a listing) do any work,
 * so a chain idle for many periods settles in one cheap step.
 */
export function settleDuePeriods(state: Overlay, header: BlockHeader, ctx: ChainContext): void {
  const cfg = readConfig(state);
  if (!cfg) return;
  const last = lastDuePeriod(ctx, cfg, header.timestamp);
  if (last < readSettleCursor(state)) return;
  const now = creditNow(ctx, header);
  for (const k of readPendingPeriods(state)) {
    if (k > last) break;
    settlePeriod(state, k, now);
  }
  dropPendingThrough(state, last);
  writeSettleCursor(state, last + 1);
}
