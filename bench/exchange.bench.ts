/**
 * Matching benchmark (issue 12): orders per second through the exchange engine in
 * process on one core, with a resting book of 10,000 orders at random prices in 4
 * regions, and side by side in the same run the npm package nodejs-order-book on the
 * same order stream restricted to one region without transmission fees, where the two
 * agree on semantics (price-time priority, gtc/ioc/fok/post-only, maker's price). The
 * two single-region books are compared level by level at the end, so the figures are
 * for the same work. Fixed seeds: the same stream every run.
 *   node bench/exchange.bench.ts [--orders 200000] [--book 10000] [--seed 12]
 */
import { parseArgs } from 'node:util';
import { OrderBook } from 'nodejs-order-book';
import { cancelOrder, getDepth, MemoryBookStore, placeOrder, readBook, type FeeSchedule, type Side, type TimeInForce } from '../src/exchange/engine/index.ts';
import { prng } from '../test/helpers/prng.ts';

/** One measured figure (the shape bench/run.ts prints). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  ratio?: { to: string; value: number };
}

interface PlaceOp {
  readonly kind: 'place';
  readonly side: Side;
  readonly owner: number;
  readonly region: number;
  readonly wh: number;
  readonly price: number;
  readonly tif: TimeInForce;
}
interface CancelOp {
  readonly kind: 'cancel';
  /** Index in the stream of the order to cancel. */
  readonly target: number;
}
type Op = PlaceOp | CancelOp;

const REGIONS = ['r0', 'r1', 'r2', 'r3'];
// Stamp sums (µTES/kWh) from seller region (row) to buyer region (column); r0 and r3
// have no route between them.
const STAMPS: ReadonlyArray<ReadonlyArray<number | null>> = [
  [1_000, 2_500, 3_000, null],
  [2_500, 1_500, 3_500, 4_000],
  [3_000, 3_500, 2_000, 4_500],
  [null, 4_000, 4_500, 2_500],
];

function fourRegions(): FeeSchedule {
  const index = new Map(REGIONS.map((r, i) => [r, i]));
  const m = STAMPS.map((row) => row.map((v) => (v === null ? null : BigInt(v))));
  return {
    stampSum(from, to) {
      const a = index.get(from);
      const b = index.get(to);
      return a === undefined || b === undefined ? null : m[a]![b]!;
    },
  };
}

const oneRegion: FeeSchedule = { stampSum: (from, to) => (from === 'r0' && to === 'r0' ? 0n : null) };

/**
 * A book of `book` resting orders (bids 90,000–102,000, asks 100,500–110,000 µTES/kWh,
 * so none cross) followed by `orders` incoming ones whose prices overlap the book (bids
 * up to 106,000, asks from 96,000), 85% gtc and 5% each ioc, fok and post-only, 100 Wh to
 * 10 kWh; after each incoming order, with probability one half, a cancel of a random
 * earlier order (a no-op if it has gone), which keeps the book near its starting size.
 */
function makeStream(seed: number, book: number, orders: number): Op[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const ops: Op[] = [];
  const placed: number[] = [];
  const place = (incoming: boolean): void => {
    const side: Side = rnd() < 0.5 ? 'buy' : 'sell';
    const price = side === 'buy' ? (incoming ? int(92_000, 106_000) : int(90_000, 102_000)) : incoming ? int(96_000, 112_000) : int(100_500, 110_000);
    const t = rnd();
    const tif: TimeInForce = !incoming || t < 0.85 ? 'gtc' : t < 0.9 ? 'ioc' : t < 0.95 ? 'fok' : 'post-only';
    placed.push(ops.length);
    ops.push({ kind: 'place', side, owner: int(0, 999), region: int(0, 3), wh: int(1, 100) * 100, price, tif });
  };
  for (let i = 0; i < book; i++) place(false);
  for (let i = 0; i < orders; i++) {
    place(true);
    if (rnd() < 0.5) ops.push({ kind: 'cancel', target: placed[int(Math.max(0, placed.length - 2 * book), placed.length - 1)]! });
  }
  return ops;
}

interface RunResult {
  seconds: number;
  placed: number;
  ops: number;
  filledWh: bigint;
  resting: number;
}

