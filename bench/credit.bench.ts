import { MODULES } from '../src/node/modules.ts';
import { BLOCK_VERSION } from '../src/chain/block.ts';
/**
 * Credit benchmark: what the credit rules add to block application. Figures:
 * - market.rate (one credit recompute each) against plain transfers;
 * - the block that settles a period of 10,000 trades among 400 parties (400 recomputes);
 * - the agency-cycle block (score refresh, inactivity check, reward) for 400 and 4,000 members;
 * - the violation check a market.report runs (over the newest 256 trades and listings at most).
 * Signatures are not part of it (applyBlock takes checked txs). Fixed keys and quantities,
 * so runs are comparable. Run: npx node bench/credit.bench.ts
 */
import { accumulateState, createGenesisState, type Genesis } from '../src/chain/genesis.ts';
import { DEVNET_DEFAULTS } from '../src/chain/params.ts';
import { accountIdFromPublicKey, getAccount } from '../src/chain/state/accounts.ts';
import { addressFromBytes } from '../src/chain/address.ts';
import { applyBlock } from '../src/chain/stf/applyBlock.ts';
import { sha256 } from '../src/chain/hash.ts';
import { utf8 } from '../src/chain/bytes.ts';
import { createDevMarketGenesis } from '../src/market/devGenesis.ts';
import { CREDIT_DEFAULTS } from '../src/market/credit/config.ts';
import { getCheck, getTrades } from '../src/market/index.ts';
import type { LtHash } from '../src/chain/state/ltHash.ts';
import type { MemoryState } from '../src/chain/state/stateReader.ts';
import type { ChainContext } from '../src/chain/module/context.ts';
import type { Payload, Tx } from '../src/chain/types.ts';

const G = 1_700_000_000_000;
const PERIOD = 30_000;
type Key = { pub: Uint8Array; id: Uint8Array };
const key = (name: string): Key => {
  const pub = sha256(utf8(`bench/${name}`));
  return { pub, id: accountIdFromPublicKey(pub) };
};

/** A bench chain with `n` sellers and `n` buyers, approved and bonded, agency cycles of `cycle` periods. */
function benchChain(n: number, cycle: number) {
  const AUTH = key('authority');
  const sellers = Array.from({ length: n }, (_, i) => key(`s${i}`));
  const buyers = Array.from({ length: n }, (_, i) => key(`b${i}`));
  const dev = createDevMarketGenesis(addressFromBytes(AUTH.id));
  const g: Genesis = {
    chainId: 'bench',
    timestamp: G,
    params: { ...DEVNET_DEFAULTS, minFee: 0n, blockReward: 0n, maxBlockTxs: 100_000 },
    alloc: [AUTH, ...sellers, ...buyers].map((k) => ({ id: k.id, balance: 10n ** 15n })),
    authorities: [{ id: AUTH.id, roles: ['validator', 'dispatcher', 'regulator', 'meter', 'creditAgency'] }],
    sections: { market: { ...dev, config: { ...dev.config, maxPeriodsAhead: 100_000 }, credit: { ...CREDIT_DEFAULTS, agencyPeriods: cycle, inactivePeriods: 1_000_000 } } },
    modules: MODULES,
  };
  const ctx: ChainContext = { chainId: g.chainId, genesisTime: G, params: g.params, modules: g.modules };
  let state: MemoryState = createGenesisState(g);
  let acc: LtHash = accumulateState(state);
  let height = 0;
  const block = (txs: Array<{ from: Key; kind: string; payload: Payload }>, time: number): number => {
    const nonces = new Map<string, number>();
    const built: Tx[] = txs.map((t) => {
      const k = Buffer.from(t.from.id).toString('hex');
      const nonce = nonces.get(k) ?? getAccount(state, t.from.id).nonce;
      nonces.set(k, nonce + 1);
      return { chainId: g.chainId, from: t.from.pub, nonce, fee: 0n, kind: t.kind, payload: t.payload, sig: new Uint8Array(64) };
    });
    height += 1;
    const header = { version: BLOCK_VERSION, parentHash: new Uint8Array(32), height, timestamp: time, txRoot: new Uint8Array(32), stateRoot: new Uint8Array(32), receiptRoot: new Uint8Array(32), baseTarget: 1n, miner: AUTH.pub, nonce: 0n };
    const t0 = process.hrtime.bigint();
    const res = applyBlock(state, acc, { header, sig: new Uint8Array(64), txs: built }, ctx, built.map((_, i) => sha256(utf8(`${height}/${i}`))));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    state.applyWrites(res.changes.map((c) => [c.key, c.value] as const));
    acc = res.acc;
    const bad = res.receipts.find((r) => r.error);
    if (bad) throw new Error(`bench tx failed: ${bad.error} ${bad.message}`);
    return ms;
  };
  let now = G + 1;
  const regions = ['north', 'central', 'south'];
  block([
    ...sellers.map((s, i) => ({ from: s, kind: 'market.register', payload: { role: 'seller', region: regions[i % 3]!, docHash: sha256(utf8(`s${i}`)), docFields: 63, source: 'solar', carbon: 10 } as Payload })),
    ...buyers.map((b, i) => ({ from: b, kind: 'market.register', payload: { role: 'buyer', region: regions[i % 3]!, docHash: sha256(utf8(`b${i}`)), docFields: 63, source: '', carbon: 0 } as Payload })),
  ], now++);
  block([...sellers, ...buyers].map((a) => ({ from: AUTH, kind: 'market.review', payload: { account: a.id, approve: true, reason: '' } })), now++);
  block([...sellers, ...buyers].map((a) => ({ from: a, kind: 'market.bond', payload: { amount: 10_000_000n } })), now++);
  return { AUTH, sellers, buyers, block, get state() { return state; }, nextTime: () => now++ };
}

