/**
 * Property: issuance survives reorgs across the settlement block. The module only writes
 * state, so the chain's undo records roll its cursor and lots back with everything else.
 * Two real LevelDB chains share a prefix (registration, a sale in period 1 by a solar and
 * a gas seller, first meter readings); then
 *
 *   prefix ─ A1 (readings A) ─ A2 (settles period 1; the solar seller lists certificates) ─ …   branch A, seen first
 *         └─ B1 (readings B) ─ B2 ─ … ─ (settles period 1, or not yet) ─ …                  branch B, longer
 *
 * The chain under test follows A, then B arrives and wins. Its state must then equal that
 * of a chain that only saw B, issuance must match B's readings, and a period B settles
 * later is issued exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../../src/chain/bytes.ts';
import { getAccount } from '../../../src/chain/state/accounts.ts';
import { AUTHORITY_ROLES, paramsToJson, parseGenesis } from '../../../src/chain/genesis.ts';
import { signTx } from '../../../src/chain/tx.ts';
import { MODULES } from '../../../src/node/modules.ts';
import { createDevMarketGenesis, marketGenesisToJson } from '../../../src/market/index.ts';
import { DOC, REQUIRED_DOCS } from '../../../src/market/records/participant.ts';
import { certGenesisToJson } from '../../../src/certificates/config.ts';
import { createDevCertGenesis } from '../../../src/certificates/devGenesis.ts';
import { peekCertId } from '../../../src/certificates/records/counters.ts';
import { readLot } from '../../../src/certificates/records/lot.ts';
import { mineBlock, openTestChain, testKey, TEST_BALANCE, TEST_CHAIN_ID, TEST_FEE, TEST_GENESIS_TIME, TEST_PARAMS, type TestChain, type TestKey } from '../../helpers/testChain.ts';
import { expectIssuanceMatchesSettlement } from './invariants.ts';
import type { Genesis } from '../../../src/chain/genesis.ts';
import type { Block, Payload } from '../../../src/chain/types.ts';

const [auth, solar, gas, buyer1, buyer2] = [0, 1, 2, 3, 4].map((i) => testKey('cert-reorg', i)) as [TestKey, TestKey, TestKey, TestKey, TestKey];
const minerA = testKey('cert-reorg-miner', 0);
const minerB = testKey('cert-reorg-miner', 1);
const T0 = TEST_GENESIS_TIME;
const P = 1; // the traded period: starts at T0 + 30 s, settles at T0 + 70 s (end + 10 s meter window)
const SETTLES = T0 + 70_000;

function genesis(): Genesis {
  return parseGenesis({
    chainId: TEST_CHAIN_ID,
    timestamp: T0,
    params: paramsToJson(TEST_PARAMS),
    alloc: [auth, solar, gas, buyer1, buyer2].map((k) => ({ address: k.address, balance: TEST_BALANCE.toString() })),
    authorities: [{ address: auth.address, roles: [...AUTHORITY_ROLES] }],
    market: marketGenesisToJson(createDevMarketGenesis(auth.address)),
    certificates: certGenesisToJson(createDevCertGenesis()),
  }, MODULES);
}

type Spec = readonly [TestKey, string, Payload];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Mines a block at `time` on the chain's head holding `specs` (nonces from its state) and imports it there. */
async function blockAt(tc: TestChain, time: number, specs: readonly Spec[], miner: TestKey): Promise<Block> {
  const used = new Map<string, number>();
  const txs = specs.map(([k, kind, payload]) => {
    const n = used.get(k.address) ?? getAccount(tc.chain.state, k.id).nonce;
    used.set(k.address, n + 1);
    return signTx({ chainId: TEST_CHAIN_ID, from: k.pub, nonce: n, fee: TEST_FEE, kind, payload }, k.secret);
  });
  const b = await mineBlock(tc.chain, undefined, miner.secret, { txs, timestamp: time });
  const r = await tc.chain.importBlock(b);
  expect(r.status).toBe('head');
  return b;
}

const entries = (tc: TestChain) => [...tc.chain.state.map].map(([k, v]) => [k, toHex(v)]).sort(([x], [y]) => (x! < y! ? -1 : 1));
const lotsOf = (tc: TestChain) => Array.from({ length: peekCertId(tc.chain.state, 'lot') - 1 }, (_, i) => readLot(tc.chain.state, i + 1)!);
const meter = (k: TestKey, wh: bigint): Spec => [auth, 'market.meter', { account: k.id, period: P, wh }];

