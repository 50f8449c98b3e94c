import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bech32, bech32m } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  ADDRESS_BYTES,
  ADDRESS_LENGTH,
  AddressError,
  addressFromBytes,
  addressFromPublicKey,
  addressToBytes,
  isAddress,
} from '../../../src/chain/address.ts';

const SEED = 0x7e5;
const BECH32_ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const ID = Uint8Array.from({ length: 20 }, (_, i) => i * 13 + 1);
const ADDR = addressFromBytes(ID);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AddressError ? err.code : `not an AddressError: ${String(err)}`;
  }
  return undefined;
}

describe('address encoding', () => {
  it('is tes1 + 38 lowercase bech32m characters, and round-trips', () => {
    expect(ADDR).toMatch(/^tes1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}$/);
    expect(ADDR).toHaveLength(ADDRESS_LENGTH);
    expect(Buffer.from(addressToBytes(ADDR)).equals(Buffer.from(ID))).toBe(true);
    expect(isAddress(ADDR)).toBe(true);
  });

  it('matches an independent bech32m encoding (BIP 350) of the 20 bytes', () => {
    expect(ADDR).toBe(bech32m.encode('tes', bech32m.toWords(ID)));
  });

  it('addressFromPublicKey hashes the key with SHA-256 and keeps the first 20 bytes', () => {
    const pub = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const addr = addressFromPublicKey(pub);
    expect(Buffer.from(addressToBytes(addr)).equals(Buffer.from(sha256(pub).subarray(0, ADDRESS_BYTES)))).toBe(true);
  });

  it('round-trips any 20 bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (id) => {
        const a = addressFromBytes(id);
        expect(isAddress(a)).toBe(true);
        expect(Buffer.from(addressToBytes(a)).equals(Buffer.from(id))).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses wrong-length ids and public keys with typed errors', () => {
    expect(codeOf(() => addressFromBytes(new Uint8Array(19)))).toBe('BAD_ADDRESS_BYTES');
    expect(codeOf(() => addressFromBytes(new Uint8Array(32)))).toBe('BAD_ADDRESS_BYTES');
    expect(codeOf(() => addressFromPublicKey(new Uint8Array(20)))).toBe('BAD_PUBLIC_KEY');
    expect(codeOf(() => addressFromPublicKey('key' as unknown as Uint8Array))).toBe('BAD_PUBLIC_KEY');
  });
});

describe('address parsing rejects', () => {
  const bad: [string, string][] = [
    ['empty', ''],
    ['wrong prefix', bech32m.encode('tez', bech32m.toWords(ID))],
    ['bitcoin prefix', bech32m.encode('bc', bech32m.toWords(ID))],
    ['bech32 (not bech32m) checksum', bech32.encode('tes', bech32.toWords(ID))],
    ['19-byte payload', bech32m.encode('tes', bech32m.toWords(ID.subarray(0, 19)))],
    ['21-byte payload', bech32m.encode('tes', bech32m.toWords(new Uint8Array(21)))],
    ['32-byte payload', bech32m.encode('tes', bech32m.toWords(new Uint8Array(32)))],
    ['mixed case', ADDR.slice(0, 10) + ADDR.slice(10).toUpperCase()],
    ['all uppercase', ADDR.toUpperCase()],
    ['truncated', ADDR.slice(0, -1)],
    ['extended', ADDR + 'q'],
    ['leading space', ' ' + ADDR],
    ['trailing newline', ADDR + '\n'],
    ['no separator', ADDR.replace('tes1', 'tes')],
    ['hex', Buffer.from(ID).toString('hex')],
    ['huge input', 'tes1' + 'q'.repeat(1_000_000)],
  ];
  for (const [what, s] of bad) {
    it(what, () => {
      expect(isAddress(s)).toBe(false);
      expect(codeOf(() => addressToBytes(s))).toBe('BAD_ADDRESS');
    });
  }

  it('non-strings, without throwing from isAddress', () => {
    for (const v of [undefined, null, 42, {}, ID]) {
      expect(isAddress(v as unknown as string)).toBe(false);
      expect(codeOf(() => addressToBytes(v as unknown as string))).toBe('BAD_ADDRESS');
    }
  });

  it('every single-character substitution at every position', () => {
    // Candidates: the whole bech32 alphabet, their uppercase forms, the four characters
    // bech32 leaves out, the separator, and a few look-alikes and non-ASCII characters.
    const candidates = [...new Set([...BECH32_ALPHABET, ...BECH32_ALPHABET.toUpperCase(), ...'1bio', 'B', 'I', 'O', 'e', 's', 't', ' ', '-', 'é', 'ｑ'])];
    let tried = 0;
    for (let pos = 0; pos < ADDR.length; pos++) {
      for (const c of candidates) {
        if (c === ADDR[pos]) continue;
        const typo = ADDR.slice(0, pos) + c + ADDR.slice(pos + 1);
        tried++;
        if (isAddress(typo)) throw new Error(`typo accepted: position ${pos}, ${JSON.stringify(ADDR[pos])} -> ${JSON.stringify(c)}: ${typo}`);
      }
    }
    expect(tried).toBeGreaterThan(ADDRESS_LENGTH * 60);
  });

  it('every swap of two adjacent different characters', () => {
    for (let pos = 0; pos + 1 < ADDR.length; pos++) {
      if (ADDR[pos] === ADDR[pos + 1]) continue;
      const swapped = ADDR.slice(0, pos) + ADDR[pos + 1] + ADDR[pos] + ADDR.slice(pos + 2);
      expect(isAddress(swapped), `swap at ${pos}`).toBe(false);
    }
  });

  it('names the input and the expected form in the message', () => {
    const typo = ADDR.slice(0, 20) + (ADDR[20] === 'q' ? 'p' : 'q') + ADDR.slice(21);
    expect(() => addressToBytes(typo)).toThrowError(new RegExp(`${typo}.*tes1…`));
    expect(() => addressToBytes(ADDR.toUpperCase())).toThrowError(/lowercase/);
    expect(() => addressToBytes('x'.repeat(5000))).toThrowError(/5000 characters/);
  });
});
