import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVector, type MarketVector } from './runVector.ts';

const DIR = import.meta.dirname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
// After a deliberate rule or record change, rewrite the pinned digests with
//   UPDATE_VECTORS=1 npx vitest run test/vectors/market
// and review the diff: every other expectation (balances, error codes) still must hold.
const UPDATE = process.env.UPDATE_VECTORS === '1';

describe('market vectors', () => {
  it('has vectors', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    const v = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as MarketVector;
    it(`${file}: ${v.description}`, () => {
      const { digest } = runVector(v);
      if (UPDATE && v.expect.marketDigest !== digest) {
        writeFileSync(join(DIR, file), JSON.stringify({ ...v, expect: { ...v.expect, marketDigest: digest } }, null, 2) + '\n');
        return;
      }
      if (v.expect.marketDigest !== undefined) expect(digest, 'digest of every m/ key').toBe(v.expect.marketDigest);
    });
  }
});
