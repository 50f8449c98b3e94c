import { decodeTrusted } from '../chain/codec.ts';
import { SUPPLY_KEY } from '../chain/state/keys.ts';
import { MarketKey } from './keys.ts';
import { decodeTrade } from './records/trade.ts';

/** Every µTES of a state by where it is held, and the minted supply it must add up to. */
export interface Holdings {
  readonly balances: bigint;
  readonly escrow: bigint;
  readonly bonds: bigint;
  readonly pools: bigint;
  readonly total: bigint;
  readonly minted: bigint;
  /** The running totals record (m/tot), to compare with the sums over the records. */
  readonly recordedEscrow: bigint;
  readonly recordedBonds: bigint;
  /** Accounts or bonds with a negative amount (must be none). */
  readonly negatives: readonly string[];
}

/**
 * Sums every µTES in a whole state given as its entries (e.g. a MemoryState's map):
 * account balances (a/), trade escrow (m/t/), bonds (m/b/) and the FTR pool (m/tot).
 * Conservation holds when `total === minted` and the recorded totals match the sums.
 * For tests and audits: it reads every key, which the state transition never does.
 */
export function sumHoldings(entries: Iterable<readonly [string, Uint8Array]>): Holdings {
  let balances = 0n;
  let escrow = 0n;
  let bonds = 0n;
  let pools = 0n;
  let minted = 0n;
  let recordedEscrow = 0n;
  let recordedBonds = 0n;
  const negatives: string[] = [];
  for (const [key, raw] of entries) {
    if (key.startsWith('a/')) {
      const [balance] = decodeTrusted(raw) as [bigint, number];
      if (balance < 0n) negatives.push(key);
      balances += balance;
    } else if (/^m\/t\/\d+$/.test(key)) {
      escrow += decodeTrade(raw).escrow;
    } else if (key.startsWith('m/b/')) {
      const b = decodeTrusted(raw) as bigint;
      if (b < 0n) negatives.push(key);
      bonds += b;
    } else if (key === MarketKey.totals) {
      const [e, b, ftrPool] = decodeTrusted(raw) as [bigint, bigint, bigint];
      recordedEscrow = e;
      recordedBonds = b;
      pools += ftrPool;
    } else if (key === SUPPLY_KEY) {
      minted = decodeTrusted(raw) as bigint;
    }
  }
  return { balances, escrow, bonds, pools, total: balances + escrow + bonds + pools, minted, recordedEscrow, recordedBonds, negatives };
}

/** Throws naming the gap unless the state's holdings add up to its minted supply. */
export function checkConservation(entries: Iterable<readonly [string, Uint8Array]>): Holdings {
  const h = sumHoldings(entries);
  if (h.total !== h.minted) throw new Error(`conservation broken: balances ${h.balances} + escrow ${h.escrow} + bonds ${h.bonds} + pools ${h.pools} = ${h.total}, minted ${h.minted}`);
  if (h.escrow !== h.recordedEscrow || h.bonds !== h.recordedBonds) throw new Error(`market totals drifted: escrow ${h.escrow} vs recorded ${h.recordedEscrow}, bonds ${h.bonds} vs recorded ${h.recordedBonds}`);
  if (h.negatives.length > 0) throw new Error(`negative amounts at ${h.negatives.join(', ')}`);
  return h;
}
