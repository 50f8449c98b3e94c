/**
 * A long simulated market (item 6 of issue 5): 30 accounts, 8 of them dishonest, 200
 * periods (600 blocks), with a watchdog filing the check's result on flagged accounts
 * every 10 periods and the regulator confirming. The credit outcomes: every dishonest
 * account ends below every honest one, the ones that kept cheating are out, and value is
 * conserved after every block checked.
 */
import { describe, expect, it } from 'vitest';
import { MarketSim } from './marketSim.ts';
import { credit, status } from './helpers.ts';
import { checkConservation } from '../../../src/market/conservation.ts';
import { getViolations } from '../../../src/market/index.ts';
import { toHex } from '../../../src/chain/bytes.ts';

const PERIODS = 200;

function run(seed: number, periods = PERIODS): MarketSim {
  const sim = new MarketSim({ honestSellers: 8, honestBuyers: 14, nonDelivery: 2, spoofers: 2, washPairs: 2, seed, superviseEvery: 10 });
  for (let i = 0; i < periods; i++) {
    sim.step();
    if (i % 20 === 0) checkConservation(sim.h.state.map);
  }
  return sim;
}

describe('a long simulated market', () => {
  it('ends with every dishonest account below every honest one, and supply conserved', { timeout: 120_000 }, () => {
    const sim = run(7);
    const h = sim.h;
    const honest = sim.of('honest').map((a) => ({ a, score: credit(h, a.actor).composite, status: status(h, a.actor) }));
    const dishonest = sim.agents.filter((a) => a.behaviour !== 'honest').map((a) => ({ a, score: credit(h, a.actor).composite, status: status(h, a.actor) }));
    const lowestHonest = Math.min(...honest.map((x) => x.score));
    const highestDishonest = Math.max(...dishonest.map((x) => x.score));
    const summary = [...honest, ...dishonest].map((x) => `${x.a.actor.name} ${x.a.behaviour} ${x.score} ${x.status}`).join('\n');
    expect(highestDishonest, summary).toBeLessThan(lowestHonest);
    for (const x of honest) expect(x.status, summary).toBe('approved');
    // Those that kept cheating are out of the market (forced out below exitCredit).
    for (const x of dishonest) expect(['expelled', 'exiting'], summary).toContain(x.status);
    // Every dishonest account has confirmed violations on record or was driven out by its ratings alone.
    for (const x of dishonest.filter((d) => d.a.behaviour !== 'nonDelivery')) expect(getViolations(h.state, x.a.actor.address).length).toBeGreaterThan(0);
    for (const x of honest) expect(getViolations(h.state, x.a.actor.address)).toEqual([]);
    const end = checkConservation(h.state.map);
    expect(end.total).toBe(end.minted);
    expect(h.height).toBe(3 * 30 + 3 * PERIODS); // joins, then three blocks a period
  });

  it('is deterministic: the same seed gives the same state root', () => {
    const a = run(11, 40);
    const b = run(11, 40);
    expect(toHex(a.h.acc.root())).toBe(toHex(b.h.acc.root()));
  });
});
