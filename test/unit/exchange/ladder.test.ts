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
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -200, max: 200 })), { minLength: 1, maxLength: 300, size: 'max' }), (steps) => {
        const store = new MemoryBookStore();
        const model = new Set<bigint>();
        const least = () => {
          let m: bigint | undefined;
          for (const k of model) if (m === undefined || k < m) m = k;
          return m;
        };
        for (const [insert, n] of steps) {
          const key = BigInt(n);
          const before = least();
          // Each change reports the new smallest key when it changed (null: now empty).
          if (insert && !model.has(key)) {
            model.add(key);
            const change = ladderInsert(store, 'b', key);
            if (change !== (before === undefined || key < before ? key : undefined)) expect(change).toBe(key);
          } else if (!insert && model.has(key)) {
            model.delete(key);
            const change = ladderRemove(store, 'b', key);
            const want = model.size === 0 ? null : key === before ? least() : undefined;
            if (change !== want) expect(change).toBe(want);
          }
          if (ladderFirst(store, 'b') !== least()) expect(ladderFirst(store, 'b')).toBe(least());
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
      { seed: 0x1add3, numRuns: 200 },
    );
  });

  // Random steps rarely empty a chunk whose neighbours are both full; build that case.
  for (const emptied of [0, 2]) {
    it(`routes keys correctly after chunk ${emptied}, between full chunks, empties`, () => {
      const store = new MemoryBookStore();
      const model = new Set<bigint>();
      const insert = (k: bigint) => {
        ladderInsert(store, 'b', k);
        model.add(k);
      };
      for (let k = 0n; k < 200n; k++) insert(k * 1000n);
      const chunkKeys = (i: number) => store.get('chunk', `b/${store.get('ladder', 'b')!.chunks[i]!}`)!;
      // Fill the neighbours of the chunk to empty up to LADDER_CHUNK keys.
      for (const n of [emptied - 1, emptied + 1]) {
        if (n < 0) continue;
        const base = chunkKeys(n)[0]!;
        for (let j = 1n; chunkKeys(n).length < LADDER_CHUNK && j < 200n; j++) insert(base + j);
        expect(chunkKeys(n).length).toBe(LADDER_CHUNK);
      }
      const chunksBefore = store.get('ladder', 'b')!.chunks.length;
      for (const k of [...chunkKeys(emptied)]) {
        ladderRemove(store, 'b', k);
        model.delete(k);
      }
      expect(store.get('ladder', 'b')!.chunks.length).toBe(chunksBefore - 1);
      // New keys in the emptied range, and around it, must land in order.
      for (const k of [-5n, 1n, 2_500n, 2_999n, 65_001n, 96_500n, 130_777n]) insert(k);
      const sorted = [...model].sort((a, b) => (a < b ? -1 : 1));
      expect(keysOf(store, 'b')).toEqual(sorted);
      expect(ladderFirst(store, 'b')).toBe(sorted[0]);
      for (const k of sorted) ladderRemove(store, 'b', k);
      expect(store.counts()).toMatchObject({ ladder: 0, chunk: 0 });
    });
  }
});