/** Both chains through registration, a sale by each seller in period P and first readings. */
async function prefix(a: TestChain, b: TestChain, q1: bigint, q2: bigint): Promise<void> {
  const reg = (k: TestKey, role: string, source: string): Spec => [k, 'market.register', { role, region: 'central', docHash: new Uint8Array(32).fill(k.id[0]!), docFields: REQUIRED_DOCS[role as 'seller'] | DOC.identity, source, carbon: role === 'seller' ? 15 : 0 }];
  const steps: Array<[number, Spec[]]> = [
    [T0 + 1_000, [reg(solar, 'seller', 'solar'), reg(gas, 'seller', 'gas'), reg(buyer1, 'buyer', ''), reg(buyer2, 'buyer', '')]],
    [T0 + 2_000, [solar, gas, buyer1, buyer2].map((k): Spec => [auth, 'market.review', { account: k.id, approve: true, reason: '' }])],
    [T0 + 3_000, [solar, gas, buyer1, buyer2].map((k): Spec => [k, 'market.bond', { amount: 5_000_000n }])],
    [T0 + 4_000, [
      [solar, 'market.list', { side: 'sell', period: P, wh: q1, price: 80_000n, region: 'central', source: 'solar', carbon: 15 }],
      // The gas seller's listing claims wind: its registration decides, and it earns nothing.
      [gas, 'market.list', { side: 'sell', period: P, wh: q2, price: 70_000n, region: 'central', source: 'wind', carbon: 15 }],
    ]],
    [T0 + 5_000, [[buyer1, 'market.pick', { listing: 1, wh: q1 }], [buyer2, 'market.pick', { listing: 2, wh: q2 }]]],
    [T0 + 30_000, [meter(solar, q1), meter(gas, q2)]],
  ];
  for (const [time, specs] of steps) {
    const blk = await blockAt(a, time, specs, minerA);
    expect((await b.chain.importBlock(blk)).status).toBe('head');
  }
}

describe('property: reorgs across the settlement block', () => {
  it('leave issuance equal to the winning branch\'s settled renewable delivery, issued once', async () => {
    const dir = fc.record({
      q1: fc.bigInt(1n, 5_000n),
      q2: fc.bigInt(1n, 5_000n),
      rA: fc.bigInt(0n, 6_000n),
      rB: fc.bigInt(0n, 6_000n),
      aAfter: fc.integer({ min: 0, max: 2 }),
      bSettles: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(dir, async ({ q1, q2, rA, rB, aAfter, bSettles }) => {
        const g = genesis();
        const a = await openTestChain(g);
        const b = await openTestChain(g);
        cleanups.push(() => a.destroy(), () => b.destroy());
        await prefix(a, b, q1, q2);

        // Branch A: a corrected solar reading, settlement, the seller lists what it got, more blocks.
        await blockAt(a, T0 + 31_000, [meter(solar, rA)], minerA);
        await blockAt(a, SETTLES, [], minerA);
        const issuedA = lotsOf(a);
        const wantA = rA < q1 ? rA : q1;
        expect(issuedA.map((l) => l.wh)).toEqual(wantA > 0n ? [wantA] : []);
        if (issuedA.length) await blockAt(a, SETTLES + 1_000, [[solar, 'cert.list', { lot: 1, wh: issuedA[0]!.wh, price: 5_000n }]], minerA);
        for (let i = 0; i < aAfter; i++) await blockAt(a, SETTLES + 2_000 + i * 1_000, [], minerA);
        const aLength = a.chain.head.header.height;

        // Branch B, longer: another correction; settled at its end, or still before the settlement time.
        const branchB: Block[] = [await blockAt(b, T0 + 32_000, [meter(solar, rB)], minerB)];
        while (b.chain.head.header.height <= aLength) {
          const last = b.chain.head.header.height === aLength;
          // Before the settlement time (a second apart), except a settling last block.
          branchB.push(await blockAt(b, bSettles && last ? SETTLES + 500 : b.chain.head.header.timestamp + 1_000, [], minerB));
        }
        expect(b.chain.head.header.timestamp < SETTLES).toBe(!bSettles);
        const statuses: string[] = [];
        for (const blk of branchB) statuses.push((await a.chain.importBlock(blk)).status);
        expect(statuses.at(-1)).toBe('reorg');
        expect(toHex(a.chain.head.hash)).toBe(toHex(b.chain.head.hash));
        expect(entries(a)).toEqual(entries(b));

        const want = rB < q1 ? rB : q1;
        expect(lotsOf(a).map((l) => l.wh)).toEqual(bSettles && want > 0n ? [want] : []);
        expectIssuanceMatchesSettlement(a.chain.state);

        // Past settlement on the new branch: the period is issued once, from B's reading.
        const t = a.chain.head.header.timestamp;
        await blockAt(a, Math.max(t + 1_000, SETTLES + 1_000), [], minerA);
        await blockAt(a, a.chain.head.header.timestamp + 30_000, [], minerA);
        expect(lotsOf(a).map((l) => [l.period, l.wh, toHex(l.generator)])).toEqual(want > 0n ? [[P, want, toHex(solar.id)]] : []);
        expectIssuanceMatchesSettlement(a.chain.state);
      }),
      { numRuns: 12, seed: 20_261_114 },
    );
  });
});
