/**
 * A simulated market over the harness, for the supervision tests and the long credit
 * simulation: honest sellers and buyers, and dishonest kinds — a seller that does not
 * deliver, a spoofer that lists and cancels, a wash pair (a seller and a buyer of one
 * owner trading with each other at an off-market price and rating each other 5). All
 * choices come from a seeded PRNG, so a run is the same every time.
 *
 * Each period k takes three blocks: A at start(k−1) + 12 s (settlement of k−2 runs in its
 * hook; ratings of k−3, settled a block A earlier; listings for k; reports), B at start(k−1) + 14 s (cancels, picks,
 * rulings), C at start(k) + 1 s (meter readings for k).
 */
import { Harness, AUTH, actor, start, type Actor, type TxSpec } from '../market/harness.ts';
import { getCheck, getCredit, getPeriodListings, getTrades, getParticipant } from '../../../src/market/index.ts';
import { readOpenReport, reportCount } from '../../../src/market/records/report.ts';
import type { MarketGenesis } from '../../../src/market/genesis.ts';
import type { Receipt } from '../../../src/chain/types.ts';
import { prng } from '../../helpers/prng.ts';

/** How an agent behaves. */
export type Behaviour = 'honest' | 'nonDelivery' | 'spoofer' | 'wash';

/** A simulated participant. */
export interface Agent {
  readonly actor: Actor;
  readonly role: 'seller' | 'buyer';
  readonly behaviour: Behaviour;
  /** The other account of a wash pair. */
  readonly partner?: Actor;
}

export { prng };

/** Options of a simulation. */
export interface SimOptions {
  readonly honestSellers: number;
  readonly honestBuyers: number;
  readonly nonDelivery?: number;
  readonly spoofers?: number;
  readonly washPairs?: number;
  readonly seed: number;
  /** Every this many periods a watchdog files reports on flagged accounts, and the regulator confirms them. */
  readonly superviseEvery?: number;
  readonly market?: (m: MarketGenesis) => MarketGenesis;
}

const TES = 1_000_000n;

/** A running simulation. */
export class MarketSim {
  readonly h: Harness;
  readonly agents: Agent[] = [];
  readonly rand: () => number;
  readonly watchdog = actor('sim/watchdog');
  /** Receipts with an error, by code, for the tests to inspect. */
  readonly failures = new Map<string, number>();
  private readonly superviseEvery: number;
  private k = 2;

  constructor(opts: SimOptions) {
    this.rand = prng(opts.seed);
    this.superviseEvery = opts.superviseEvery ?? 0;
    const add = (name: string, role: 'seller' | 'buyer', behaviour: Behaviour, partner?: Actor) => {
      const a: Agent = { actor: actor(`sim/${name}`), role, behaviour, ...(partner ? { partner } : {}) };
      this.agents.push(a);
      return a;
    };
    for (let i = 0; i < opts.honestSellers; i++) add(`seller-${i}`, 'seller', 'honest');
    for (let i = 0; i < opts.honestBuyers; i++) add(`buyer-${i}`, 'buyer', 'honest');
    for (let i = 0; i < (opts.nonDelivery ?? 0); i++) add(`nodeliver-${i}`, 'seller', 'nonDelivery');
    for (let i = 0; i < (opts.spoofers ?? 0); i++) add(`spoofer-${i}`, 'seller', 'spoofer');
    for (let i = 0; i < (opts.washPairs ?? 0); i++) {
      const s = actor(`sim/wash-seller-${i}`);
      const b = actor(`sim/wash-buyer-${i}`);
      add(`wash-seller-${i}`, 'seller', 'wash', b);
      add(`wash-buyer-${i}`, 'buyer', 'wash', s);
    }
    const alloc: Record<string, bigint> = { 'sim/watchdog': 10n * TES };
    for (const a of this.agents) alloc[a.actor.name] = a.role === 'buyer' ? 100_000n * TES : 1_000n * TES;
    this.h = new Harness({ alloc, ...(opts.market ? { market: opts.market } : {}) });
    for (const a of this.agents) this.h.join(a.actor, a.role, 'central', 20n * TES);
  }

