import { MODULES } from '../../../src/node/modules.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePeriodPrice, computePeriodSettlement, MAX_PERIOD_SPAN } from '../../../src/market/query/periods.ts';
import { MAX_BLOCKS } from '../../../src/rpc/methods.ts';
import { rpcMethodsOf } from '../../helpers/rpcMethods.ts';
import { toJson, type RpcMethod } from '../../../src/rpc/server.ts';
import { mapError, INVALID_PARAMS } from '../../../src/rpc/rpcError.ts';
import { signTx } from '../../../src/chain/tx.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { utf8 } from '../../../src/chain/bytes.ts';
import { getAccount } from '../../../src/chain/state/accounts.ts';
import { createDevMarketGenesis, getParticipant, REQUIRED_DOCS } from '../../../src/market/index.ts';
import { createTestGenesis, generateChain, openTestChain, TEST_CHAIN_ID, TEST_FEE, TEST_GENESIS_TIME, type TestChain, type TestKey } from '../../helpers/testChain.ts';
import type { Chain } from '../../../src/node/chain/chain.ts';
import type { Payload, Tx } from '../../../src/chain/types.ts';
import type { TradeView } from '../../../src/market/index.ts';

// A real chain on LevelDB with the dev market (north 8,000 — central 5,000 — south
// 12,000 µTES/kWh, 30 s periods, gate 5 s before, meter window 10 s): two sellers and a
// buyer trade in period 2, the meters report, and the chain settles by itself.
const PERIOD = 30_000;
const at = (ms: number) => TEST_GENESIS_TIME + ms;

type Spec = [TestKey, string, Payload];

/** Signs the specs with consecutive nonces per sender, starting from the head state's. */
function signAll(chain: Chain, specs: readonly Spec[]): Tx[] {
  const nonces = new Map<string, number>();
  return specs.map(([key, kind, payload]) => {
    const nonce = nonces.get(key.address) ?? getAccount(chain.state, key.id).nonce;
    nonces.set(key.address, nonce + 1);
    return signTx({ chainId: TEST_CHAIN_ID, from: key.pub, nonce, fee: TEST_FEE, kind, payload }, key.secret);
  });
}

/** Mines one block at genesis + `ms` holding the specs. */
async function blockAt(chain: Chain, ms: number, specs: readonly Spec[]): Promise<void> {
  await generateChain(chain, 1, (_, c) => signAll(c, specs), { stepMs: at(ms) - chain.head.header.timestamp });
}

async function call(methods: Record<string, RpcMethod>, name: string, params?: unknown): Promise<any> {
  return toJson(await methods[name]!(params));
}

async function rejects(methods: Record<string, RpcMethod>, name: string, params: unknown, message: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await methods[name]!(params);
  } catch (err) {
    caught = err;
  }
  expect(caught, `${name} ${JSON.stringify(params)} should be refused`).toBeInstanceOf(Error);
  // What the server sends for it: INVALID_PARAMS naming the param.
  const { error } = mapError(caught);
  expect(error.code).toBe(INVALID_PARAMS);
  expect(error.message).toMatch(message);
}

