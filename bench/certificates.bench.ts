import { MODULES } from '../src/node/modules.ts';
/**
 * Certificates benchmark: what green certificates add to block application.
 * - the block that settles a period of 10,000 trades among 200 solar sellers and 1,000
 *   buyers, on a chain with the certificates section (issuance for 200 generators, and the
 *   consumption of 1,000 percent quotas counted) against the same chain without it;
 * - the block that closes that compliance period: 1,000 quotas assessed and fined (from
 *   balance), each with a credit recompute, against the same block without certificates.
 * Signatures are not part of it (applyBlock takes checked txs). Fixed keys and quantities,
 * so runs are comparable; figures on a shared machine are noisy.
 * Run: npx node bench/certificates.bench.ts
 */
import { BLOCK_VERSION } from '../src/chain/block.ts';
import { accumulateState, createGenesisState, type Genesis } from '../src/chain/genesis.ts';
import { DEVNET_DEFAULTS } from '../src/chain/params.ts';
import { accountIdFromPublicKey, getAccount } from '../src/chain/state/accounts.ts';
import { addressFromBytes } from '../src/chain/address.ts';
import { applyBlock } from '../src/chain/stf/applyBlock.ts';
import { sha256 } from '../src/chain/hash.ts';
import { utf8 } from '../src/chain/bytes.ts';
import { createDevMarketGenesis } from '../src/market/devGenesis.ts';
import { createDevCertGenesis } from '../src/certificates/devGenesis.ts';
import { readCertTotals } from '../src/certificates/records/counters.ts';
import type { LtHash } from '../src/chain/state/ltHash.ts';
import type { MemoryState } from '../src/chain/state/stateReader.ts';
import type { ChainContext } from '../src/chain/module/context.ts';
import type { Payload, Tx } from '../src/chain/types.ts';

const G = 1_700_000_000_000;
const PERIOD = 30_000;
const SELLERS = 200;
const BUYERS = 1_000;
const TRADES = 10_000;
const PER_BLOCK = 2_000;
type Key = { pub: Uint8Array; id: Uint8Array };
const key = (name: string): Key => {
  const pub = sha256(utf8(`bench/${name}`));
  return { pub, id: accountIdFromPublicKey(pub) };
};

/** Runs the whole scenario on a chain with or without certificates; returns the settle and close block times (ms). */
function scenario(withCerts: boolean): { settle: number; close: number; issued: bigint } {
  const AUTH = key('authority');
  const sellers = Array.from({ length: SELLERS }, (_, i) => key(`s${i}`));
  const buyers = Array.from({ length: BUYERS }, (_, i) => key(`b${i}`));
  const dev = createDevMarketGenesis(addressFromBytes(AUTH.id));
  // Compliance periods of 12 delivery periods, closed one period after they end (away from the agency cycle's end at 20).
  const certs = { ...createDevCertGenesis(), compliancePeriods: 12, claimGracePeriods: 1 };
  const g: Genesis = {
    chainId: 'bench',
    timestamp: G,
    params: { ...DEVNET_DEFAULTS, minFee: 0n, blockReward: 0n, maxBlockTxs: 100_000 },
    alloc: [AUTH, ...sellers, ...buyers].map((k) => ({ id: k.id, balance: 10n ** 15n })),
    authorities: [{ id: AUTH.id, roles: ['validator', 'dispatcher', 'regulator', 'meter', 'creditAgency'] }],
    sections: { market: { ...dev, config: { ...dev.config, maxPeriodsAhead: 100_000 } }, ...(withCerts ? { certificates: certs } : {}) },
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
  block([
    ...sellers.map((s, i) => ({ from: s, kind: 'market.register', payload: { role: 'seller', region: 'central', docHash: sha256(utf8(`s${i}`)), docFields: 63, source: 'solar', carbon: 10 } as Payload })),
    ...buyers.map((b, i) => ({ from: b, kind: 'market.register', payload: { role: 'buyer', region: 'central', docHash: sha256(utf8(`b${i}`)), docFields: 63, source: '', carbon: 0 } as Payload })),
  ], now++);
  block([...sellers, ...buyers].map((a) => ({ from: AUTH, kind: 'market.review', payload: { account: a.id, approve: true, reason: '' } })), now++);
  block([...sellers, ...buyers].map((a) => ({ from: a, kind: 'market.bond', payload: { amount: 10_000_000n } })), now++);
  // Every buyer has a percent quota for compliance period 0; half of them will be short.
  if (withCerts) block(buyers.map((b, i) => ({ from: AUTH, kind: 'cert.quota', payload: { account: b.id, period: 0, wh: 0n, percent: 1 + (i % 100) } })), now++);
  const period = 10;
  block(Array.from({ length: PER_BLOCK }, (_, i) => ({ from: sellers[i % SELLERS]!, kind: 'market.list', payload: { side: 'sell', period, wh: 100_000n, price: 90_000n, region: 'central', source: 'solar', carbon: 10 } as Payload })), now++);
  for (let made = 0; made < TRADES; made += PER_BLOCK) {
    block(Array.from({ length: PER_BLOCK }, (_, i) => ({ from: buyers[(made + i) % BUYERS]!, kind: 'market.pick', payload: { listing: 1 + ((made + i) % PER_BLOCK), wh: 10n } as Payload })), now++);
  }
  const start = G + period * PERIOD;
  block([...sellers, ...buyers].map((a) => ({ from: AUTH, kind: 'market.meter', payload: { account: a.id, period, wh: 500n } })), start + 1);
  const settle = block([], start + PERIOD + 10_000);
  // Compliance period 0 (delivery periods 0–11) closes when period 12 settles.
  block([], start + PERIOD + 11_000);
  const close = block([], G + 13 * PERIOD + 10_000);
  return { settle, close, issued: readCertTotals(state).issued };
}

// The first run of each warms the JIT; the second is measured.
scenario(false);
scenario(true);
const base = scenario(false);
const certs = scenario(true);
console.log(`green certificates: what they add to block application (npx node bench/certificates.bench.ts)`);
console.log(`  settle a period of ${TRADES.toLocaleString('en')} trades (${SELLERS} solar sellers, ${BUYERS} buyers): ${base.settle.toFixed(0)} ms without certificates, ${certs.settle.toFixed(0)} ms with (issuing ${certs.issued} Wh to ${SELLERS} generators, counting ${BUYERS} quotas' consumption): ×${(certs.settle / base.settle).toFixed(2)}`);
console.log(`  close a compliance period with ${BUYERS} percent quotas (assess, fine, credit recompute): ${certs.close.toFixed(1)} ms; the same block without certificates: ${base.close.toFixed(1)} ms`);