/** Runs the stream on the engine; the first `book` orders build the book untimed. */
function runEngine(ops: readonly Op[], book: number, fees: FeeSchedule, singleRegion: boolean): RunResult & { store: MemoryBookStore } {
  const store = new MemoryBookStore();
  const ids = new Int32Array(ops.length);
  const owners = singleRegion ? undefined : Array.from({ length: 1000 }, (_, i) => `acct${i}`);
  let filledWh = 0n;
  let placed = 0;
  let start = 0n;
  for (let k = 0; k < ops.length; k++) {
    if (k === book) start = process.hrtime.bigint();
    const op = ops[k]!;
    if (op.kind === 'cancel') {
      const id = ids[op.target]!;
      if (id > 0 && store.get('order', String(id))) cancelOrder(store, { id, owner: store.get('order', String(id))!.owner });
      continue;
    }
    placed += k >= book ? 1 : 0;
    try {
      const r = placeOrder(store, fees, {
        period: 1,
        side: op.side,
        // One region: every order has its own owner, as the peer has no owners.
        owner: owners ? owners[op.owner]! : `o${k}`,
        region: singleRegion ? 'r0' : REGIONS[op.region]!,
        wh: BigInt(op.wh),
        price: BigInt(op.price),
        tif: op.tif,
        arrival: { height: 1 + (k >> 10), txIndex: k & 1023 },
      });
      ids[k] = r.id;
      if (k >= book) for (const f of r.fills) filledWh += f.wh;
    } catch (e) {
      if ((e as { code?: string }).code !== 'FOK_UNFILLABLE' && (e as { code?: string }).code !== 'POST_ONLY_CROSSES') throw e;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, placed, ops: ops.length - book, filledWh, resting: readBook(store, 1, 'c').length, store };
}

/** Runs the single-region stream on nodejs-order-book. */
function runPeer(ops: readonly Op[], book: number): RunResult & { ob: OrderBook } {
  const ob = new OrderBook();
  const TIF = { gtc: 'GTC', ioc: 'IOC', fok: 'FOK', 'post-only': 'GTC' } as const;
  let filledWh = 0;
  let placed = 0;
  let start = 0n;
  for (let k = 0; k < ops.length; k++) {
    if (k === book) start = process.hrtime.bigint();
    const op = ops[k]!;
    if (op.kind === 'cancel') {
      ob.cancel(String(op.target));
      continue;
    }
    placed += k >= book ? 1 : 0;
    const r = ob.limit({ side: op.side as never, id: String(k), size: op.wh, price: op.price, postOnly: op.tif === 'post-only', timeInForce: TIF[op.tif] as never });
    if (k >= book && !r.err) filledWh += op.wh - r.quantityLeft;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const [asks, bids] = ob.depth();
  return { seconds, placed, ops: ops.length - book, filledWh: BigInt(filledWh), resting: countOrders(ob, asks, bids), ob };
}

function countOrders(ob: OrderBook, asks: Array<[number, number]>, bids: Array<[number, number]>): number {
  return Object.keys((ob as unknown as { orders: Record<string, unknown> }).orders).length || asks.length + bids.length;
}

/** Both single-region books, level by level, must be the same. */
function sameBooks(store: MemoryBookStore, ob: OrderBook): boolean {
  const [asks, bids] = ob.depth();
  const ours = (side: Side) => getDepth(store, 1, 'c', side, 'r0', 1e9).map((l) => [Number(l.price), Number(l.wh)]);
  const theirs = (levels: Array<[number, number]>, side: Side) => [...levels].sort((a, b) => (side === 'sell' ? a[0] - b[0] : b[0] - a[0]));
  return JSON.stringify(ours('sell')) === JSON.stringify(theirs(asks, 'sell')) && JSON.stringify(ours('buy')) === JSON.stringify(theirs(bids, 'buy'));
}

/** The benchmark's figures; bench/run.ts can call this. */
export function benchExchange(opts: { orders: number; book: number; seed: number }): Figure[] {
  // Warm the JIT of both on a different stream first.
  const warm = makeStream(opts.seed + 1, 2_000, 20_000);
  runEngine(warm, 2_000, fourRegions(), false);
  runEngine(warm, 2_000, oneRegion, true);
  runPeer(warm, 2_000);

  const ops = makeStream(opts.seed, opts.book, opts.orders);
  const four = runEngine(ops, opts.book, fourRegions(), false);
  const one = runEngine(ops, opts.book, oneRegion, true);
  const peer = runPeer(ops, opts.book);
  if (one.filledWh !== peer.filledWh || !sameBooks(one.store, peer.ob)) {
    throw new Error(`single-region results differ: engine filled ${one.filledWh} Wh, nodejs-order-book ${peer.filledWh} Wh; the comparison is void`);
  }
  const rate = (r: RunResult) => r.placed / r.seconds;
  return [
    { name: `engine, 4 regions with fees: orders/s (book ${opts.book}, ${four.placed} orders + cancels)`, value: rate(four), unit: 'orders/s' },
    { name: `  filled ${four.filledWh} Wh; ${four.resting} orders resting at the end`, value: four.ops / four.seconds, unit: 'ops/s' },
    { name: 'engine, 1 region: orders/s', value: rate(one), unit: 'orders/s', ratio: { to: 'nodejs-order-book', value: rate(one) / rate(peer) } },
    { name: 'nodejs-order-book, 1 region, same stream (books equal at the end)', value: rate(peer), unit: 'orders/s' },
    { name: `  filled ${peer.filledWh} Wh; ${one.resting} orders resting at the end`, value: peer.ops / peer.seconds, unit: 'ops/s' },
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { orders: { type: 'string', default: '200000' }, book: { type: 'string', default: '10000' }, seed: { type: 'string', default: '12' } } });
  const opts = { orders: Number(values.orders), book: Number(values.book), seed: Number(values.seed) };
  console.log(`exchange: matching in process, one core, Node ${process.version}\n  (reproduce: node bench/exchange.bench.ts --orders ${opts.orders} --book ${opts.book} --seed ${opts.seed})`);
  for (const f of benchExchange(opts)) {
    const value = Math.round(f.value).toLocaleString('en-US');
    const ratio = f.ratio ? `  (${(f.ratio.value * 100).toFixed(1)}% of ${f.ratio.to})` : '';
    console.log(`  ${f.name.padEnd(84)} ${value.padStart(10)} ${f.unit}${ratio}`);
  }
}
