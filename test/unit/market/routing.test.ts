import { describe, expect, it } from 'vitest';
import { findRoute, comparePaths } from '../../../src/market/routing.ts';
import { routeFee, hopFees, affordableWh, tradeCost } from '../../../src/market/amounts.ts';
import type { Network } from '../../../src/market/types.ts';

const acct = new Uint8Array(20);
const net = (stamps: Record<string, bigint>, links: Array<[string, string]>): Network => ({
  regions: Object.entries(stamps).map(([id, stamp]) => ({ id, stamp, feeAccount: acct })),
  links,
});
const ids = (r: ReturnType<typeof findRoute>) => r?.map((h) => h.region);

describe('postage-stamp routing (formula 1)', () => {
  it('paper example A → B → C: S = α·Q + β·Q + γ·Q', () => {
    const n = net({ a: 10_000n, b: 7_000n, c: 3_000n }, [['a', 'b'], ['b', 'c']]);
    const route = findRoute(n, 'a', 'c')!;
    expect(ids(route)).toEqual(['a', 'b', 'c']);
    // Q = 2,500 Wh: 25,000 + 17,500 + 7,500 = 50,000 µTES
    expect(hopFees(2_500n, route)).toEqual([25_000n, 17_500n, 7_500n]);
    expect(routeFee(2_500n, route)).toBe(50_000n);
    // every term floors on its own: Q = 1 Wh pays floor(10) + floor(7) + floor(3) = 20
    expect(routeFee(1n, route)).toBe(20n);
    expect(routeFee(1n, findRoute(net({ a: 999n, b: 999n }, [['a', 'b']]), 'a', 'b')!)).toBe(0n);
  });

  it('takes the cheapest path by the sum of stamps, both ends included', () => {
    // a—b—d costs 1+50+1; a—c—e—d costs 1+10+10+1
    const n = net({ a: 1n, b: 50n, c: 10n, d: 1n, e: 10n }, [['a', 'b'], ['b', 'd'], ['a', 'c'], ['c', 'e'], ['e', 'd']]);
    expect(ids(findRoute(n, 'a', 'd'))).toEqual(['a', 'c', 'e', 'd']);
    expect(ids(findRoute(n, 'd', 'a'))).toEqual(['d', 'e', 'c', 'a']);
    expect(ids(findRoute(n, 'b', 'b'))).toEqual(['b']);
  });

  it('breaks ties by the region id sequence, whatever the order of links', () => {
    const links: Array<[string, string]> = [['s', 'y'], ['y', 't'], ['s', 'x'], ['x', 't']];
    const n1 = net({ s: 1n, x: 5n, y: 5n, t: 1n }, links);
    const n2 = net({ t: 1n, y: 5n, x: 5n, s: 1n }, [...links].reverse());
    expect(ids(findRoute(n1, 's', 't'))).toEqual(['s', 'x', 't']);
    expect(ids(findRoute(n2, 's', 't'))).toEqual(['s', 'x', 't']);
    // zero stamps: the shorter sequence is smaller when it is a prefix; else id by id
    const z = net({ a: 0n, b: 0n, c: 0n }, [['a', 'b'], ['b', 'c'], ['a', 'c']]);
    expect(ids(findRoute(z, 'a', 'c'))).toEqual(['a', 'b', 'c']);
    expect(comparePaths(['a', 'c'], ['a', 'b', 'c'])).toBeGreaterThan(0);
    expect(comparePaths(['a'], ['a', 'b'])).toBeLessThan(0);
  });

  it('no route between unlinked or unknown regions', () => {
    const n = net({ a: 1n, b: 1n, c: 1n }, [['a', 'b']]);
    expect(findRoute(n, 'a', 'c')).toBeUndefined();
    expect(findRoute(n, 'a', 'zz')).toBeUndefined();
  });

  it('affordableWh is the largest quantity whose cost fits', () => {
    const route = findRoute(net({ a: 5_000n, b: 12_000n }, [['a', 'b']]), 'a', 'b')!;
    for (const budget of [0n, 1n, 517n, 518n, 1_250_000n, 999_999n]) {
      const q = affordableWh(budget, 500_000n, route, 1_000_000n);
      expect(tradeCost(q, 500_000n, route) <= budget).toBe(true);
      expect(tradeCost(q + 1n, 500_000n, route) > budget).toBe(true);
    }
    expect(affordableWh(10n ** 12n, 1n, route, 7n)).toBe(7n);
  });
});
