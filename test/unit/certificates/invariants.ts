/**
 * Checks of the certificate rules against the chain's raw facts, computed independently
 * of the module's code: what issuance must have produced from trades and meter readings,
 * and what every closed quota must have been fined. Used by the property tests after
 * every block.
 */
import { expect } from 'vitest';
import { toHex, bytesEqual } from '../../../src/chain/bytes.ts';
import { readList } from '../../../src/market/records/lists.ts';
import { readTrade } from '../../../src/market/records/trade.ts';
import { readReading } from '../../../src/market/records/readings.ts';
import { readParticipant } from '../../../src/market/records/participant.ts';
import { readSettleCursor } from '../../../src/market/records/counters.ts';
import { periodTradesBase } from '../../../src/market/keys.ts';
import { readCertConfig } from '../../../src/certificates/config.ts';
import { peekCertId, readComplianceCursor, readIssueCursor } from '../../../src/certificates/records/counters.ts';
import { readLot } from '../../../src/certificates/records/lot.ts';
import { readClaim } from '../../../src/certificates/records/claim.ts';
import { readQuota, readQuotaAccounts } from '../../../src/certificates/records/quota.ts';
import type { StateReader } from '../../../src/chain/state/stateReader.ts';

/**
 * Issuance equals metered, sold and settled renewable delivery, once per period: for
 * every settled period k and seller s, the issued volume is min(Σ executed Wh of s's
 * trades in k, s's reading for k) when s registered a renewable source, else nothing;
 * one issued lot at most per (s, k), and none for a period not yet settled. (The
 * settlement shares a reading over a seller's trades so that Σ min(executed, share) =
 * min(Σ executed, reading): the module computes the left side, this the right.)
 */
export function expectIssuanceMatchesSettlement(state: StateReader): bigint {
  const cfg = readCertConfig(state)!;
  const settled = readSettleCursor(state);
  expect(readIssueCursor(state)).toBe(settled);
  const roots = new Map<string, { wh: bigint; n: number }>();
  for (let id = 1; id < peekCertId(state, 'lot'); id++) {
    const l = readLot(state, id)!;
    if (l.parent !== 0) continue;
    expect(l.period).toBeLessThan(settled);
    const key = `${l.period}/${toHex(l.generator)}`;
    const e = roots.get(key) ?? { wh: 0n, n: 0 };
    roots.set(key, { wh: e.wh + l.wh, n: e.n + 1 });
  }
  let total = 0n;
  let expectedRoots = 0;
  for (let k = 0; k < settled; k++) {
    const sold = new Map<string, { id: Uint8Array; q: bigint }>();
    for (const tid of readList(state, periodTradesBase(k))) {
      const t = readTrade(state, tid)!;
      const key = toHex(t.seller);
      const e = sold.get(key) ?? sold.set(key, { id: t.seller, q: 0n }).get(key)!;
      e.q += t.wh - t.curtailed;
    }
    for (const [key, { id, q }] of sold) {
      const p = readParticipant(state, id)!;
      const r = readReading(state, k, id);
      const want = p.role === 'seller' && cfg.renewable.includes(p.source) ? (q < r ? q : r) : 0n;
      const got = roots.get(`${k}/${key}`);
      if (want === 0n) expect(got).toBeUndefined();
      else {
        expect(got).toEqual({ wh: want, n: 1 });
        expectedRoots += 1;
      }
      total += want;
    }
  }
  expect(roots.size).toBe(expectedRoots);
  return total;
}

/**
 * Every closed compliance period's quotas were fined exactly: required = the quota's Wh,
 * or floor(percent × Σ readings over the period / 100); claimed = Σ of the account's
 * claims for the period (from the claim records); fine = floor(shortfall × finePerMWh /
 * 1,000,000), paid from balance, bond, or left unpaid, adding up to the fine. Open
 * periods have no outcome yet.
 */
export function expectFinesExact(state: StateReader, lastCompliance: number): number {
  const cfg = readCertConfig(state)!;
  const closedBelow = readComplianceCursor(state);
  let fined = 0;
  for (let c = 0; c <= lastCompliance; c++) {
    for (const id of readQuotaAccounts(state, c)) {
      const q = readQuota(state, c, id)!;
      if (c >= closedBelow) {
        expect(q.outcome).toBeNull();
        continue;
      }
      let consumed = 0n;
      for (let k = c * cfg.compliancePeriods; k < (c + 1) * cfg.compliancePeriods; k++) consumed += readReading(state, k, id);
      const required = q.percent > 0 ? (consumed * BigInt(q.percent)) / 100n : q.wh;
      let claimed = 0n;
      for (let n = 1; n < peekCertId(state, 'claim'); n++) {
        const cl = readClaim(state, n)!;
        if (cl.period === c && bytesEqual(cl.claimant, id)) claimed += cl.wh;
      }
      const shortfall = required > claimed ? required - claimed : 0n;
      const fine = (shortfall * cfg.finePerMWh) / 1_000_000n;
      const o = q.outcome!;
      expect({ required: o.required, claimed: o.claimed, shortfall: o.shortfall, fine: o.fine }).toEqual({ required, claimed, shortfall, fine });
      expect(o.fromBalance + o.fromBond + o.unpaid).toBe(fine);
      if (shortfall > 0n) fined += 1;
    }
  }
  return fined;
}
