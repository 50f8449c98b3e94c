import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant, writeParticipant } from '../records/participant.ts';
import { readBond, takeFromBond } from '../records/ledger.ts';
import { deleteCredit } from '../credit.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { TxContext } from '../../chain/stf/context.ts';

/**
 * market.exit: voluntary exit (SPEC 3). Refused while the account has open listings or
 * unsettled trades; otherwise the bond comes back, the credit record goes (no more
 * mining boost) and the participant record stays, marked exited, for the history.
 */
export function applyExit(state: Overlay, ctx: TxContext): void {
  requireConfig(state);
  const p = readParticipant(state, ctx.sender);
  if (!p || p.status === 'exited') throw new MarketError('NOT_REGISTERED', 'this account is not a participant; there is nothing to exit');
  if (p.open > 0) {
    throw new MarketError('OPEN_POSITIONS', `the account has ${p.open} open listings or unsettled trades; cancel the listings and wait for settlement, then exit`);
  }
  takeFromBond(state, ctx.sender, readBond(state, ctx.sender), ctx.sender);
  deleteCredit(state, ctx.sender);
  writeParticipant(state, ctx.sender, { ...p, status: 'exited', reviewedHeight: ctx.header.height });
}
