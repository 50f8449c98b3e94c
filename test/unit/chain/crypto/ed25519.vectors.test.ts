import { readFileSync } from 'node:fs';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { getPublicKey, isPrimeOrderPublicKey, sign, verify, verifyReference } from '../../../../src/chain/crypto/ed25519.ts';

// Vectors live as JSON under test/vectors/ed25519/ (see each file's description).
interface Vector {
  name: string;
  message: string;
  publicKey: string;
  signature: string;
  expected: boolean;
  secretKey?: string;
  note?: string;
  facts: { A: string; R: string; S: string };
  raw: { openssl: boolean | null; nobleStrict: boolean | null; nobleZip215: boolean | null };
}

const DIR = new URL('../../../vectors/ed25519/', import.meta.url);
const load = (file: string): Vector[] => (JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as { vectors: Vector[] }).vectors;
const FILES = ['rfc8032.json', 'speccheck.json', 'constructed.json', 'matrix.json'] as const;
const VECTORS = Object.fromEntries(FILES.map((f) => [f, load(f)])) as Record<(typeof FILES)[number], Vector[]>;
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// The engines without tesnode's pre-checks; null when the engine refuses the input outright.
function rawOpenssl(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean | null {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') }, format: 'jwk' });
    return nodeVerify(null, msg, key, sig);
  } catch {
    return null;
  }
}
function rawNoble(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array, zip215: boolean): boolean | null {
  try {
    return ed25519.verify(sig, msg, pub, { zip215 });
  } catch {
    return null;
  }
}

describe('vector files', () => {
  it('hold the expected numbers of vectors, with both verdicts represented', () => {
    expect(VECTORS['rfc8032.json']).toHaveLength(5);
    expect(VECTORS['speccheck.json']).toHaveLength(12);
    expect(VECTORS['constructed.json'].length).toBeGreaterThanOrEqual(35);
    expect(VECTORS['matrix.json'].length).toBeGreaterThanOrEqual(390);
    const all = FILES.flatMap((f) => VECTORS[f]);
    expect(all.filter((v) => v.expected).length).toBeGreaterThanOrEqual(9);
    expect(all.filter((v) => !v.expected).length).toBeGreaterThanOrEqual(400);
  });
});

describe('RFC 8032 section 7.1', () => {
  for (const v of VECTORS['rfc8032.json']) {
    it(`${v.name}: key derivation and deterministic signing reproduce the RFC`, () => {
      const secret = unhex(v.secretKey!);
      expect(hex(getPublicKey(secret))).toBe(v.publicKey);
      expect(hex(sign(unhex(v.message), secret))).toBe(v.signature);
    });
  }
});

for (const file of FILES) {
  describe(`${file}: verify === verifyReference === expected`, () => {
    for (const v of VECTORS[file]) {
      it(v.name, () => {
        const sig = unhex(v.signature);
        const msg = unhex(v.message);
        const pub = unhex(v.publicKey);
        const consensus = verify(sig, msg, pub);
        const reference = verifyReference(sig, msg, pub);
        expect({ consensus, reference }).toEqual({ consensus: v.expected, reference: v.expected });
        // The cached path must give the same verdict the second time round.
        expect(verify(sig, msg, pub)).toBe(v.expected);
      });
    }
  });
}

// These pin what the raw engines do WITHOUT tesnode's pre-checks: the evidence behind the
// analysis at the top of src/chain/crypto/ed25519.ts. If one fails after a Node/OpenSSL
// or @noble/curves upgrade, the consensus verdicts above may still agree, but that
// analysis must be re-read and updated.
describe('raw engine behaviour the pre-checks are built on', () => {
  for (const file of FILES) {
    it(`${file}: recorded raw verdicts still hold`, () => {
      const changed: string[] = [];
      for (const v of VECTORS[file]) {
        const sig = unhex(v.signature);
        const msg = unhex(v.message);
        const pub = unhex(v.publicKey);
        const now = { openssl: rawOpenssl(sig, msg, pub), nobleStrict: rawNoble(sig, msg, pub, false), nobleZip215: rawNoble(sig, msg, pub, true) };
        if (JSON.stringify(now) !== JSON.stringify(v.raw)) changed.push(`${v.name}: recorded ${JSON.stringify(v.raw)}, now ${JSON.stringify(now)}`);
      }
      expect(changed).toEqual([]);
    });
  }

  it('the raw engines really do disagree on the excluded classes (so the pre-checks matter)', () => {
    const all = FILES.flatMap((f) => VECTORS[f]);
    const disagree = all.filter((v) => v.raw.openssl !== null && v.raw.nobleStrict !== null && v.raw.openssl !== v.raw.nobleStrict);
    // Mixed-order R with an honest key, mixed-order A, small-order R: noble yes, OpenSSL no.
    expect(disagree.length).toBeGreaterThanOrEqual(20);
    for (const v of disagree) expect(v.expected).toBe(false);
    expect(disagree.some((v) => v.facts.A === 'prime-order' && v.facts.R === 'mixed-order')).toBe(true);
    expect(disagree.some((v) => v.facts.A === 'mixed-order' && v.facts.R === 'prime-order')).toBe(true);
    // And raw OpenSSL accepts mixed-order keys that the rule rejects.
    expect(all.some((v) => v.raw.openssl === true && v.facts.A === 'mixed-order' && !v.expected)).toBe(true);
  });
});

describe('vector classification', () => {
  it('every accepted vector has A and R of order L and S < L; the A facts agree with isPrimeOrderPublicKey', () => {
    for (const file of FILES) {
      for (const v of VECTORS[file]) {
        if (v.expected) expect(v.facts, v.name).toEqual({ A: 'prime-order', R: 'prime-order', S: 'S<L' });
        const pub = unhex(v.publicKey);
        expect(isPrimeOrderPublicKey(pub), v.name).toBe(v.facts.A === 'prime-order');
      }
    }
  });

  it('the matrix covers all 14 low-order encodings for both A and R', () => {
    const m = VECTORS['matrix.json'];
    const lowA = new Set(m.filter((v) => /small-order|identity/.test(v.facts.A)).map((v) => v.publicKey));
    const lowR = new Set(m.filter((v) => /small-order|identity/.test(v.facts.R)).map((v) => v.signature.slice(0, 64)));
    expect(lowA.size).toBe(14);
    expect(lowR.size).toBe(14);
  });
});
