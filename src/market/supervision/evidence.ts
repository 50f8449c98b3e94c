import { accountListingsBase, accountTradesBase, accountViolationsBase } from '../keys.ts';
import { lastOfList } from '../records/lists.ts';
import { readReport, type Report } from '../records/report.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** An account's newest trade and listing ids (0 for none): how far a check's evidence reaches. */
export interface EvidenceMarks {
  readonly lastTrade: number;
  readonly lastListing: number;
}

/** The marks of an account now. */
export function evidenceMarks(state: StateReader, id: Uint8Array): EvidenceMarks {
  return { lastTrade: lastOfList(state, accountTradesBase(id)) ?? 0, lastListing: lastOfList(state, accountListingsBase(id)) ?? 0 };
}

/**
 * The latest confirmed violation whose evidence already covers everything the account
 * has done (no trade or listing since), if any: conduct once judged is not judged again.
 */
export function alreadyRuled(state: StateReader, id: Uint8Array): Report | undefined {
  const last = lastOfList(state, accountViolationsBase(id));
  if (last === undefined) return undefined;
  const r = readReport(state, last)!;
  const now = evidenceMarks(state, id);
  return r.lastTrade === now.lastTrade && r.lastListing === now.lastListing ? r : undefined;
}
