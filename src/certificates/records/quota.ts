import { encode, decodeTrusted, type Encodable } from '../../chain/codec.ts';
import { fromHex, toHex } from '../../chain/bytes.ts';
import { quotaAccountsKey, quotaKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** What closing a compliance period did to one obligated account (published, with the quota). */
export interface QuotaOutcome {
  /** The quota in Wh: as set, or percent × consumption / 100 (floor). */
  readonly required: bigint;
  readonly claimed: bigint;
  readonly shortfall: bigint;
  /** floor(shortfall × finePerMWh / 1,000,000) µTES, and how it was paid. */
  readonly fine: bigint;
  readonly fromBalance: bigint;
  readonly fromBond: bigint;
  readonly unpaid: bigint;
  /** Credit points the shortfall cost (0 without a shortfall). */
  readonly points: number;
  readonly height: number;
}

/**
 * A renewable quota the regulator set for an account and a compliance period: a fixed
 * volume (wh) or a percent of the account's metered consumption in the period. The
 * consumption is summed as the period's delivery periods settle (and back-filled when the
 * quota is set late), so closing the period reads no history.
 */
export interface Quota {
  readonly account: Uint8Array;
  readonly period: number;
  readonly wh: bigint;
  readonly percent: number;
  /** Σ the account's meter readings over the compliance period's delivery periods settled so far, Wh. */
  readonly consumed: bigint;
  /** Delivery periods counted in `consumed` (the next one to add). */
  readonly countedBelow: number;
  readonly setHeight: number;
  readonly outcome: QuotaOutcome | null;
}

function outcomeArray(o: QuotaOutcome | null): Encodable {
  return o ? [o.required, o.claimed, o.shortfall, o.fine, o.fromBalance, o.fromBond, o.unpaid, o.points, o.height] : null;
}

/** Canonical encoding of a quota. */
export function encodeQuota(q: Quota): Uint8Array {
  return encode([q.account, q.period, q.wh, q.percent, q.consumed, q.countedBelow, q.setHeight, outcomeArray(q.outcome)]);
}

/** An account's quota for compliance period c, if the regulator set one. */
export function readQuota(state: StateReader, c: number, id: Uint8Array): Quota | undefined {
  const raw = state.get(quotaKey(c, id));
  if (!raw) return undefined;
  const a = decodeTrusted(raw) as unknown[];
  const o = a[7] as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, number, number] | null;
  return {
    account: a[0] as Uint8Array, period: a[1] as number, wh: a[2] as bigint, percent: a[3] as number, consumed: a[4] as bigint,
    countedBelow: a[5] as number, setHeight: a[6] as number,
    outcome: o ? { required: o[0], claimed: o[1], shortfall: o[2], fine: o[3], fromBalance: o[4], fromBond: o[5], unpaid: o[6], points: o[7], height: o[8] } : null,
  };
}

/** Writes a quota. */
export function writeQuota(state: Overlay, q: Quota): void {
  state.set(quotaKey(q.period, q.account), encodeQuota(q));
}

/** Removes a quota (the regulator set it to nothing before the period closed). */
export function deleteQuota(state: Overlay, c: number, id: Uint8Array): void {
  state.delete(quotaKey(c, id));
}

/** Ids of the accounts with a quota for compliance period c, in ascending hex order. */
export function readQuotaAccounts(state: StateReader, c: number): Uint8Array[] {
  const raw = state.get(quotaAccountsKey(c));
  return raw ? (decodeTrusted(raw) as Uint8Array[]) : [];
}

/** Adds (present) or removes (absent) an account in the sorted list of a compliance period's obligated accounts. */
export function setQuotaAccount(state: Overlay, c: number, id: Uint8Array, present: boolean): void {
  const hexes = new Set(readQuotaAccounts(state, c).map(toHex));
  if (present) hexes.add(toHex(id));
  else hexes.delete(toHex(id));
  const sorted = [...hexes].sort();
  if (sorted.length === 0) state.delete(quotaAccountsKey(c));
  else state.set(quotaAccountsKey(c), encode(sorted.map((h) => fromHex(h))));
}
