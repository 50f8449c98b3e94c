import { MODULES } from '../src/node/modules.ts';
import { BLOCK_VERSION } from '../src/chain/block.ts';
/**
 * Market benchmark: applyBlock throughput for market transactions (a list mix and a
 * pick mix) against plain transfers, and the time of the block that settles a period
 * of 10,000 trades. Signatures are not part of it (applyBlock takes checked txs).
 * Fixed keys and quantities, so runs are comparable. Run: npx node bench/market.bench.ts
 */
import { accumulateState, createGenesisState, type Genesis } from '../src/chain/genesis.ts';
import { DEVNET_DEFAULTS } from '../src/chain/params.ts';
import { accountIdFromPublicKey, getAccount } from '../src/chain/state/accounts.ts';
import { addressFromBytes } from '../src/chain/address.ts';
import { applyBlock } from '../src/chain/stf/applyBlock.ts';
import { sha256 } from '../src/chain/hash.ts';
import { utf8 } from '../src/chain/bytes.ts';
import { createDevMarketGenesis } from '../src/market/devGenesis.ts';
import type { LtHash } from '../src/chain/state/ltHash.ts';
import type { MemoryState } from '../src/chain/state/stateReader.ts';
import type { ChainContext } from '../src/chain/module/context.ts';
import type { Payload, Receipt, Tx } from '../src/chain/types.ts';

const G = 1_700_000_000_000;
const PERIOD = 30_000;
const N = 200; // sellers and buyers each
const key = (name: string) => {
  const pub = sha256(utf8(`bench/${name}`));
  return { pub, id: accountIdFromPublicKey(pub) };
};
const AUTH = key('authority');
const sellers = Array.from({ length: N }, (_, i) => key(`s${i}`));
const buyers = Array.from({ length: N }, (_, i) => key(`b${i}`));
const regions = ['north', 'central', 'south'];

const g: Genesis = {
  chainId: 'bench',
  timestamp: G,
  params: { ...DEVNET_DEFAULTS, minFee: 0n, blockReward: 0n, maxBlockTxs: 100_000 },
  alloc: [AUTH, ...sellers, ...buyers].map((k) => ({ id: k.id, balance: 10n ** 15n })),
  authorities: [{ id: AUTH.id, roles: ['validator', 'dispatcher', 'regulator', 'meter'] }],
  sections: { market: { ...createDevMarketGenesis(addressFromBytes(AUTH.id)), config: { ...createDevMarketGenesis(addressFromBytes(AUTH.id)).config, maxPeriodsAhead: 100_000 } } },
  modules: MODULES,
};
const ctx: ChainContext = { chainId: g.chainId, genesisTime: G, params: g.params, modules: g.modules };
let state: MemoryState = createGenesisState(g);
let acc: LtHash = accumulateState(state);
let height = 0;

function block(txs: Array<{ from: { pub: Uint8Array; id: Uint8Array }; kind: string; payload: Payload }>, time: number): { ms: number; receipts: readonly Receipt[] } {
  const nonces = new Map<string, number>();
  const built: Tx[] = txs.map((t) => {
    const k = Buffer.from(t.from.id).toString('hex');
    const n = nonces.get(k) ?? getAccount(state, t.from.id).nonce;
    nonces.set(k, n + 1);
    return { chainId: g.chainId, from: t.from.pub, nonce: n, fee: 0n, kind: t.kind, payload: t.payload, sig: new Uint8Array(64) };
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
  return { ms, receipts: res.receipts };
}

// Participants.
let now = G + 1;
block([
  ...sellers.map((s, i) => ({ from: s, kind: 'market.register', payload: { role: 'seller', region: regions[i % 3]!, docHash: new Uint8Array(32), docFields: 63, source: 'solar', carbon: 20 } as Payload })),
  ...buyers.map((b, i) => ({ from: b, kind: 'market.register', payload: { role: 'buyer', region: regions[i % 3]!, docHash: new Uint8Array(32), docFields: 63, source: '', carbon: 0 } as Payload })),
], now++);
block([...sellers, ...buyers].map((a) => ({ from: AUTH, kind: 'market.review', payload: { account: a.id, approve: true, reason: '' } })), now++);
block([...sellers, ...buyers].map((a) => ({ from: a, kind: 'market.bond', payload: { amount: 10_000_000n } })), now++);

const TXS = 2000;
const rate = (ms: number, n: number) => Math.round((n * 1000) / ms);
const transfers = block(Array.from({ length: TXS }, (_, i) => ({ from: buyers[i % N]!, kind: 'transfer', payload: { to: sellers[(i * 7) % N]!.id, amount: 1_000n } })), now++);
const period = 10;
const lists = block(Array.from({ length: TXS }, (_, i) => ({
  from: sellers[i % N]!, kind: 'market.list',
  payload: { side: 'sell', period, wh: 100_000n, price: BigInt(90_000 + ((i * 37) % 20_000)), region: regions[i % 3]!, source: 'solar', carbon: 10 } as Payload,
})), now++);
const picks = block(Array.from({ length: TXS }, (_, i) => ({ from: buyers[i % N]!, kind: 'market.pick', payload: { listing: 1 + ((i * 13) % TXS), wh: 10n } as Payload })), now++);
const mix = block(Array.from({ length: TXS }, (_, i) => (i % 2 === 0
  ? { from: sellers[i % N]!, kind: 'market.list', payload: { side: 'sell', period, wh: 50_000n, price: 95_000n, region: regions[i % 3]!, source: 'wind', carbon: 5 } as Payload }
  : { from: buyers[i % N]!, kind: 'market.pick', payload: { listing: 1 + ((i * 13) % TXS), wh: 10n } as Payload })), now++);

console.log(`applyBlock of ${TXS} txs (no signature checks)`);
console.log(`  transfer            ${String(rate(transfers.ms, TXS)).padStart(8)} tx/s`);
console.log(`  market.list         ${String(rate(lists.ms, TXS)).padStart(8)} tx/s   speed vs transfer ${(transfers.ms / lists.ms).toFixed(2)}`);
console.log(`  market.pick         ${String(rate(picks.ms, TXS)).padStart(8)} tx/s   speed vs transfer ${(transfers.ms / picks.ms).toFixed(2)}`);
console.log(`  list/pick 50:50     ${String(rate(mix.ms, TXS)).padStart(8)} tx/s   speed vs transfer ${(transfers.ms / mix.ms).toFixed(2)}`);

// Fill period 10 up to 10,000 trades, meter everyone, then time the settling block.
const TRADES = 10_000;
let made = TXS + TXS / 2;
while (made < TRADES) {
  const n = Math.min(TXS, TRADES - made);
  block(Array.from({ length: n }, (_, i) => ({ from: buyers[(made + i) % N]!, kind: 'market.pick', payload: { listing: 1 + ((made + i) % TXS), wh: 10n } as Payload })), now++);
  made += n;
}
const start = G + period * PERIOD;
block([...sellers, ...buyers].map((a, i) => ({ from: AUTH, kind: 'market.meter', payload: { account: a.id, period, wh: BigInt(400 + (i % 50)) } })), start + 1);
const settle = block([], start + PERIOD + 10_000);
console.log(`settle a period of ${TRADES} trades: ${settle.ms.toFixed(0)} ms (${rate(settle.ms, TRADES)} trades/s; ${(settle.ms / (transfers.ms / TXS)).toFixed(0)} transfers' worth)`);
