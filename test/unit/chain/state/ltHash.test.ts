import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shake128 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { LTHASH_BYTES, LTHASH_LANES, LtHash, encodeElement } from '../../../../src/chain/state/ltHash.ts';

const SEED = 0x7e5;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// Independent re-implementation of the documented element encoding, so the
// tests pin the format rather than trusting encodeElement.
function specEncoding(key: string, value: Uint8Array): Uint8Array {
  const k = new TextEncoder().encode(key);
  const out = new Uint8Array(16 + 4 + k.length + 4 + value.length);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode('tesnode/state/v1'), 0);
  dv.setUint32(16, k.length, false);
  out.set(k, 20);
  dv.setUint32(20 + k.length, value.length, false);
  out.set(value, 24 + k.length);
  return out;
}

// Reference accumulator with the other XOF implementation (@noble/hashes) and
// explicit little-endian lane arithmetic.
function referenceRoot(entries: Iterable<[string, Uint8Array]>): Uint8Array {
  const acc = new Array<number>(LTHASH_LANES).fill(0);
  for (const [k, v] of entries) {
    const e = shake128(specEncoding(k, v), { dkLen: LTHASH_BYTES });
    const dv = new DataView(e.buffer, e.byteOffset, e.byteLength);
    for (let i = 0; i < LTHASH_LANES; i++) acc[i] = (acc[i]! + dv.getUint16(2 * i, true)) % 65536;
  }
  const out = new Uint8Array(LTHASH_BYTES);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < LTHASH_LANES; i++) dv.setUint16(2 * i, acc[i]!, true);
  return sha256(out);
}

function build(entries: Iterable<readonly [string, Uint8Array]>): LtHash {
  const h = LtHash.empty();
  for (const [k, v] of entries) h.add(k, v);
  return h;
}

const keyArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('a/', 'p/x', 'a/' + '00'.repeat(20)),
);
const valueArb = fc.uint8Array({ maxLength: 64 });

const GOLDEN_ELEMENTS: [string, Uint8Array][] = [
  ['a/' + '00'.repeat(20), bytes(0x81, 0xa1, 0x62, 0x01)],
  ['a/' + 'ff'.repeat(20), bytes(0x92, 0x01, 0x02)],
  ['p/x', new Uint8Array(0)],
];
const GOLDEN_ROOT = 'eed6e53b8b2fbc95b4b754876697e009794c89ba7a0eb4efeb15b0e1b1c6ff67';
const EMPTY_ROOT = 'e5a00aa9991ac8a5ee3109844d84a55583bd20572ad3ffcd42792f3c36b183ad';

