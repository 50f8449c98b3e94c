import { toHex } from '../chain/bytes.ts';
import { appendToList, readList } from '../market/records/lists.ts';
import { readTrade } from '../market/records/trade.ts';
import { readParticipant } from '../market/records/participant.ts';
import { readSettleCursor } from '../market/records/counters.ts';
import { readReading } from '../market/records/readings.ts';
import { periodTradesBase } from '../market/keys.ts';
import { complianceOf, isRenewable, readCertConfig, type CertConfig } from './config.ts';
import { addCertTotals, nextCertId, readIssueCursor, writeIssueCursor } from './records/counters.ts';
import { writeLot } from './records/lot.ts';
import { readQuota, readQuotaAccounts, writeQuota } from './records/quota.ts';
import { issuanceKey, ownerLotsBase, rootLotsBase } from './keys.ts';
import { encode, decodeTrusted } from '../chain/codec.ts';
import type { Overlay } from '../chain/state/overlay.ts';
import type { StateReader } from '../chain/state/stateReader.ts';
import type { ChainContext } from '../chain/module/context.ts';
import type { BlockHeader } from '../chain/types.ts';

/**
 * Issuance from settlement. Certificates are never requested: the chain issues them from
 * its own settlement records, in a block hook that runs after the market's settlement in
 * the same block (registry order), behind a cursor of its own ("every delivery period
 * below it has been considered"). The market's settlement cursor says which periods are
 * settled; this hook walks from its cursor up to it, so each period is considered exactly
 * once, and a reorg, which rolls the state back, rolls the cursor back with it.
 */

/** A generator's eligible volume in one settled delivery period. */
export interface EligibleDelivery {
  readonly generator: Uint8Array;
  readonly wh: bigint;
}

/**
 * The metered delivery a period's settled trades sold, per seller, in ascending id order:
 * for each settled trade min(executed Wh, the seller's metered share of it). The shares
 * of a seller's reading over its trades add up to the reading (settle/shareReadings.ts),
 * so the sum never exceeds what the meter reported, nor what was sold. Every seller
 * appears, renewable or not (the caller filters).
 */
export function computeSettledDelivery(state: StateReader, k: number): EligibleDelivery[] {
  const bySeller = new Map<string, { generator: Uint8Array; wh: bigint }>();
  for (const id of readList(state, periodTradesBase(k))) {
    const t = readTrade(state, id);
    if (!t?.settlement) continue;
    const s = t.settlement;
    const wh = s.executedWh < s.sellerMeteredWh ? s.executedWh : s.sellerMeteredWh;
    const key = toHex(t.seller);
    const e = bySeller.get(key) ?? bySeller.set(key, { generator: t.seller, wh: 0n }).get(key)!;
    e.wh += wh;
  }
  return [...bySeller.keys()].sort().map((key) => bySeller.get(key)!);
}

/** The id of the lot issued to a generator for delivery period k, if any was. */
export function readIssuance(state: StateReader, k: number, generator: Uint8Array): number | undefined {
  const raw = state.get(issuanceKey(k, generator));
  return raw ? (decodeTrusted(raw) as number) : undefined;
}

/**
 * Issues the certificates of settled period k: a root lot to every registered seller
 * whose declared source is renewable, of its eligible volume, with the origin the seller
 * declared (source, region, carbon intensity). An issuance record per (period, generator)
 * makes a second issuance impossible even if the cursor were wrong.
 */
export function issuePeriod(state: Overlay, cfg: CertConfig, k: number, height: number): void {
  for (const d of computeSettledDelivery(state, k)) {
    if (d.wh === 0n) continue;
    const p = readParticipant(state, d.generator);
    if (!p || p.role !== 'seller' || !isRenewable(cfg, p.source)) continue;
    if (readIssuance(state, k, d.generator) !== undefined) throw new Error(`internal: period ${k} issued twice to ${toHex(d.generator)}`);
    const id = nextCertId(state, 'lot');
    writeLot(state, {
      id, owner: d.generator, generator: d.generator, source: p.source, region: p.region, carbon: p.carbon, period: k,
      wh: d.wh, free: d.wh, listed: 0n, sold: 0n, claimed: 0n, revoked: 0n, parent: 0, root: id, height, listings: [],
    });
    state.set(issuanceKey(k, d.generator), encode(id));
    appendToList(state, ownerLotsBase(d.generator), id);
    appendToList(state, rootLotsBase(id), id);
    addCertTotals(state, { issued: d.wh, free: d.wh });
  }
}

/**
 * Adds settled period k's meter readings to the consumption of every account with a quota
 * for k's compliance period (each period counted once per quota, by its cursor).
 */
export function countConsumption(state: Overlay, cfg: CertConfig, k: number): void {
  const c = complianceOf(cfg, k);
  for (const id of readQuotaAccounts(state, c)) {
    const q = readQuota(state, c, id);
    if (!q || q.countedBelow > k) continue;
    writeQuota(state, { ...q, consumed: q.consumed + readReading(state, k, id), countedBelow: k + 1 });
  }
}

/**
 * Block hook: issues certificates for every delivery period the market settled since the
 * last block (after its settlement hook, in the same block), and counts those periods'
 * consumption toward percent quotas. A period without trades costs one state read.
 */
export function issueSettledPeriods(state: Overlay, header: BlockHeader, _ctx: ChainContext): void {
  const cfg = readCertConfig(state);
  if (!cfg) return;
  const settled = readSettleCursor(state);
  const from = readIssueCursor(state);
  if (from >= settled) return;
  for (let k = from; k < settled; k++) {
    issuePeriod(state, cfg, k, header.height);
    countConsumption(state, cfg, k);
  }
  writeIssueCursor(state, settled);
}
