import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CodecError, decodeCanonical, decodeTrusted, encode, type Encodable } from '../../../src/chain/codec.ts';
import { toHex } from '../../../src/chain/bytes.ts';

const SEED = 0xc0dec;
const vectorsDir = new URL('../../vectors/codec/', import.meta.url);

type Typed =
  | { int: number }
  | { bigint: string }
  | { str: string; repeat?: number }
  | { bytes: string; repeat?: number }
  | { array: Typed[] }
  | { map: Array<[string, Typed]> }
  | { null: true }
  | { bool: boolean };

/** The value a typed vector notation stands for. */
function fromTyped(t: Typed): Encodable {
  if ('int' in t) return t.int;
  if ('bigint' in t) return BigInt(t.bigint);
  if ('str' in t) return t.str.repeat(t.repeat ?? 1);
  if ('bytes' in t) return new Uint8Array(Buffer.from(t.bytes.repeat(t.repeat ?? 1), 'hex'));
  if ('array' in t) return t.array.map(fromTyped);
  if ('map' in t) return Object.fromEntries(t.map.map(([k, v]) => [k, fromTyped(v)]));
  if ('null' in t) return null;
  return t.bool;
}

const golden = JSON.parse(readFileSync(new URL('values.json', vectorsDir), 'utf8')) as {
  cases: Array<{ description: string; value: Typed; hex?: string; hex_prefix?: string; length?: number }>;
};
const nonCanonical = JSON.parse(readFileSync(new URL('nonCanonical.json', vectorsDir), 'utf8')) as {
  cases: Array<{ description: string; hex: string; code: CodecError['code'] }>;
};

function codecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CodecError);
    return err as CodecError;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}

describe('encode: golden vectors', () => {
  it.each(golden.cases)('$description', (c) => {
    const bytes = encode(fromTyped(c.value));
    if (c.hex !== undefined) expect(toHex(bytes)).toBe(c.hex);
    else {
      expect(toHex(bytes).startsWith(c.hex_prefix!)).toBe(true);
      expect(bytes.length).toBe(c.length);
    }
    // Every golden encoding is also accepted back, as the same value.
    const back = decodeCanonical(bytes, 1 << 20, 'vector');
    expect(back).toEqual(fromTyped(c.value));
  });

  it('decodes int64 fields as bigint and small integers as numbers', () => {
    expect(decodeCanonical(encode(7n), 16, 'v')).toBe(7n);
    expect(decodeCanonical(encode(7), 16, 'v')).toBe(7);
  });
});

describe('decodeCanonical refuses', () => {
  it.each(nonCanonical.cases)('$description', (c) => {
    const err = codecError(() => decodeCanonical(new Uint8Array(Buffer.from(c.hex, 'hex')), 1024, 'test value'));
    expect(err.code).toBe(c.code);
    expect(err.message).toContain('test value');
  });

  it('input over maxBytes before parsing it, naming the size and the limit', () => {
    const bytes = encode('x'.repeat(100));
    expect(decodeCanonical(bytes, bytes.length, 'memo')).toBe('x'.repeat(100));
    const err = codecError(() => decodeCanonical(bytes, bytes.length - 1, 'memo'));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toContain(`${bytes.length} bytes`);
    expect(err.message).toContain(`${bytes.length - 1}`);
    // Oversized garbage is refused as too large, not parsed.
    expect(codecError(() => decodeCanonical(new Uint8Array(2000).fill(0xc1), 1000, 'x')).code).toBe('TOO_LARGE');
  });

  it('the non-canonical forms even though the trusted decoder reads the same value', () => {
    // The point of the canonical check: both decode to 5, only one is the encoding of 5.
    expect(decodeTrusted(new Uint8Array([0xcd, 0x00, 0x05]))).toBe(5);
    expect(decodeCanonical(new Uint8Array([0x05]), 8, 'v')).toBe(5);
  });
});

// Values of the kinds the chain's types are built from: u32 and small negative numbers,
// int64 bigints, strings (well-formed Unicode), byte strings, nested arrays and maps
// with string keys. '__proto__' is left out: no chain type uses it as a field name.
const key = fc.string({ unit: 'binary', maxLength: 12 }).filter((k) => k !== '__proto__');
const scalar: fc.Arbitrary<Encodable> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.integer({ min: -(2 ** 31), max: -1 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
);
const { value: encodable } = fc.letrec<{ value: Encodable }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 20 }),
    fc.dictionary(key, tie('value'), { maxKeys: 20 }),
  ),
}));

describe('round trip', () => {
  it('encode → decodeCanonical → encode gives the same bytes and the same value', () => {
    fc.assert(
      fc.property(encodable, (v) => {
        const bytes = encode(v);
        const back = decodeCanonical(bytes, 1 << 24, 'value') as Encodable;
        expect(toHex(encode(back))).toBe(toHex(bytes));
        expect(back).toEqual(v);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('a corrupted encoding throws only CodecError (garbage from a peer never crashes the decoder) or is itself canonical', () => {
    fc.assert(
      fc.property(encodable, fc.nat(), fc.integer({ min: 1, max: 255 }), (v, at, xor) => {
        const bytes = encode(v);
        const changed = bytes.slice();
        const i = at % changed.length;
        changed[i] = changed[i]! ^ xor;
        let back: unknown;
        try {
          back = decodeCanonical(changed, 1 << 24, 'value');
        } catch (err) {
          expect(err).toBeInstanceOf(CodecError);
          return;
        }
        // Accepted: then it is exactly the canonical encoding of what it decoded to.
        expect(toHex(encode(back as Encodable))).toBe(toHex(changed));
      }),
      { seed: SEED + 2, numRuns: 1000 },
    );
  });
});