  /** The agents of one behaviour. */
  of(b: Behaviour): Agent[] {
    return this.agents.filter((a) => a.behaviour === b);
  }

  private approved(a: Agent): boolean {
    return getParticipant(this.h.state, a.actor.address)?.status === 'approved';
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }

  private run(txs: TxSpec[], time: number): Receipt[] {
    const rs = this.h.block(txs, time);
    for (const r of rs) if (r.error) this.failures.set(r.error, (this.failures.get(r.error) ?? 0) + 1);
    return rs;
  }

  /** Runs the next period's three blocks. */
  step(): void {
    const k = this.k++;
    this.blockA(k);
    this.blockB(k);
    this.blockC(k);
  }

  /** Runs `n` periods. */
  steps(n: number): void {
    for (let i = 0; i < n; i++) this.step();
  }

  // Ratings of k−3 (the transactions are built on the state before this block settles k−2), bond top-ups, listings for k, and reports.
  private blockA(k: number): void {
    const txs: TxSpec[] = [];
    const rate = this.ratings(k - 3);
    for (const a of this.agents) {
      if (!this.approved(a)) continue;
      const topUp = getCredit(this.h.state, a.actor.address, 4).bondTopUp;
      if (topUp > 0n) txs.push({ from: a.actor, kind: 'market.bond', payload: { amount: topUp } });
      if (a.role !== 'seller') continue;
      const sell = (wh: number, price: number) => txs.push({ from: a.actor, kind: 'market.list', payload: { side: 'sell', period: k, wh: BigInt(wh), price: BigInt(price), region: 'central', source: 'solar', carbon: 20 } });
      if (a.behaviour === 'honest') sell(this.int(10, 40) * 100, this.int(90, 110) * 1000);
      if (a.behaviour === 'nonDelivery') sell(this.int(10, 30) * 100, this.int(85, 95) * 1000);
      if (a.behaviour === 'spoofer') {
        sell(20_000, 80_000);
        sell(20_000, 81_000);
      }
      if (a.behaviour === 'wash') sell(2_000, 150_000);
    }
    txs.push(...rate);
    txs.push(...this.reports(k));
    this.run(txs, start(k - 1) + 12_000);
  }

  // Spoofers cancel, buyers pick the cheapest open listings, the regulator rules.
  private blockB(k: number): void {
    const txs: TxSpec[] = [];
    const listings = getPeriodListings(this.h.state, k).filter((l) => l.status === 'open' && l.rest > 0n);
    const ownerOf = new Map(this.agents.map((a) => [a.actor.address, a]));
    const open: Array<{ id: number; rest: bigint; price: bigint }> = [];
    for (const l of listings) {
      const owner = ownerOf.get(l.owner);
      if (owner?.behaviour === 'spoofer') txs.push({ from: owner.actor, kind: 'market.cancel', payload: { listing: l.id } });
      else if (owner?.behaviour !== 'wash') open.push({ id: l.id, rest: l.rest, price: l.price });
    }
    open.sort((x, y) => (x.price !== y.price ? (x.price < y.price ? -1 : 1) : x.id - y.id));
    const buyers = this.agents.filter((a) => a.role === 'buyer' && a.behaviour === 'honest' && this.approved(a));
    // Buyers take turns in a shuffled order, so no seller is everyone's first choice every time.
    for (let i = buyers.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [buyers[i], buyers[j]] = [buyers[j]!, buyers[i]!];
    }
    for (const b of buyers) {
      let want = BigInt(this.int(10, 30) * 100);
      // Each buyer skips a random one of the cheapest three, so trade spreads across sellers.
      const skip = this.int(0, 2);
      for (let i = 0; i < open.length && want > 0n; i++) {
        const o = open[i]!;
        if (i === skip || o.rest === 0n) continue;
        const wh = o.rest < want ? o.rest : want;
        txs.push({ from: b.actor, kind: 'market.pick', payload: { listing: o.id, wh } });
        o.rest -= wh;
        want -= wh;
      }
    }
    for (const l of listings) {
      const owner = ownerOf.get(l.owner);
      if (owner?.behaviour === 'wash' && owner.partner && this.approved(owner)) {
        const partner = this.agents.find((a) => a.actor.address === owner.partner!.address)!;
        if (this.approved(partner)) txs.push({ from: partner.actor, kind: 'market.pick', payload: { listing: l.id, wh: l.rest } });
      }
    }
    txs.push(...this.rulings());
    this.run(txs, start(k - 1) + 14_000);
  }