describe('dashboard RPC methods over a real chain', () => {
  let tc: TestChain;
  let m: Record<string, RpcMethod>;
  let auth: TestKey, north: TestKey, central: TestKey, buyer: TestKey;

  beforeAll(async () => {
    const { genesis, keys } = createTestGenesis({ accounts: 4 });
    [auth, north, central, buyer] = keys as [TestKey, TestKey, TestKey, TestKey];
    tc = await openTestChain({ ...genesis, sections: { market: createDevMarketGenesis(auth.address) } });
    m = rpcMethodsOf(tc.chain);
    const chain = tc.chain;
    const register = (k: TestKey, role: 'seller' | 'buyer', region: string): Spec => [k, 'market.register', {
      role, region, docHash: sha256(utf8(k.address)), docFields: REQUIRED_DOCS[role], source: role === 'seller' ? 'solar' : '', carbon: role === 'seller' ? 20 : 0,
    }];
    const sell = (k: TestKey, period: number, wh: bigint, price: bigint, region: string): Spec => [k, 'market.list', { side: 'sell', period, wh, price, region, source: 'wind', carbon: 10 }];
    await blockAt(chain, 1_000, [register(north, 'seller', 'north'), register(central, 'seller', 'central'), register(buyer, 'buyer', 'south')]);
    await blockAt(chain, 2_000, [north, central, buyer].map((k): Spec => [auth, 'market.review', { account: k.id, approve: true, reason: '' }]));
    await blockAt(chain, 3_000, [north, central, buyer].map((k): Spec => [k, 'market.bond', { amount: 5_000_000n }]));
    // Listings 1 and 2 for period 2, listing 3 for period 4.
    await blockAt(chain, 4_000, [sell(north, 2, 4_000n, 100_000n, 'north'), sell(central, 2, 3_000n, 104_003n, 'central'), sell(north, 4, 1_000n, 90_000n, 'north')]);
    // Trades 1 and 2; the third pick asks for more than is left and fails in its block.
    await blockAt(chain, 5_000, [[buyer, 'market.pick', { listing: 1, wh: 3_333n }], [buyer, 'market.pick', { listing: 2, wh: 1_000n }], [buyer, 'market.pick', { listing: 2, wh: 9_000n }]]);
    // Period 2 runs [60 s, 90 s); the meters report during it, settlement is due at 100 s.
    await blockAt(chain, 2 * PERIOD + 1_000, [
      [auth, 'market.meter', { account: north.id, period: 2, wh: 3_333n }],
      [auth, 'market.meter', { account: central.id, period: 2, wh: 1_000n }],
      [auth, 'market.meter', { account: buyer.id, period: 2, wh: 4_000n }],
    ]);
    await blockAt(chain, 3 * PERIOD + 10_000, []);
  });
  afterAll(async () => {
    await tc?.destroy();
  });

  it('chain_blocks: newest first, with tx counts and failed receipts, paged by from and count', async () => {
    const head = tc.chain.head.header.height;
    expect(head).toBe(7);
    const all = await call(m, 'chain_blocks');
    expect(all.head).toBe(7);
    expect(all.blocks.map((b: any) => b.height)).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    const picks = all.blocks.find((b: any) => b.height === 5);
    expect(picks).toMatchObject({ txCount: 3, failedTxs: 1, timestamp: at(5_000) });
    expect(picks.minerAddress).toMatch(/^tes1/);
    expect(picks.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(all.blocks.find((b: any) => b.height === 6).parentHash).toBe(picks.hash);

    const page = await call(m, 'chain_blocks', { from: 4, count: 2 });
    expect(page.blocks.map((b: any) => b.height)).toEqual([4, 3]);
    // A start above the head starts at the head.
    expect((await call(m, 'chain_blocks', { from: 1_000, count: 1 })).blocks[0].height).toBe(7);
    expect((await call(m, 'chain_blocks', { count: MAX_BLOCKS })).blocks).toHaveLength(8);
  });

  it('chain_blocks validates its params', async () => {
    await rejects(m, 'chain_blocks', { count: 0 }, /"count" must be an integer from 1 to 100/);
    await rejects(m, 'chain_blocks', { count: MAX_BLOCKS + 1 }, /"count"/);
    await rejects(m, 'chain_blocks', { count: '5' }, /"count"/);
    await rejects(m, 'chain_blocks', { from: -1 }, /"from" must be an integer from 0/);
    await rejects(m, 'chain_blocks', { from: 1.5 }, /"from"/);
    await rejects(m, 'chain_blocks', { height: 1 }, /unknown param "height"/);
    // By position, as JSON-RPC 2.0 allows: [from, count].
    expect((await call(m, 'chain_blocks', [1, 1])).blocks.map((b: any) => b.height)).toEqual([1]);
    await rejects(m, 'chain_blocks', [1, 1, 1], /at most 2 params by position/);
  });

  it('market_prices: integer volume-weighted price per period, empty periods included', async () => {
    const r = await call(m, 'market_prices', { fromPeriod: 1, toPeriod: 4 });
    // Period 2: (3,333 × 100,000 + 1,000 × 104,003) / 4,333 = 437,303,000 / 4,333 = 100,923.84… → 100,923.
    expect(r).toEqual({
      fromPeriod: 1,
      toPeriod: 4,
      periods: [
        { period: 1, trades: 0, wh: '0', vwap: null, low: null, high: null },
        { period: 2, trades: 2, wh: '4333', vwap: '100923', low: '100000', high: '104003' },
        { period: 3, trades: 0, wh: '0', vwap: null, low: null, high: null },
        // Listed but never picked: no trade, no price.
        { period: 4, trades: 0, wh: '0', vwap: null, low: null, high: null },
      ],
    });
    expect((437_303_000n / 4_333n).toString()).toBe('100923');
  });

  it('market_prices and market_settlements validate the period range', async () => {
    for (const name of ['market_prices', 'market_settlements']) {
      await rejects(m, name, undefined, /"fromPeriod" is required \(an integer from 0 to 4294967295\)/);
      await rejects(m, name, { fromPeriod: 2 }, /"toPeriod" is required/);
      await rejects(m, name, { fromPeriod: 5, toPeriod: 4 }, /"toPeriod" \(4\) must not be below "fromPeriod" \(5\)/);
      await rejects(m, name, { fromPeriod: 0, toPeriod: MAX_PERIOD_SPAN }, /at most 256 periods per call \(asked for 257\)/);
      await rejects(m, name, { fromPeriod: -1, toPeriod: 3 }, /"fromPeriod"/);
      await rejects(m, name, { fromPeriod: '1', toPeriod: 3 }, /"fromPeriod"/);
      await rejects(m, name, { fromPeriod: 1, toPeriod: 2 ** 32 }, /"toPeriod"/);
      await rejects(m, name, { fromPeriod: 1, toPeriod: 2, extra: true }, /unknown param "extra"/);
    }
    expect((await call(m, 'market_prices', { fromPeriod: 0, toPeriod: MAX_PERIOD_SPAN - 1 })).periods).toHaveLength(MAX_PERIOD_SPAN);
  });

  it('market_recent_trades and market_recent_listings: newest first, with settlement, paged by before', async () => {
    const trades = await call(m, 'market_recent_trades');
    expect(trades.nextId).toBe(3);
    expect(trades.trades.map((t: any) => t.id)).toEqual([2, 1]);
    const t1 = trades.trades[1];
    expect(t1).toMatchObject({ id: 1, period: 2, listing: 1, seller: north.address, buyer: buyer.address, wh: '3333', price: '100000', status: 'settled' });
    // Energy floor(3,333 × 100,000 / 1000) = 333,300; fee (8,000 + 5,000 + 12,000) × 3.333 = 83,325.
    expect(t1.settlement).toMatchObject({ executedWh: '3333', energy: '333300', fee: '83325', refund: '0' });
    expect((await call(m, 'market_recent_trades', { count: 1 })).trades.map((t: any) => t.id)).toEqual([2]);
    expect((await call(m, 'market_recent_trades', { before: 2 })).trades.map((t: any) => t.id)).toEqual([1]);
    expect((await call(m, 'market_recent_trades', { before: 1 })).trades).toEqual([]);

    const listings = await call(m, 'market_recent_listings', { count: 2 });
    expect(listings.nextId).toBe(4);
    expect(listings.listings.map((l: any) => [l.id, l.period, l.rest, l.status])).toEqual([[3, 4, '1000', 'open'], [2, 2, '2000', 'closed']]);
    await rejects(m, 'market_recent_trades', { count: 201 }, /"count" must be an integer from 1 to 200/);
    await rejects(m, 'market_recent_listings', { before: 0 }, /"before"/);
    await rejects(m, 'market_recent_listings', { period: 2 }, /unknown param "period"/);
  });

  it('market_settlements: totals of settled periods, deviations split by direction', async () => {
    const r = await call(m, 'market_settlements', { fromPeriod: 0, toPeriod: 10 });
    expect(r.settledBelow).toBe(3);
    expect(r.periods).toHaveLength(1);
    const p = r.periods[0];
    // Trade 2: energy floor(1,000 × 104,003 / 1000) = 104,003, fee (5,000 + 12,000) × 1 = 17,000.
    // The buyer used 4,000 of 4,333 Wh: its reading is shared 3,077 / 923 (largest remainder),
    // so it receives floor(20,000 × 256 / 1000) = 5,120 and floor(20,000 × 77 / 1000) = 1,540.
    expect(p).toMatchObject({
      period: 2, settled: true, settlesAt: String(at(3 * PERIOD + 10_000)), trades: 2,
      contractedWh: '4333', curtailedWh: '0', executedWh: '4333', energy: String(333_300 + 104_003), fee: String(83_325 + 17_000), refund: '0',
      reservePaid: String(5_120 + 1_540), reserveReceived: '0', fromBond: '0', unpaid: '0',
    });
    const trades = (await call(m, 'market_recent_trades')).trades;
    const sum = (f: (t: any) => string) => trades.reduce((a: bigint, t: any) => a + BigInt(f(t)), 0n).toString();
    expect(p.reservePaid).toBe(sum((t) => t.settlement.buyerDeviation));
    expect(p.energy).toBe(sum((t) => t.settlement.energy));
  });

  it('market_participants: the parties of recent listings and trades, best credit first', async () => {
    const r = await call(m, 'market_participants');
    expect(r.scanned).toEqual({ listings: 3, trades: 2 });
    // The views are market_participant's, ordered by score (the credit rules decide it), then address.
    const expected = [north, central, buyer].map((k) => toJson(getParticipant(tc.chain.state, k.address)) as any);
    expected.sort((a, b) => b.creditScore - a.creditScore || (a.address < b.address ? -1 : 1));
    expect(r.participants).toEqual(expected);
    const seller = r.participants.find((p: any) => p.address === north.address);
    expect(seller).toMatchObject({ role: 'seller', status: 'approved', region: 'north', bond: '5000000' });
    // Scanning only the newest listing and trade finds north (listing 3) and central + buyer (trade 2).
    expect((await call(m, 'market_participants', { scan: 1 })).participants).toHaveLength(3);
    await rejects(m, 'market_participants', { scan: 0 }, /"scan" must be an integer from 1 to 2048/);
    await rejects(m, 'market_participants', { scan: 4096 }, /"scan"/);
  });
});

describe('dashboard RPC methods on a chain without a market', () => {
  it('answer with empty lists', async () => {
    const tc = await openTestChain(createTestGenesis().genesis);
    try {
      await generateChain(tc.chain, 2);
      const m = rpcMethodsOf(tc.chain);
      expect((await call(m, 'chain_blocks')).blocks.map((b: any) => b.height)).toEqual([2, 1, 0]);
      expect(await call(m, 'market_recent_trades')).toEqual({ nextId: 1, trades: [] });
      expect(await call(m, 'market_recent_listings')).toEqual({ nextId: 1, listings: [] });
      expect(await call(m, 'market_participants')).toEqual({ scanned: { listings: 0, trades: 0 }, participants: [] });
      expect((await call(m, 'market_prices', { fromPeriod: 0, toPeriod: 1 })).periods.map((p: any) => p.vwap)).toEqual([null, null]);
      expect((await call(m, 'market_settlements', { fromPeriod: 0, toPeriod: 1 })).periods).toEqual([]);
    } finally {
      await tc.destroy();
    }
  });
});

describe('computePeriodPrice', () => {
  const trade = (wh: bigint, price: bigint, curtailed = 0n) => ({ wh, price, curtailed });

  it('weighs each trade by its uncurtailed quantity and floors once', () => {
    // (1,000 × 3 + 2 × 4) / 1,002 = 3,008 / 1,002 = 3.0019… → 3
    expect(computePeriodPrice(7, [trade(1_000n, 3n), trade(2n, 4n)])).toEqual({ period: 7, trades: 2, wh: 1_002n, vwap: 3n, low: 3n, high: 4n });
    // Curtailment: 5,000 Wh with 4,000 cut weighs 1,000; (1,000 × 90,000 + 3,000 × 120,001) / 4,000 = 112,500.75 → 112,500
    expect(computePeriodPrice(1, [trade(5_000n, 90_000n, 4_000n), trade(3_000n, 120_001n)]).vwap).toBe(112_500n);
    // Fully curtailed trades carry no weight and set no low/high.
    expect(computePeriodPrice(1, [trade(5_000n, 1n, 5_000n), trade(10n, 50n)])).toEqual({ period: 1, trades: 1, wh: 10n, vwap: 50n, low: 50n, high: 50n });
  });

  it('gives null without volume, and stays exact far past 2^53', () => {
    expect(computePeriodPrice(0, [])).toEqual({ period: 0, trades: 0, wh: 0n, vwap: null, low: null, high: null });
    const max = 10n ** 12n;
    const r = computePeriodPrice(0, [trade(max, max), trade(max, max - 1n), trade(1n, 1n)]);
    // (10^24 + 10^24 − 10^12 + 1) / (2·10^12 + 1), exactly
    expect(r.vwap).toBe((2n * max * max - max + 1n) / (2n * max + 1n));
    expect(r.vwap).toBe(999_999_999_999n);
  });
});

describe('computePeriodSettlement', () => {
  const settled = (buyerDeviation: bigint, sellerDeviation: bigint) => ({
    wh: 1_000n, curtailed: 100n, settlement: { executedWh: 900n, energy: 90n, fee: 9n, refund: 1n, buyerMeteredWh: 0n, sellerMeteredWh: 0n, buyerDeviation, sellerDeviation, fromBond: 5n, unpaid: 2n },
  }) as unknown as TradeView;

  it('sums settlement records and splits deviations by direction', () => {
    const open = { wh: 500n, curtailed: 0n, settlement: null } as unknown as TradeView;
    expect(computePeriodSettlement(3, [settled(10n, -7n), settled(-3n, 4n), open], true, 123n)).toEqual({
      period: 3, settled: true, settlesAt: 123n, trades: 3, contractedWh: 2_500n, curtailedWh: 200n, executedWh: 1_800n,
      energy: 180n, fee: 18n, refund: 2n, reservePaid: 14n, reserveReceived: 10n, fromBond: 10n, unpaid: 4n,
    });
  });
});
