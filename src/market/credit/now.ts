import { periodAt, type PeriodClock } from '../time.ts';
import type { BlockHeader } from '../../chain/types.ts';

/** When a credit update happens: the block's height and the period its time falls in. */
export interface CreditNow {
  readonly height: number;
  readonly period: number;
}

/** The credit clock of a block being applied (periods before the genesis count as 0). */
export function creditNow(clock: PeriodClock, header: Pick<BlockHeader, 'height' | 'timestamp'>): CreditNow {
  return { height: header.height, period: Math.max(0, periodAt(clock, header.timestamp)) };
}