  // Meter readings for k: honest parties within ±1 %, non-deliverers nothing.
  private blockC(k: number): void {
    const byAccount = new Map<string, { a: Agent; wh: bigint }>();
    for (const t of getTrades(this.h.state, { period: k })) {
      for (const who of [t.seller, t.buyer]) {
        const a = this.agents.find((x) => x.actor.address === who);
        if (!a) continue;
        const e = byAccount.get(who) ?? byAccount.set(who, { a, wh: 0n }).get(who)!;
        e.wh += t.wh - t.curtailed;
      }
    }
    const txs: TxSpec[] = [];
    for (const { a, wh } of byAccount.values()) {
      const reading = a.behaviour === 'nonDelivery' ? 0n : (wh * BigInt(this.int(990, 1010))) / 1000n;
      txs.push({ from: AUTH, kind: 'market.meter', payload: { account: a.actor.id, period: k, wh: reading } });
    }
    this.run(txs, start(k) + 1_000);
  }

  // Ratings of period k's settled trades: honest buyers rate by delivery, honest sellers 4 or 5, wash pairs 5.
  private ratings(k: number): TxSpec[] {
    if (k < 2) return [];
    const txs: TxSpec[] = [];
    for (const t of getTrades(this.h.state, { period: k })) {
      if (!t.settlement) continue;
      const seller = this.agents.find((a) => a.actor.address === t.seller);
      const buyer = this.agents.find((a) => a.actor.address === t.buyer);
      if (!seller || !buyer) continue;
      const q = t.settlement.executedWh;
      const delivered = q === 0n ? 1000n : (t.settlement.sellerMeteredWh * 1000n) / q;
      const byBuyer = buyer.behaviour === 'wash' ? 5 : delivered >= 950n ? (this.rand() < 0.7 ? 5 : 4) : delivered >= 500n ? 3 : 1;
      const bySeller = seller.behaviour === 'wash' ? 5 : this.rand() < 0.6 ? 5 : 4;
      txs.push({ from: buyer.actor, kind: 'market.rate', payload: { trade: t.id, score: byBuyer } });
      txs.push({ from: seller.actor, kind: 'market.rate', payload: { trade: t.id, score: bySeller } });
    }
    return txs;
  }

  // Every superviseEvery periods the watchdog checks every agent and reports the flagged ones.
  private reports(k: number): TxSpec[] {
    if (!this.superviseEvery || k % this.superviseEvery !== 0) return [];
    const txs: TxSpec[] = [];
    for (const a of this.agents) {
      const c = getCheck(this.h.state, a.actor.address);
      if (c.verdict === 'violation' && c.reportable) txs.push({ from: this.watchdog, kind: 'market.report', payload: { account: a.actor.id, score: c.score, flags: c.flags, note: `sim check in period ${k}` } });
    }
    return txs;
  }

  // The regulator confirms every open report filed by the watchdog.
  private rulings(): TxSpec[] {
    const txs: TxSpec[] = [];
    for (const a of this.agents) {
      const id = readOpenReport(this.h.state, a.actor.id);
      if (id !== undefined) txs.push({ from: AUTH, kind: 'market.rule', payload: { report: id, confirm: true, reason: 'indicators confirmed by the regulator' } });
    }
    return txs;
  }

  /** Number of reports filed so far. */
  reportsFiled(): number {
    return reportCount(this.h.state);
  }
}
