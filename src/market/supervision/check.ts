import { computeIndicators, type Indicators } from './indicators.ts';
import { classify, type Classification } from './classifier.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** The result of a violation check: the indicators and the classifier's verdict over them. */
export interface CheckResult extends Classification {
  readonly indicators: Indicators;
}

/**
 * The violation check (docs/credit.md#supervision) on one account, deterministic from the state: what
 * `market_check` shows, what a report must carry, and what the chain recomputes when the
 * report is filed.
 */
export function checkAccount(state: StateReader, id: Uint8Array): CheckResult {
  const indicators = computeIndicators(state, id);
  return { indicators, ...classify(indicators) };
}
