import { toHex } from '../../chain/bytes.ts';
import { readReading } from '../records/readings.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { Trade } from '../types.ts';

/**
 * Shares each party's meter reading for period k across its trades of that period in
 * proportion to their executed quantities (docs/protocol/market.md). For a party with executed trades
 * q_1…q_n (Q = Σq_i) and reading R, trade i first gets floor(R·q_i / Q); the Wh the
 * floors leave over (fewer than n) go one each to the trades with the largest dropped
 * fractions, ties to the lower trade id (largest-remainder method). So the shares sum to
 * R exactly, and every share lies on the same side of its q_i as R lies of Q: no party
 * is charged for over- and under-delivery at once. Returns trade id → share (Wh).
 */
export function shareReadings(state: StateReader, k: number, trades: readonly Trade[], side: 'buyer' | 'seller'): Map<number, bigint> {
  const byParty = new Map<string, { id: Uint8Array; trades: Trade[] }>();
  for (const t of trades) {
    if (t.wh - t.curtailed === 0n) continue;
    const id = side === 'buyer' ? t.buyer : t.seller;
    const key = toHex(id);
    const entry = byParty.get(key) ?? byParty.set(key, { id, trades: [] }).get(key)!;
    entry.trades.push(t);
  }
  const out = new Map<number, bigint>();
  for (const key of [...byParty.keys()].sort()) {
    const { id, trades: mine } = byParty.get(key)!;
    const reading = readReading(state, k, id);
    let total = 0n;
    for (const t of mine) total += t.wh - t.curtailed;
    const parts = mine.map((t) => {
      const exact = reading * (t.wh - t.curtailed);
      return { id: t.id, share: exact / total, frac: exact % total };
    });
    let left = reading;
    for (const p of parts) left -= p.share;
    const order = [...parts].sort((a, b) => (a.frac !== b.frac ? (a.frac > b.frac ? -1 : 1) : a.id - b.id));
    for (let i = 0; left > 0n; i++, left--) order[i]!.share += 1n;
    for (const p of parts) out.set(p.id, p.share);
  }
  return out;
}
