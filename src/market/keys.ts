import { toHex } from '../chain/bytes.ts';

/**
 * State key layout of the market. Every market key starts with `m/`, a namespace of its
 * own beside the chain's a/ c/ r/ x/. The state is a flat map without prefix scans, so
 * every collection the rules iterate has an explicit index record (a chunked list, see
 * records/lists.ts), and iteration follows the order of that index.
 *
 *   m/cfg                 market configuration (bond table, gate closure, meter window…)
 *   m/net                 regions (stamp rate, fee account) and the links between them
 *   m/res                 the reserve account and its unit costs a, a'
 *   m/seq                 id counters [next listing id, next trade id]
 *   m/set                 settlement cursor: the lowest period not yet settled
 *   m/pend                sorted periods that hold listings and still await settlement
 *   m/tot                 running totals [escrow, bonds, FTR pool] (µTES)
 *   m/p/<id>              participant record
 *   m/b/<id>              performance bond (µTES)
 *   m/l/<n>               listing n
 *   m/t/<n>               trade n
 *   m/pl/<k>/…            ids of the listings of period k (chunked list)
 *   m/pt/<k>/…            ids of the trades of period k (chunked list)
 *   m/at/<id>/…           ids of the trades of an account (chunked list)
 *   m/r/<k>/<id>          meter reading of an account for period k (Wh)
 *   m/f/<id>/<k>/<a>/<b>  financial transmission right of a buyer, period k, route a→b
 *   m/ra/<id>             ratings received [count, sum]
 *   m/pen/<id>            penalties [count, µTES taken from the bond, µTES left unpaid]
 *
 * Credit, supervision and membership (docs/credit.md):
 *   m/ccfg                credit parameters (only when the genesis states them)
 *   m/cyc                 agency-cycle cursor: the next cycle whose end is still to run
 *   m/mn                  number of members (accounts ever approved)
 *   m/mi/<n>              id of member n (1-based, in order of first approval)
 *   m/mk/<id>             member number of an account
 *   m/cr/<id>             credit record (score parts, activity, penalties, external score)
 *   m/ch/<id>             credit history: the last changes of the score
 *   m/al/<id>/…           ids of the listings of an account (chunked list)
 *   m/pv/<k>              volume of period k's trades [Σ Wh, Σ Wh·price] as decimal strings
 *   m/rseq                next report id
 *   m/rep/<n>             report n with the check's result and the ruling
 *   m/rp/<id>             id of the open report on an account
 *   m/vl/…                ids of confirmed reports, in order of ruling (chunked list)
 *   m/av/<id>/…           ids of the confirmed reports on an account (chunked list)
 *   m/ban/<docHash>       a banned identity commitment [account, height, reason]
 */
export const MarketKey = {
  config: 'm/cfg',
  network: 'm/net',
  reserve: 'm/res',
  sequence: 'm/seq',
  settleCursor: 'm/set',
  pending: 'm/pend',
  totals: 'm/tot',
  creditConfig: 'm/ccfg',
  cycle: 'm/cyc',
  members: 'm/mn',
  reportSequence: 'm/rseq',
  violations: 'm/vl',
} as const;

/** Participant record of an account. */
export const participantKey = (id: Uint8Array): string => `m/p/${toHex(id)}`;
/** Bond of an account. */
export const bondKey = (id: Uint8Array): string => `m/b/${toHex(id)}`;
/** Listing record. */
export const listingKey = (n: number): string => `m/l/${n}`;
/** Trade record. */
export const tradeKey = (n: number): string => `m/t/${n}`;
/** Base of the list of listing ids of a period. */
export const periodListingsBase = (k: number): string => `m/pl/${k}`;
/** Base of the list of trade ids of a period. */
export const periodTradesBase = (k: number): string => `m/pt/${k}`;
/** Base of the list of trade ids of an account. */
export const accountTradesBase = (id: Uint8Array): string => `m/at/${toHex(id)}`;
/** Meter reading of an account for a period. */
export const readingKey = (k: number, id: Uint8Array): string => `m/r/${k}/${toHex(id)}`;
/** Financial transmission right of a buyer for a period and route. */
export const ftrKey = (id: Uint8Array, k: number, from: string, to: string): string => `m/f/${toHex(id)}/${k}/${from}/${to}`;
/** Aggregate of the ratings an account received. */
export const ratingsKey = (id: Uint8Array): string => `m/ra/${toHex(id)}`;
/** Penalty record of an account. */
export const penaltyKey = (id: Uint8Array): string => `m/pen/${toHex(id)}`;
/** Member number n → account id. */
export const memberKey = (n: number): string => `m/mi/${n}`;
/** Account id → member number. */
export const memberNumberKey = (id: Uint8Array): string => `m/mk/${toHex(id)}`;
/** Credit record of an account (the market's full record; `c/<id>` holds only the score). */
export const creditRecordKey = (id: Uint8Array): string => `m/cr/${toHex(id)}`;
/** Credit history of an account. */
export const creditHistoryKey = (id: Uint8Array): string => `m/ch/${toHex(id)}`;
/** Base of the list of listing ids of an account. */
export const accountListingsBase = (id: Uint8Array): string => `m/al/${toHex(id)}`;
/** Traded volume of a period. */
export const periodVolumeKey = (k: number): string => `m/pv/${k}`;
/** Report record. */
export const reportKey = (n: number): string => `m/rep/${n}`;
/** The open report on an account. */
export const openReportKey = (id: Uint8Array): string => `m/rp/${toHex(id)}`;
/** Base of the list of confirmed reports on an account. */
export const accountViolationsBase = (id: Uint8Array): string => `m/av/${toHex(id)}`;
/** Ban of an identity commitment (the registration's document hash). */
export const banKey = (docHash: Uint8Array): string => `m/ban/${toHex(docHash)}`;
