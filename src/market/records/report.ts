import { encode, decodeTrusted } from '../../chain/codec.ts';
import { MarketKey, openReportKey, reportKey } from '../keys.ts';
import type { Indicators } from '../supervision/indicators.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Lifecycle of a report: filed, then confirmed or dismissed by the regulator. */
export type ReportStatus = 'open' | 'confirmed' | 'dismissed';

/** A report of a suspected violation, with the check's result as the chain computed it when filed. */
export interface Report {
  readonly id: number;
  readonly account: Uint8Array;
  readonly reporter: Uint8Array;
  readonly height: number;
  readonly period: number;
  readonly note: string;
  readonly indicators: Indicators;
  readonly flags: number;
  readonly score: number;
  readonly status: ReportStatus;
  /** The ruling: its height and reason, the µTES taken from the bond and the credit points (0 before, and when dismissed). */
  readonly rulingHeight: number;
  readonly rulingReason: string;
  readonly bondTaken: bigint;
  readonly points: number;
  /** The account's newest trade and listing ids when the report was filed (0 for none): what the evidence covers. */
  readonly lastTrade: number;
  readonly lastListing: number;
}

function indicatorsArray(i: Indicators): (number | Uint8Array | null)[] {
  return [i.trades, i.settled, i.listings, i.wash, i.washTrades, i.washCounterparty, i.cancel, i.price, i.failure, i.concentration];
}

/** Canonical encoding of a report. */
export function encodeReport(r: Report): Uint8Array {
  return encode([
    r.id, r.account, r.reporter, r.height, r.period, r.note, indicatorsArray(r.indicators), r.flags, r.score, r.status,
    r.rulingHeight, r.rulingReason, r.bondTaken, r.points, r.lastTrade, r.lastListing,
  ]);
}

/** A report by id, if it exists. */
export function readReport(state: StateReader, id: number): Report | undefined {
  const raw = state.get(reportKey(id));
  if (!raw) return undefined;
  const a = decodeTrusted(raw) as unknown[];
  const i = a[6] as [number, number, number, number, number, Uint8Array | null, number, number, number, number];
  return {
    id: a[0] as number, account: a[1] as Uint8Array, reporter: a[2] as Uint8Array, height: a[3] as number, period: a[4] as number,
    note: a[5] as string,
    indicators: { trades: i[0], settled: i[1], listings: i[2], wash: i[3], washTrades: i[4], washCounterparty: i[5], cancel: i[6], price: i[7], failure: i[8], concentration: i[9] },
    flags: a[7] as number, score: a[8] as number, status: a[9] as ReportStatus, rulingHeight: a[10] as number,
    rulingReason: a[11] as string, bondTaken: a[12] as bigint, points: a[13] as number, lastTrade: a[14] as number,
    lastListing: a[15] as number,
  };
}

/** Writes a report. */
export function writeReport(state: Overlay, r: Report): void {
  state.set(reportKey(r.id), encodeReport(r));
}

/** Number of reports ever filed (ids are 1..count). */
export function reportCount(state: StateReader): number {
  const raw = state.get(MarketKey.reportSequence);
  return raw ? (decodeTrusted(raw) as number) - 1 : 0;
}

/** Allocates the next report id. */
export function nextReportId(state: Overlay): number {
  const id = reportCount(state) + 1;
  state.set(MarketKey.reportSequence, encode(id + 1));
  return id;
}

/** The id of the open report on an account, if any. */
export function readOpenReport(state: StateReader, account: Uint8Array): number | undefined {
  const raw = state.get(openReportKey(account));
  return raw ? (decodeTrusted(raw) as number) : undefined;
}

/** Marks (id) or clears (undefined) the open report on an account. */
export function writeOpenReport(state: Overlay, account: Uint8Array, id: number | undefined): void {
  if (id === undefined) state.delete(openReportKey(account));
  else state.set(openReportKey(account), encode(id));
}
