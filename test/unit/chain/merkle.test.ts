import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { merkleRoot } from '../../../src/chain/merkle.ts';
import { toHex } from '../../../src/chain/bytes.ts';

const SEED = 0x3e4;
// An independent SHA-256 over tagged parts, so the expected roots do not reuse merkle.ts.
const H = (...parts: Array<number[] | Uint8Array>): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(Uint8Array.from(p));
  return new Uint8Array(h.digest());
};
const leaf = (x: Uint8Array) => H([0], x);
const node = (l: Uint8Array, r: Uint8Array) => H([1], l, r);
const L = (i: number) => new Uint8Array(32).fill(i);

describe('merkleRoot', () => {
  it('of no transactions is SHA-256 of the leaf tag', () => {
    expect(toHex(merkleRoot([]))).toBe(toHex(H([0])));
    expect(toHex(merkleRoot([]))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('of one transaction is its tagged leaf hash (never the bare transaction hash)', () => {
    expect(toHex(merkleRoot([L(1)]))).toBe(toHex(leaf(L(1))));
    expect(toHex(merkleRoot([L(1)]))).not.toBe(toHex(L(1)));
  });

  it('pairs leaves with the node tag and carries an odd node up unpaired', () => {
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map((i) => leaf(L(i))) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expect(toHex(merkleRoot([L(1), L(2)]))).toBe(toHex(node(a, b)));
    expect(toHex(merkleRoot([L(1), L(2), L(3)]))).toBe(toHex(node(node(a, b), c)));
    expect(toHex(merkleRoot([L(1), L(2), L(3), L(4)]))).toBe(toHex(node(node(a, b), node(c, d))));
    expect(toHex(merkleRoot([L(1), L(2), L(3), L(4), L(5)]))).toBe(toHex(node(node(node(a, b), node(c, d)), e)));
  });

  it('depends on the order of the transactions', () => {
    expect(toHex(merkleRoot([L(1), L(2)]))).not.toBe(toHex(merkleRoot([L(2), L(1)])));
    expect(toHex(merkleRoot([L(1), L(2), L(3)]))).not.toBe(toHex(merkleRoot([L(1), L(3), L(2)])));
  });

  it('does not let a duplicated last transaction share the root (CVE-2012-2459)', () => {
    expect(toHex(merkleRoot([L(1), L(2), L(3)]))).not.toBe(toHex(merkleRoot([L(1), L(2), L(3), L(3)])));
    expect(toHex(merkleRoot([L(1)]))).not.toBe(toHex(merkleRoot([L(1), L(1)])));
  });

  it('does not let an inner node pass as a leaf (second preimage across levels)', () => {
    const inner = node(leaf(L(1)), leaf(L(2)));
    expect(toHex(merkleRoot([inner]))).not.toBe(toHex(merkleRoot([L(1), L(2)])));
  });

  it('gives different roots to different lists (sample of lists over a small alphabet, with repeats)', () => {
    const alphabet = [L(1), L(2), L(3), inner()];
    function inner() {
      return node(leaf(L(1)), leaf(L(2)));
    }
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: alphabet.length - 1 }), { maxLength: 9 }), (idx) => {
        const list = idx.join(',');
        const root = toHex(merkleRoot(idx.map((i) => alphabet[i]!)));
        const other = seen.get(root);
        if (other !== undefined) expect(other).toBe(list);
        seen.set(root, list);
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(seen.size).toBeGreaterThan(1000);
  });
});