describe('LtHash', () => {
  it('has 2048-byte accumulators and a 32-byte root', () => {
    expect(LTHASH_BYTES).toBe(2048);
    expect(LtHash.empty().toBytes()).toHaveLength(2048);
    expect(LtHash.empty().root()).toHaveLength(32);
  });

  it('empty root is SHA-256 of 2048 zero bytes', () => {
    const r = LtHash.empty().root();
    expect(hex(r)).toBe(hex(sha256(new Uint8Array(2048))));
    expect(hex(r)).toBe(EMPTY_ROOT);
  });

  it('golden vector: three fixed elements', () => {
    const h = build(GOLDEN_ELEMENTS);
    expect(hex(h.root())).toBe(GOLDEN_ROOT);
    // Cross-check with @noble/hashes SHAKE128 and an independent encoder.
    expect(hex(referenceRoot(GOLDEN_ELEMENTS))).toBe(GOLDEN_ROOT);
  });

  it('encodeElement matches the documented layout', () => {
    fc.assert(
      fc.property(keyArb, valueArb, (k, v) => {
        expect(hex(encodeElement(k, v))).toBe(hex(specEncoding(k, v)));
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(hex(encodeElement('ab', bytes(0x63)))).toBe(
      hex(ascii('tesnode/state/v1')) + '00000002' + '6162' + '00000001' + '63',
    );
  });

  it('element vector equals noble SHAKE128 output byte for byte', () => {
    fc.assert(
      fc.property(keyArb, valueArb, (k, v) => {
        const viaNode = build([[k, v]]).toBytes();
        const viaNoble = shake128(specEncoding(k, v), { dkLen: LTHASH_BYTES });
        expect(hex(viaNode)).toBe(hex(viaNoble));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('is order independent', () => {
    const entriesArb = fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (e) => e[0], maxLength: 16 });
    fc.assert(
      fc.property(
        entriesArb.chain((es) =>
          fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length })),
        ),
        ([es, perm]) => {
          const a = build(es);
          const b = build(perm);
          expect(a.equals(b)).toBe(true);
          expect(hex(a.root())).toBe(hex(b.root()));
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('add then remove returns to empty', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, valueArb), { maxLength: 10 }), (es) => {
        const h = build(es);
        for (const [k, v] of [...es].reverse()) h.remove(k, v);
        expect(h.equals(LtHash.empty())).toBe(true);
        expect(hex(h.root())).toBe(EMPTY_ROOT);
      }),
      { seed: SEED, numRuns: 100 },
    );
    // Removing first (negative element) and adding later also cancels.
    const h = LtHash.empty();
    h.remove('k', bytes(1, 2, 3));
    expect(h.equals(LtHash.empty())).toBe(false);
    h.add('k', bytes(1, 2, 3));
    expect(h.equals(LtHash.empty())).toBe(true);
  });

  it('update equals remove + add, and handles absent sides', () => {
    fc.assert(
      fc.property(keyArb, fc.option(valueArb, { nil: undefined }), fc.option(valueArb, { nil: undefined }), (k, o, n) => {
        const base = build([['other', bytes(9)]]);
        if (o !== undefined) base.add(k, o);
        const viaUpdate = base.clone();
        viaUpdate.update(k, o, n);
        const manual = base.clone();
        if (o !== undefined) manual.remove(k, o);
        if (n !== undefined) manual.add(k, n);
        expect(viaUpdate.equals(manual)).toBe(true);
        const expected = build([['other', bytes(9)], ...(n !== undefined ? [[k, n] as [string, Uint8Array]] : [])]);
        expect(viaUpdate.equals(expected)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
    const h = build([['x', bytes(1)]]);
    const before = h.toBytes();
    h.update('x', bytes(1), bytes(1));
    h.update('y', undefined, undefined);
    expect(hex(h.toBytes())).toBe(hex(before));
  });

  it('different states give different roots', () => {
    const distinct: [string, Uint8Array][][] = [
      [],
      [['ab', ascii('c')]],
      [['a', ascii('bc')]],
      [['abc', new Uint8Array(0)]],
      [['', ascii('abc')]],
      [['a', ascii('b')]],
      [['b', ascii('a')]],
      [['a', new Uint8Array(0)]],
      [['', new Uint8Array(0)]],
      [['a', ascii('b')], ['c', ascii('d')]],
      [['a', ascii('b')], ['c', ascii('e')]],
      [['a', ascii('bcd')]],
      [['a/' + '00'.repeat(20), bytes(1)], ['a/' + '11'.repeat(20), bytes(2)]],
      [['a/' + '00'.repeat(20), bytes(1)], ['a/' + '11'.repeat(20), bytes(3)]],
      [['a/' + '00'.repeat(20), bytes(2)], ['a/' + '11'.repeat(20), bytes(1)]],
      [['a/' + '00'.repeat(20), bytes(1, 0)]],
      [['a/' + '00'.repeat(20), bytes(1)]],
    ];
    const roots = distinct.map((s) => hex(build(s).root()));
    expect(new Set(roots).size).toBe(distinct.length);

    // Random distinct maps get distinct roots.
    const mapArb = fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (e) => e[0], maxLength: 6 });
    fc.assert(
      fc.property(mapArb, mapArb, (a, b) => {
        const canon = (m: [string, Uint8Array][]): string =>
          JSON.stringify([...m].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([k, v]) => [k, hex(v)]));
        fc.pre(canon(a) !== canon(b));
        expect(hex(build(a).root())).not.toBe(hex(build(b).root()));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('fromBytes/toBytes round trip and copy semantics', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: LTHASH_BYTES, maxLength: LTHASH_BYTES }), (b) => {
        const h = LtHash.fromBytes(b);
        expect(hex(h.toBytes())).toBe(hex(b));
        expect(hex(h.root())).toBe(hex(sha256(b)));
      }),
      { seed: SEED, numRuns: 50 },
    );
    const h = build(GOLDEN_ELEMENTS);
    const b = h.toBytes();
    const g = LtHash.fromBytes(b);
    expect(g.equals(h)).toBe(true);
    expect(hex(g.root())).toBe(GOLDEN_ROOT);
    // fromBytes copies its input; toBytes returns a copy.
    b[0] = b[0]! ^ 1;
    expect(g.equals(h)).toBe(true);
    const out = g.toBytes();
    out[5] = out[5]! ^ 1;
    expect(hex(g.root())).toBe(GOLDEN_ROOT);
    // Works on an unaligned subarray.
    const padded = new Uint8Array(LTHASH_BYTES + 1);
    padded.set(h.toBytes(), 1);
    expect(LtHash.fromBytes(padded.subarray(1)).equals(h)).toBe(true);
  });

  it('fromBytes rejects wrong lengths', () => {
    for (const n of [0, 32, 2047, 2049, 4096]) {
      expect(() => LtHash.fromBytes(new Uint8Array(n))).toThrow();
    }
  });

  it('clone is independent', () => {
    const a = build(GOLDEN_ELEMENTS);
    const c = a.clone();
    c.add('z', bytes(1));
    expect(hex(a.root())).toBe(GOLDEN_ROOT);
    expect(c.equals(a)).toBe(false);
  });

  it('rejects keys with lone surrogates, accepts astral characters', () => {
    expect(() => LtHash.empty().add('a\uD800', bytes(1))).toThrow();
    expect(() => LtHash.empty().add('\uDC00', bytes(1))).toThrow();
    expect(() => LtHash.empty().update('\uDC00', bytes(1), bytes(1))).toThrow();
    const h = LtHash.empty();
    h.add('k\u{1F600}', bytes(1));
    expect(hex(h.root())).toBe(hex(referenceRoot([['k\u{1F600}', bytes(1)]])));
  });

  it('incremental accumulator equals one rebuilt from the final map', () => {
    // Small key space so that updates and removes hit existing keys often.
    const opArb = fc.tuple(fc.constantFrom('a/1', 'a/2', 'b/1', 'p/x', '', 'ab'), fc.option(valueArb, { nil: undefined }));
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, valueArb), { maxLength: 8 }), fc.array(opArb, { maxLength: 40 }), (init, ops) => {
        const state = new Map<string, Uint8Array>(init);
        const h = build(state);
        for (const [k, nv] of ops) {
          const ov = state.get(k);
          // Exercise all three entry points.
          if (ov === undefined && nv !== undefined) h.add(k, nv);
          else if (ov !== undefined && nv === undefined) h.remove(k, ov);
          else h.update(k, ov, nv);
          if (nv === undefined) state.delete(k);
          else state.set(k, nv);
        }
        const rebuilt = build(state);
        expect(h.equals(rebuilt)).toBe(true);
        expect(hex(h.root())).toBe(hex(rebuilt.root()));
        expect(hex(h.root())).toBe(hex(referenceRoot(state)));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
