import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LADDER_CHUNK, LadderCursor, ladderFirst, ladderInsert, ladderRemove } from '../../../src/exchange/engine/ladder.ts';
import { MemoryBookStore } from '../../../src/exchange/engine/index.ts';

function keysOf(store: MemoryBookStore, book: string): bigint[] {
  const out: bigint[] = [];
  for (const c = new LadderCursor(store, book); c.key !== undefined; c.advance()) out.push(c.key);
  return out;
}

describe('price ladder', () => {
  it('keeps keys sorted through random inserts and removals, splitting and merging chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -400, max: 400 })), { minLength: 1, maxLength: 1500, size: 'max' }), (steps) => {
        const store = new MemoryBookStore();
        const model = new Set<bigint>();
        for (const [insert, n] of steps) {
          const key = BigInt(n);
          if (insert && !model.has(key)) {
            expect(ladderInsert(store, 'b', key)).toBe(model.size === 0);
            model.add(key);
          } else if (!insert && model.has(key)) {
            model.delete(key);
            expect(ladderRemove(store, 'b', key)).toBe(model.size === 0);
          }
          const sorted = [...model].sort((a, b) => (a < b ? -1 : 1));
          expect(ladderFirst(store, 'b')).toBe(sorted[0]);
        }
        const sorted = [...model].sort((a, b) => (a < b ? -1 : 1));
        expect(keysOf(store, 'b')).toEqual(sorted);
        // No chunk overflows, and a small chunk (under a quarter full) is never next to
        // another small one, so there are at most about n/8 chunks for n keys.
        const dir = store.get('ladder', 'b');
        if (dir) {
          const sizes = dir.chunks.map((id) => store.get('chunk', `b/${id}`)!.length);
          for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1]! >= LADDER_CHUNK / 4 || sizes[i]! >= LADDER_CHUNK / 4).toBe(true);
          expect(dir.chunks.length).toBeLessThanOrEqual(Math.ceil((model.size * 8) / LADDER_CHUNK) + 1);
          for (const id of dir.chunks) expect(store.get('chunk', `b/${id}`)!.length).toBeLessThanOrEqual(LADDER_CHUNK);
        }
        // Removing every key leaves no record behind.
        for (const k of sorted) ladderRemove(store, 'b', k);
        expect(store.counts()).toMatchObject({ ladder: 0, chunk: 0 });
      }),
      { seed: 0x1add3, numRuns: 120 },
    );
  });
});
