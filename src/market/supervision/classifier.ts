import { addressFromBytes } from '../../chain/address.ts';
import type { Indicators } from './indicators.ts';

/**
 * The violation classifier (docs/credit.md#supervision): a fixed table of integer weights and thresholds over
 * the indicators. An indicator counts when its sample is large enough and its value is at
 * or over its threshold; the score is the sum of the weights of the indicators that
 * count (0..100). Part of consensus: a report carries the score and flags, and the chain
 * recomputes them.
 */

/** The indicators the classifier reads, in flag-bit order. */
export const CHECKED = ['wash', 'cancel', 'failure', 'price', 'concentration'] as const;
/** One of them. */
export type CheckedIndicator = (typeof CHECKED)[number];

/** Weight, threshold (‰) and smallest sample of one indicator. */
export interface ClassifierRule {
  readonly indicator: CheckedIndicator;
  readonly weight: number;
  readonly threshold: number;
  readonly minSample: number;
}

/** The classifier's table; bit i of `flags` is rule i. Weights add up to 100. */
export const CLASSIFIER: readonly ClassifierRule[] = [
  { indicator: 'wash', weight: 35, threshold: 600, minSample: 5 },
  { indicator: 'cancel', weight: 25, threshold: 700, minSample: 5 },
  { indicator: 'failure', weight: 25, threshold: 300, minSample: 3 },
  { indicator: 'price', weight: 10, threshold: 300, minSample: 5 },
  { indicator: 'concentration', weight: 5, threshold: 900, minSample: 5 },
];

/** Score at or over which the verdict is 'violation'; 'suspicious' from SUSPICIOUS_SCORE. */
export const VIOLATION_SCORE = 25;
/** Lowest score of a 'suspicious' verdict, and the lowest a report may carry. */
export const SUSPICIOUS_SCORE = 10;

/** The classifier's verdict. */
export type Verdict = 'clean' | 'suspicious' | 'violation';

/** The classification of a set of indicators. */
export interface Classification {
  readonly flags: number;
  readonly score: number;
  readonly verdict: Verdict;
  /** One line per indicator that counts, naming its value, threshold and sample. */
  readonly reasons: string[];
}

function sampleOf(ind: Indicators, rule: ClassifierRule): number {
  switch (rule.indicator) {
    case 'wash':
      return ind.washTrades;
    case 'cancel':
      return ind.listings;
    case 'failure':
      return ind.settled;
    default:
      return ind.trades;
  }
}

function describe(ind: Indicators, rule: ClassifierRule): string {
  const v = ind[rule.indicator];
  const t = `${v}‰ ≥ ${rule.threshold}‰`;
  switch (rule.indicator) {
    case 'wash':
      return `wash trades: ${t} — trades mostly with ${ind.washCounterparty ? addressFromBytes(ind.washCounterparty) : '?'} and the two rate each other 5 (${ind.washTrades} trades)`;
    case 'cancel':
      return `spoofing: cancel-to-fill ${t} over its last ${ind.listings} listings (listed, then cancelled before anyone picked)`;
    case 'failure':
      return `non-delivery: ${t} of its executed energy was not delivered or taken, over ${ind.settled} settled trades`;
    case 'price':
      return `off-market prices: ${t} from the periods' volume-weighted prices, over ${ind.trades} trades`;
    case 'concentration':
      return `concentration: ${t} of its volume with one counterparty, over ${ind.trades} trades`;
  }
}

/** Classifies a set of indicators. */
export function classify(ind: Indicators): Classification {
  let flags = 0;
  let score = 0;
  const reasons: string[] = [];
  CLASSIFIER.forEach((rule, bit) => {
    if (sampleOf(ind, rule) < rule.minSample || ind[rule.indicator] < rule.threshold) return;
    flags |= 1 << bit;
    score += rule.weight;
    reasons.push(describe(ind, rule));
  });
  const verdict: Verdict = score >= VIOLATION_SCORE ? 'violation' : score >= SUSPICIOUS_SCORE ? 'suspicious' : 'clean';
  if (reasons.length === 0) reasons.push('no indicator reaches its threshold');
  return { flags, score, verdict, reasons };
}
