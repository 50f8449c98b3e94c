import { addressFromBytes } from '../../chain/address.ts';
import { readList, readListTail } from '../../market/records/lists.ts';
import { periodAt } from '../../market/time.ts';
import { closesAt, complianceOf, complianceRange, readCertConfig, type CertConfig } from '../config.ts';
import { peekCertId, readCertTotals, readComplianceCursor, readIssueCursor, type CertTotals } from '../records/counters.ts';
import { readLot } from '../records/lot.ts';
import { readCertListing } from '../records/listing.ts';
import { readClaim } from '../records/claim.ts';
import { readRevocation } from '../records/revocation.ts';
import { readQuota, readQuotaAccounts, type QuotaOutcome } from '../records/quota.ts';
import { assessQuota } from '../compliance.ts';
import { readIssuance } from '../issue.ts';
import { CertKey, accountCertListingsBase, accountClaimsBase, ownerLotsBase, rootLotsBase } from '../keys.ts';
import { certListingView, claimView, lotView, revocationView, type CertListingView, type ClaimView, type LotView, type RevocationView } from './views.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Most records one list query returns. */
export const MAX_CERT_RESULTS = 500;

/** The certificate rules and where the chain stands. */
export interface CertStatus {
  readonly enabled: boolean;
  readonly renewableSources?: readonly string[];
  readonly compliancePeriods?: number;
  readonly claimGracePeriods?: number;
  readonly finePerMWh?: bigint;
  /** Every delivery period below this has been settled and its certificates issued. */
  readonly issuedBelow?: number;
  /** Every compliance period below this is closed (fines taken); claims and quotas go to it or later. */
  readonly closedBelow?: number;
  readonly currentPeriod?: number;
  readonly currentCompliancePeriod?: number;
  /** The compliance period asked about (a given delivery period's, else the current one). */
  readonly compliance?: { readonly period: number; readonly firstDeliveryPeriod: number; readonly lastDeliveryPeriod: number; readonly closesWhenSettled: number; readonly closed: boolean };
  readonly totals?: CertTotals;
}

/** Status: configuration, cursors, totals, and the compliance period of a delivery period. */
export function getCertStatus(state: StateReader, chain: ChainContext, headTime: number, deliveryPeriod?: number): CertStatus {
  const cfg = readCertConfig(state);
  if (!cfg) return { enabled: false };
  const current = Math.max(0, periodAt(chain, headTime));
  const c = complianceOf(cfg, deliveryPeriod ?? current);
  const r = complianceRange(cfg, c);
  const closedBelow = readComplianceCursor(state);
  return {
    enabled: true, renewableSources: cfg.renewable, compliancePeriods: cfg.compliancePeriods, claimGracePeriods: cfg.claimGracePeriods,
    finePerMWh: cfg.finePerMWh, issuedBelow: readIssueCursor(state), closedBelow, currentPeriod: current, currentCompliancePeriod: complianceOf(cfg, current),
    // It closes in the block that settles delivery period closesAt − 1.
    compliance: { period: c, firstDeliveryPeriod: r.first, lastDeliveryPeriod: r.last, closesWhenSettled: closesAt(cfg, c) - 1, closed: c < closedBelow },
    totals: readCertTotals(state),
  };
}

function lotsOf(state: StateReader, cfg: CertConfig, ids: readonly number[]): LotView[] {
  return ids.slice(-MAX_CERT_RESULTS).map((id) => lotView(readLot(state, id)!, cfg.compliancePeriods));
}

/** Which lots: one by id, an account's, those split off one issued lot, or the one issued to a generator for a period. */
export type LotFilter = { id: number } | { owner: Uint8Array } | { root: number } | { generator: Uint8Array; period: number };

/** Lots by filter, oldest first (the newest MAX_CERT_RESULTS of a long list). */
export function getLots(state: StateReader, f: LotFilter): LotView[] {
  const cfg = readCertConfig(state);
  if (!cfg) return [];
  if ('id' in f) return readLot(state, f.id) ? lotsOf(state, cfg, [f.id]) : [];
  if ('owner' in f) return lotsOf(state, cfg, readListTail(state, ownerLotsBase(f.owner), MAX_CERT_RESULTS));
  if ('root' in f) return lotsOf(state, cfg, readListTail(state, rootLotsBase(f.root), MAX_CERT_RESULTS));
  const root = readIssuance(state, f.period, f.generator);
  return root === undefined ? [] : lotsOf(state, cfg, readList(state, rootLotsBase(root)));
}

/** Certificate listings: an account's, or the newest on the chain; open ones only unless `all`. */
export function getCertListings(state: StateReader, opts: { seller?: Uint8Array; all?: boolean; count?: number }): CertListingView[] {
  const count = Math.min(opts.count ?? 100, MAX_CERT_RESULTS);
  const ids = opts.seller ? readList(state, accountCertListingsBase(opts.seller)).reverse() : [];
  if (!opts.seller) for (let id = peekCertId(state, 'listing') - 1; id >= 1 && ids.length < MAX_CERT_RESULTS * 4; id--) ids.push(id);
  const out: CertListingView[] = [];
  for (const id of ids) {
    const l = readCertListing(state, id)!;
    if (!opts.all && l.status !== 'open') continue;
    out.push(certListingView(state, l));
    if (out.length >= count) break;
  }
  return out.reverse();
}

/** Claims: one by id, or an account's (newest MAX_CERT_RESULTS), oldest first. */
export function getClaims(state: StateReader, f: { id: number } | { account: Uint8Array }): ClaimView[] {
  const ids = 'id' in f ? [f.id] : readListTail(state, accountClaimsBase(f.account), MAX_CERT_RESULTS);
  return ids.map((id) => readClaim(state, id)).filter((c) => c !== undefined).map(claimView);
}

/** The newest revocations, oldest first. */
export function getRevocations(state: StateReader, count: number): RevocationView[] {
  return readListTail(state, CertKey.revocations, Math.min(count, MAX_CERT_RESULTS)).map((id) => revocationView(readRevocation(state, id)!));
}

/** A quota with where it stands: before the close, what closing now would take; after it, what it took. */
export interface QuotaView {
  readonly account: string;
  readonly period: number;
  readonly wh: bigint;
  readonly percent: number;
  readonly consumedWh: bigint;
  readonly requiredWh: bigint;
  readonly claimedWh: bigint;
  readonly shortfallWh: bigint;
  readonly fine: bigint;
  readonly closed: boolean;
  readonly outcome: QuotaOutcome | null;
  readonly setHeight: number;
}

/** The quotas of a compliance period (or one account's), in account order. */
export function getQuotas(state: StateReader, c: number, account?: Uint8Array): QuotaView[] {
  const cfg = readCertConfig(state);
  if (!cfg) return [];
  const ids = account ? [account] : readQuotaAccounts(state, c);
  const out: QuotaView[] = [];
  for (const id of ids) {
    const q = readQuota(state, c, id);
    if (!q) continue;
    const a = q.outcome ?? assessQuota(state, cfg, q);
    out.push({
      account: addressFromBytes(id), period: c, wh: q.wh, percent: q.percent, consumedWh: q.consumed, requiredWh: a.required, claimedWh: a.claimed,
      shortfallWh: a.shortfall, fine: a.fine, closed: q.outcome !== null, outcome: q.outcome, setHeight: q.setHeight,
    });
  }
  return out;
}
