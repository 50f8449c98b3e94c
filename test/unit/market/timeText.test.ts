/**
 * The market's refusals speak in periods and seconds relative to the block's time, never
 * raw epoch milliseconds, and tell where to go instead ("the next open period is 6, its
 * gate closes 41 s after this block").
 */
import { describe, expect, it } from 'vitest';
import { describeDuration, describeFromNow, firstOpenPeriod } from '../../../src/market/timeText.ts';
import { Harness, actor, start, AUTH, G } from './harness.ts';

const SOL = actor('sol');
const BEA = actor('bea');

function market(): Harness {
  const h = new Harness({ alloc: { sol: 10_000_000n, bea: 10_000_000n } });
  h.join(SOL, 'seller', 'north');
  h.join(BEA, 'buyer', 'south');
  return h;
}

const sell = (period: number) => ({ side: 'sell', period, wh: 1_000n, price: 1_000n, region: 'north', source: 'solar', carbon: 20 });

/** The error code and message of one transaction at a block time. */
function refusal(h: Harness, from: ReturnType<typeof actor>, kind: string, payload: Record<string, any>, time: number): { error: string; message: string } {
  const r = h.block([{ from, kind, payload }], time)[0]!;
  return { error: r.error, message: r.message };
}

describe('durations as people read them', () => {
  it('rounds down to the unit it shows', () => {
    expect(describeDuration(0)).toBe('less than 1 s');
    expect(describeDuration(999)).toBe('less than 1 s');
    expect(describeDuration(1_000)).toBe('1 s');
    expect(describeDuration(41_999n)).toBe('41 s');
    expect(describeDuration(60_000)).toBe('1 min');
    expect(describeDuration(125_500)).toBe('2 min 5 s');
    expect(describeDuration(3_600_000)).toBe('1 h');
    expect(describeDuration(3_840_000)).toBe('1 h 4 min');
    expect(describeDuration(-12_000)).toBe('12 s');
  });

  it('says in or ago', () => {
    expect(describeFromNow(1_041_000, 1_000_000)).toBe('in 41 s');
    expect(describeFromNow(988_000, 1_000_000)).toBe('12 s ago');
  });

  it('finds the first period whose gate is still open', () => {
    const c = { genesisTime: G, params: { periodMs: 30_000 } } as any;
    const cfg = { gateClosureMs: 5_000 } as any;
    // gate(k) = start(k) − 5 s; at start(3) − 5 s the gate of 3 has just closed.
    expect(firstOpenPeriod(c, cfg, start(3) - 5_001)).toBe(3);
    expect(firstOpenPeriod(c, cfg, start(3) - 5_000)).toBe(4);
  });
});

describe('timing refusals name periods and seconds, relative to the block', () => {
  it('a listing past the gate says how long ago it closed and which period is open', () => {
    const h = market();
    const r = refusal(h, SOL, 'market.list', sell(4), start(4) - 3_000);
    expect(r.error).toBe('GATE_CLOSED');
    // gate(4) = start(4) − 5 s: closed 2 s before the block; period 5's gate, start(5) − 5 s = start(4) + 25 s, is 28 s after it.
    expect(r.message).toBe('listing for period 4 closed 2 s before this block (the gate closes 5 s before a period starts); the next open period is 5, its gate closes 28 s after this block: use that period or a later one');
    expect(r.message).not.toMatch(/\d{10,}/);
  });

  it('a reading before its period starts, and after its window', () => {
    const h = market();
    const early = refusal(h, AUTH, 'market.meter', { account: SOL.id, period: 6, wh: 1n }, start(6) - 12_500);
    expect(early).toEqual({ error: 'METER_WINDOW', message: 'readings for period 6 are taken from its start until 10 s after its end; this block is 12 s before period 6 starts: send the reading once the period has started' });
    // Settlement of 6 is due at start(7) + 10 s; a block 41 s later settles it first.
    const late = refusal(h, AUTH, 'market.meter', { account: SOL.id, period: 6, wh: 1n }, start(7) + 51_000);
    expect(late.error).toBe('METER_WINDOW');
    expect(late.message).toMatch(/^readings for period 6 .*period 6 is already settled/);
    expect(late.message).not.toMatch(/\d{10,}/);
  });

  it('a curtailment after the period started says how long ago', () => {
    const h = market();
    h.ok(SOL, 'market.list', sell(3), start(3) - 20_000);
    h.ok(BEA, 'market.pick', { listing: 1, wh: 500n }, start(3) - 19_000);
    const r = refusal(h, AUTH, 'market.curtail', { trade: 1, wh: 100n }, start(3) + 4_000);
    expect(r).toEqual({ error: 'DISPATCH_CLOSED', message: 'period 3 started 4 s before this block; dispatch may curtail a trade only before its period starts' });
  });
});