const rate = (ms: number, n: number) => Math.round((n * 1000) / ms);
const N = 200;
const TXS = 2000;
const c = benchChain(N, 1_000_000);
const transfers = c.block(Array.from({ length: TXS }, (_, i) => ({ from: c.buyers[i % N]!, kind: 'transfer', payload: { to: c.sellers[(i * 7) % N]!.id, amount: 1_000n } })), c.nextTime());

// Period 10: 10,000 trades among all 400 parties; one in seven parties' meters read 0 (shortfalls).
const period = 10;
c.block(Array.from({ length: TXS }, (_, i) => ({ from: c.sellers[i % N]!, kind: 'market.list', payload: { side: 'sell', period, wh: 100_000n, price: BigInt(90_000 + ((i * 37) % 20_000)), region: ['north', 'central', 'south'][i % 3]!, source: 'solar', carbon: 10 } as Payload })), c.nextTime());
for (let made = 0; made < 10_000; made += TXS) {
  c.block(Array.from({ length: TXS }, (_, i) => ({ from: c.buyers[(made + i) % N]!, kind: 'market.pick', payload: { listing: 1 + ((made + i) % TXS), wh: 10n } as Payload })), c.nextTime());
}
const start = G + period * PERIOD;
c.block([...c.sellers, ...c.buyers].map((a, i) => ({ from: c.AUTH, kind: 'market.meter', payload: { account: a.id, period, wh: BigInt(i % 7 === 0 ? 0 : 500) } })), start + 1);
const settle = c.block([], start + PERIOD + 10_000);
console.log(`settle a period of 10,000 trades among ${2 * N} parties, with their ${2 * N} credit recomputes: ${settle.toFixed(0)} ms`);

const trades = getTrades(c.state, { period });
const rates = c.block(trades.slice(0, TXS).map((t, i) => ({ from: c.buyers.find((b) => addressFromBytes(b.id) === t.buyer)!, kind: 'market.rate', payload: { trade: t.id, score: 1 + (i % 5) } })), start + PERIOD + 11_000);
console.log(`applyBlock of ${TXS} txs (no signature checks)`);
console.log(`  transfer            ${String(rate(transfers, TXS)).padStart(8)} tx/s`);
console.log(`  market.rate         ${String(rate(rates, TXS)).padStart(8)} tx/s   speed vs transfer ${(transfers / rates).toFixed(2)} (each recomputes the rated party's credit)`);

// A report: the violation check over a seller's newest trades, listings and its top counterparty's trades.
const s0 = c.sellers[0]!;
const check = getCheck(c.state, addressFromBytes(s0.id));
const t0 = process.hrtime.bigint();
for (let i = 0; i < 20; i++) getCheck(c.state, addressFromBytes(s0.id));
const checkMs = Number(process.hrtime.bigint() - t0) / 1e6 / 20;
console.log(`violation check of an account with ${check.indicators.trades} trades and ${check.indicators.listings} listings read: ${checkMs.toFixed(2)} ms (${(checkMs / (transfers / TXS)).toFixed(0)} transfers' worth; a report pays one)`);

// The agency-cycle block, for 400 and 4,000 members.
for (const members of [N, 10 * N]) {
  const cc = benchChain(members, 4);
  const cycle = cc.block([], G + 4 * PERIOD);
  console.log(`agency-cycle block with ${2 * members} members (recompute, inactivity check, reward): ${cycle.toFixed(0)} ms (${((cycle * 1000) / (2 * members)).toFixed(0)} µs a member; once every agencyPeriods)`);
}
