import { expect } from 'vitest';
import { getDepth, readBookSide, type BookStore, type Side, type Venue } from '../../../src/exchange/engine/index.ts';

/**
 * The book records agree with each other: each tops entry is its book's best price,
 * each level's total and count are its orders', and every FIFO is linked both ways.
 * `regions` lists every region the test may have used (tops must name exactly the
 * non-empty books among them).
 */
export function expectStoreConsistent(store: BookStore, period: number, venue: Venue, regions: readonly string[]): void {
  for (const side of ['buy', 'sell'] as Side[]) {
    const tops = store.get('tops', `${period}/${venue}/${side}`) ?? [];
    const nonEmpty = regions.filter((r) => getDepth(store, period, venue, side, r, 1).length > 0).sort();
    expect(tops.map((t) => t.region)).toEqual(nonEmpty);
    for (const t of tops) {
      const [best] = getDepth(store, period, venue, side, t.region, 1);
      expect(side === 'sell' ? t.best : -t.best).toBe(best!.price);
    }
    for (const region of nonEmpty) {
      const orders = readBookSide(store, period, venue, side, region);
      for (const level of getDepth(store, period, venue, side, region, Infinity)) {
        const at = orders.filter((o) => o.price === level.price);
        expect(level.orders).toBe(at.length);
        expect(level.wh).toBe(at.reduce((s, o) => s + o.rest, 0n));
        const rec = store.get('level', `${period}/${venue}/${side}/${region}/${level.price}`)!;
        expect([rec.head, rec.tail]).toEqual([at[0]!.id, at.at(-1)!.id]);
        at.forEach((o, i) => {
          const r = store.get('order', String(o.id))!;
          expect([r.prev, r.next]).toEqual([i === 0 ? 0 : at[i - 1]!.id, i === at.length - 1 ? 0 : at[i + 1]!.id]);
        });
      }
    }
  }
}
