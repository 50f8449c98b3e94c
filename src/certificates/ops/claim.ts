import { Field, type ArgsOf } from '../../chain/module/schema.ts';
import { appendToList, readList } from '../../market/records/lists.ts';
import { CertError } from '../certError.ts';
import { complianceRange, requireCertConfig, type CertConfig } from '../config.ts';
import { describeLot, requireHeldLot, requireVolume } from '../checks.ts';
import { addCertTotals, nextCertId, readComplianceCursor } from '../records/counters.ts';
import { readLot, writeLot, type Lot } from '../records/lot.ts';
import { addClaimTallies, writeClaim, type ClaimPart } from '../records/claim.ts';
import { accountClaimsBase, ownerLotsBase } from '../keys.ts';
import { CertClaimed } from '../events.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Most lots one claim may draw from (claim in several transactions beyond it). */
export const MAX_CLAIM_LOTS = 64;

/** Arguments of cert.claim: retire `wh` for a beneficiary and compliance period, from one lot or (lot 0) from any of yours of that period. */
export const certClaimArgs = { lot: Field.u32, wh: Field.amount, period: Field.u32, beneficiary: Field.text(140) } as const;

const inPeriod = (cfg: CertConfig, c: number, l: Lot): boolean => {
  const r = complianceRange(cfg, c);
  return l.period >= r.first && l.period <= r.last;
};

/** The sender's lots with free volume generated in compliance period c, oldest generation first, then by id. */
function eligibleLots(state: StateReader, cfg: CertConfig, owner: Uint8Array, c: number): Lot[] {
  const lots: Lot[] = [];
  for (const id of readList(state, ownerLotsBase(owner))) {
    const l = readLot(state, id)!;
    if (l.free > 0n && inPeriod(cfg, c, l)) lots.push(l);
  }
  return lots.sort((a, b) => (a.period !== b.period ? a.period - b.period : a.id - b.id));
}

/**
 * cert.claim: the holder retires certificate volume for a beneficiary (free text: the
 * consumer the renewable energy is claimed for) and a compliance period. Only volume
 * generated within that compliance period counts toward it. With lot 0 the chain draws
 * from the holder's eligible lots, oldest generation period first. Claimed volume leaves
 * the free part for good: it can never be listed, moved, or claimed again.
 */
export function applyCertClaim(state: Overlay, ctx: OpContext, args: ArgsOf<typeof certClaimArgs>): { claim: number; lots: number } {
  const cfg = requireCertConfig(state);
  const beneficiary = args.beneficiary.trim();
  if (beneficiary === '') throw new CertError('BENEFICIARY_REQUIRED', 'a claim names its beneficiary (who the renewable energy is claimed for), up to 140 characters');
  requireVolume(args.wh, 'the claimed volume');
  const c = args.period;
  const open = readComplianceCursor(state);
  if (c < open) throw new CertError('COMPLIANCE_CLOSED', `compliance period ${c} is closed and its fines were taken; claims count toward period ${open} or later`);
  const r = complianceRange(cfg, c);
  let lots: Lot[];
  if (args.lot !== 0) {
    const lot = requireHeldLot(state, args.lot, ctx.sender);
    if (!inPeriod(cfg, c, lot)) throw new CertError('WRONG_VINTAGE', `lot ${lot.id} was generated in delivery period ${lot.period}, outside compliance period ${c} (delivery periods ${r.first}–${r.last}); claim it for period ${Math.floor(lot.period / cfg.compliancePeriods)}`);
    if (args.wh > lot.free) throw new CertError('OVER_CLAIM', `${describeLot(lot)}; claim at most ${lot.free} Wh (claimed volume is never claimed again)`);
    lots = [lot];
  } else {
    lots = eligibleLots(state, cfg, ctx.sender, c);
    let have = 0n;
    for (const l of lots) have += l.free;
    if (args.wh > have) throw new CertError('OVER_CLAIM', `you hold ${have} Wh of free certificates generated in compliance period ${c} (delivery periods ${r.first}–${r.last}); claim at most that`);
  }
  const parts: ClaimPart[] = [];
  let left = args.wh;
  for (const l of lots) {
    if (left === 0n) break;
    const take = l.free < left ? l.free : left;
    parts.push({ lot: l.id, wh: take, period: l.period });
    left -= take;
  }
  if (parts.length > MAX_CLAIM_LOTS) throw new CertError('TOO_FRAGMENTED', `${args.wh} Wh would draw on ${parts.length} lots, over the ${MAX_CLAIM_LOTS} one claim may use; claim in several transactions or name a --lot`);
  for (const p of parts) {
    const l = readLot(state, p.lot)!;
    writeLot(state, { ...l, free: l.free - p.wh, claimed: l.claimed + p.wh });
  }
  const id = nextCertId(state, 'claim');
  writeClaim(state, { id, claimant: ctx.sender, beneficiary, period: c, wh: args.wh, lots: parts, height: ctx.header.height, txIndex: ctx.txIndex });
  addClaimTallies(state, ctx.sender, c, parts);
  appendToList(state, accountClaimsBase(ctx.sender), id);
  addCertTotals(state, { free: -args.wh, claimed: args.wh });
  ctx.emit(CertClaimed, { claim: id, period: c, wh: args.wh, lots: parts.length });
  return { claim: id, lots: parts.length };
}
