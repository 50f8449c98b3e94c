import { readRatings } from '../records/readings.ts';
import { readCreditConfig } from './config.ts';
import { computeScore } from './score.ts';
import { EMPTY_CREDIT, readCreditRecord, type CreditRecord } from './record.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/**
 * An account's credit record, or for one that has none yet the record the formula gives
 * it from scratch (a newcomer: 500 with the default prior), as of `period`.
 */
export function creditRecordOrFresh(state: StateReader, id: Uint8Array, period: number): CreditRecord {
  const rec = readCreditRecord(state, id);
  if (rec) return rec;
  const r = readRatings(state, id);
  const parts = computeScore(readCreditConfig(state), { ratingsCount: r.count, ratingsSum: r.sum, activity: 0n, penalty: 0n, external: null });
  return { ...EMPTY_CREDIT, ...parts, asOfPeriod: period };
}
