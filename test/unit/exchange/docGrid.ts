import type { FeeSchedule } from '../../../src/exchange/engine/index.ts';

/**
 * The grid of the examples in docs/exchange.md, the dev chain's: north — central —
 * south in a line, stamps 8,000, 5,000 and 12,000 µTES/kWh. A route's stamp sum counts
 * every region on it, both ends included.
 */
export const STAMP: Record<string, bigint> = { north: 8_000n, central: 5_000n, south: 12_000n };
const LINE = ['north', 'central', 'south'];

/** The route from one region to another along the line, ends included. */
export function route(from: string, to: string): string[] {
  const a = LINE.indexOf(from);
  const b = LINE.indexOf(to);
  return a <= b ? LINE.slice(a, b + 1) : LINE.slice(b, a + 1).reverse();
}

export const docGrid: FeeSchedule = {
  stampSum: (from, to) => (LINE.includes(from) && LINE.includes(to) ? route(from, to).reduce((s, r) => s + STAMP[r]!, 0n) : null),
};

/** What the buyer pays for `wh` at `price`: floor(q·p/1000) plus floor(q·stamp/1000) for each region on the route. */
export function buyerPays(wh: bigint, price: bigint, from: string, to: string): bigint {
  return (wh * price) / 1000n + route(from, to).reduce((s, r) => s + (wh * STAMP[r]!) / 1000n, 0n);
}
