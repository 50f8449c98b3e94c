import { addressFromBytes } from '../../chain/address.ts';
import { MarketKey, accountViolationsBase } from '../keys.ts';
import { readList } from '../records/lists.ts';
import { readReport, reportCount, type Report, type ReportStatus } from '../records/report.ts';
import { checkAccount } from '../supervision/check.ts';
import { CLASSIFIER, type Verdict } from '../supervision/classifier.ts';
import { accountId, type AccountRef } from './views.ts';
import { alreadyRuled } from '../supervision/evidence.ts';
import { readOpenReport } from '../records/report.ts';
import { readParticipant } from '../records/participant.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** The indicators with addresses as text. */
export interface IndicatorsView {
  readonly trades: number;
  readonly settled: number;
  readonly listings: number;
  readonly wash: number;
  readonly washTrades: number;
  readonly washCounterparty: string | null;
  readonly cancel: number;
  readonly price: number;
  readonly failure: number;
  readonly concentration: number;
}

/** What `market_check` returns: the indicators, the classifier's verdict, and what to file. */
export interface CheckView {
  readonly address: string;
  readonly indicators: IndicatorsView;
  readonly flags: number;
  readonly score: number;
  readonly verdict: Verdict;
  readonly reasons: string[];
  /** The classifier's table (weights, thresholds ‰, smallest samples). */
  readonly classifier: typeof CLASSIFIER;
  /**
   * Whether a report with this result would be accepted now: a registered account, a
   * verdict other than clean, no open report, and something done since its last confirmed
   * violation. `openReport` / `ruledBy` name what stands in the way.
   */
  readonly reportable: boolean;
  readonly openReport: number | null;
  readonly ruledBy: number | null;
}

/** A report as queries show it. */
export interface ReportView {
  readonly id: number;
  readonly account: string;
  readonly reporter: string;
  readonly height: number;
  readonly period: number;
  readonly note: string;
  readonly indicators: IndicatorsView;
  readonly flags: number;
  readonly score: number;
  readonly status: ReportStatus;
  readonly rulingHeight: number;
  readonly rulingReason: string;
  readonly bondTaken: bigint;
  readonly points: number;
}

function indicatorsView(i: Report['indicators']): IndicatorsView {
  return { ...i, washCounterparty: i.washCounterparty ? addressFromBytes(i.washCounterparty) : null };
}

function reportView(r: Report): ReportView {
  return { ...r, account: addressFromBytes(r.account), reporter: addressFromBytes(r.reporter), indicators: indicatorsView(r.indicators) };
}

/** Runs the violation check (docs/credit.md#supervision) on an account over the given state. */
export function getCheck(state: StateReader, account: AccountRef): CheckView {
  const id = accountId(account);
  const r = checkAccount(state, id);
  const open = readOpenReport(state, id) ?? null;
  const ruled = alreadyRuled(state, id)?.id ?? null;
  return {
    address: addressFromBytes(id), indicators: indicatorsView(r.indicators), flags: r.flags, score: r.score, verdict: r.verdict,
    reasons: r.reasons, classifier: CLASSIFIER, openReport: open, ruledBy: ruled,
    reportable: r.verdict !== 'clean' && open === null && ruled === null && readParticipant(state, id) !== undefined,
  };
}

/** A report by id, or undefined. */
export function getReport(state: StateReader, id: number): ReportView | undefined {
  const r = readReport(state, id);
  return r ? reportView(r) : undefined;
}

/** Reports, newest first, optionally only those of one status, at most `limit`. */
export function getReports(state: StateReader, opts: { status?: ReportStatus; limit?: number } = {}): ReportView[] {
  const out: ReportView[] = [];
  const limit = opts.limit ?? 100;
  for (let id = reportCount(state); id >= 1 && out.length < limit; id--) {
    const r = readReport(state, id)!;
    if (!opts.status || r.status === opts.status) out.push(reportView(r));
  }
  return out;
}

/** Confirmed violations (published rulings), oldest first: all of them, or one account's. */
export function getViolations(state: StateReader, account?: AccountRef): ReportView[] {
  const ids = account === undefined ? readList(state, MarketKey.violations) : readList(state, accountViolationsBase(accountId(account)));
  return ids.map((id) => reportView(readReport(state, id)!));
}
