/**
 * Reputation-weighted proof of work for real (SPEC 2, issue 5 item 3), through the whole
 * import pipeline on LevelDB chains:
 * - a miner at credit 1000 needs on average 1/maxBoost of the hashes of a miner at 0;
 * - with equal hash rates, the high-credit miner wins about maxBoost/(maxBoost+1) of the blocks;
 * - fork choice weighs each block by the work it proved, so a high-credit minority's
 *   longer branch does not outweigh the honest majority's heavier one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTestChain, type TestChain } from '../../helpers/testChain.ts';
import { getMinerCredit } from '../../../src/chain/state/accounts.ts';
import { readParticipant } from '../../../src/market/records/participant.ts';
import { headerHash } from '../../../src/chain/block.ts';
import { bytesEqual } from '../../../src/chain/bytes.ts';
import { HIGH, LOW, BASE_TARGET, draftBlock, miningGenesis, mineCounting, mineOn, seededNonce, setUpCredit, targetOn } from './miningChain.ts';
import { prng } from './marketSim.ts';
import type { Block } from '../../../src/chain/types.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function open(): Promise<TestChain> {
  const tc = await openTestChain(miningGenesis());
  cleanups.push(() => tc.destroy());
  return tc;
}

describe('reputation-weighted proof of work, with the real validation', () => {
  it('the credit setup gives H credit 1000 from the parent state; L stays at 0', async () => {
    const tc = await open();
    await setUpCredit(tc.chain);
    expect(readParticipant(tc.chain.state, HIGH.id)?.status).toBe('approved');
    expect(getMinerCredit(tc.chain.state, HIGH.pub)).toBe(1000);
    expect(getMinerCredit(tc.chain.state, LOW.pub)).toBe(0);
    const h = draftBlock(tc.chain, HIGH);
    expect(targetOn(tc.chain, h)).toBe(4n * BASE_TARGET);
    expect(targetOn(tc.chain, { ...h, miner: LOW.pub })).toBe(BASE_TARGET);
  });

  it('a miner at credit 1000 needs 1/maxBoost of the hashes of a miner at 0 (mean over 700 blocks each)', { timeout: 120_000 }, async () => {
    const N = 700;
    const high = await open();
    const low = await open();
    for (const b of await setUpCredit(high.chain)) expect((await low.chain.importBlock(b)).status).toBe('head');
    let hashesHigh = 0;
    let hashesLow = 0;
    for (let i = 0; i < N; i++) {
      hashesHigh += (await mineOn(high.chain, HIGH, 'ratio-high')).hashes;
      hashesLow += (await mineOn(low.chain, LOW, 'ratio-low')).hashes;
    }
    const meanHigh = hashesHigh / N;
    const meanLow = hashesLow / N;
    const ratio = meanHigh / meanLow;
    // Hashes per block are geometric with p = target / 2^256: p = 1/64 for L, 4/64 for H, so
    // the expected ratio is exactly 1/4. The sample means' relative standard deviations are
    // sqrt((1 − p) / N): 3.7 % and 3.6 %, so the ratio's is about 5.2 %; the bound is 4.5σ.
    const sigma = Math.sqrt((1 - 1 / 64) / N + (1 - 4 / 64) / N);
    console.info(`hashes per block over ${N} blocks: credit 1000 ${meanHigh.toFixed(2)}, credit 0 ${meanLow.toFixed(2)}, ratio ${ratio.toFixed(4)} (expected 0.25 ± ${(0.25 * sigma).toFixed(4)})`);
    expect(Math.abs(ratio - 0.25)).toBeLessThan(4.5 * sigma * 0.25);
    expect(Math.abs(meanLow - 64) / 64).toBeLessThan(4.5 * Math.sqrt((1 - 1 / 64) / N));
    expect(Math.abs(meanHigh - 16) / 16).toBeLessThan(4.5 * Math.sqrt((1 - 4 / 64) / N));
  });

  it('with equal hash rates the high-credit miner wins about maxBoost/(maxBoost+1) of the blocks', { timeout: 120_000 }, async () => {
    const tc = await open();
    await setUpCredit(tc.chain);
    const coin = prng(2024);
    const N = 600;
    let wins = 0;
    for (let i = 0; i < N; i++) {
      // Both miners work on their own block for the same height, one hash each per step.
      const hh = draftBlock(tc.chain, HIGH);
      const lh = draftBlock(tc.chain, LOW);
      const th = targetOn(tc.chain, hh);
      const tl = targetOn(tc.chain, lh);
      let nh = seededNonce('race-high', hh.height);
      let nl = seededNonce('race-low', lh.height);
      let winner: Block | undefined;
      while (!winner) {
        const h = mineCounting(hh, [], HIGH, th, nh);
        const l = mineCounting(lh, [], LOW, tl, nl);
        // Each search reports how many hashes it needed; the one needing fewer finds its block first.
        if (h.hashes !== l.hashes) winner = h.hashes < l.hashes ? h.block : l.block;
        else winner = coin() < 0.5 ? h.block : l.block; // found in the same step: the block seen first wins
        nh += BigInt(h.hashes);
        nl += BigInt(l.hashes);
      }
      expect((await tc.chain.importBlock(winner)).status).toBe('head');
      if (bytesEqual(winner.header.miner, HIGH.pub)) wins += 1;
    }
    const share = wins / N;
    // P(H first) = pH(1 − pL/2) / (pH + pL − pH·pL) with pH = 4/64, pL = 1/64: 0.8037.
    const expected = 0.8037;
    const sigma = Math.sqrt((expected * (1 - expected)) / N);
    console.info(`blocks won by the miner at credit 1000 against one at 0 with equal hash rates: ${wins} of ${N} = ${(share * 100).toFixed(1)} % (expected ${(expected * 100).toFixed(1)} % ± ${(sigma * 100).toFixed(1)})`);
    expect(Math.abs(share - expected)).toBeLessThan(4.5 * sigma);
  });
});

describe('fork choice weighs proven work, not blocks', () => {
  // Common prefix: the credit setup. Then a high-credit minority (H, a third of the hash
  // power, boost 4) and the honest majority (L, two thirds, no boost) mine apart for the
  // same time: H finds 4 × 1/3 = 1.33 blocks for every 0.67 of L's, twice as many, but each
  // proves a quarter of the work.
  //
  //   prefix ─ h1 ─ h2 ─ h3 ─ h4 ─ h5 ─ h6 ─ h7 ─ h8   8 blocks × W/4 = 2 W  (high-credit minority)
  //         └─ l1 ─ l2 ─ l3 ─ l4                       4 blocks × W   = 4 W  (honest majority)
  async function branches() {
    const a = await open();
    const b = await open();
    const prefix = await setUpCredit(a.chain);
    for (const blk of prefix) await b.chain.importBlock(blk);
    const hBranch: Block[] = [];
    for (let i = 0; i < 8; i++) hBranch.push((await mineOn(a.chain, HIGH, 'fork-h')).block);
    const lBranch: Block[] = [];
    for (let i = 0; i < 4; i++) lBranch.push((await mineOn(b.chain, LOW, 'fork-l')).block);
    return { a, b, prefix, hBranch, lBranch };
  }

  it('the honest branch replaces a longer high-credit branch: the chain reorgs to the heavier work', async () => {
    const { a, hBranch, lBranch } = await branches();
    const before = a.chain.head.work;
    const statuses: string[] = [];
    for (const blk of lBranch) statuses.push((await a.chain.importBlock(blk)).status);
    // W = 2^256 / base = 64, W/4 = 16 exactly. l1 (1 W) and l2 (2 W, a tie with 8 × W/4: the head
    // seen first stays) are side blocks; l3 (3 W) outweighs the 8 high-credit blocks; l4 extends it.
    expect(statuses).toEqual(['side', 'side', 'reorg', 'head']);
    expect(bytesEqual(a.chain.head.hash, headerHash(lBranch[3]!.header))).toBe(true);
    expect(a.chain.head.work - before).toBe(4n * 64n - 8n * 16n);
    expect(hBranch.length).toBeGreaterThan(lBranch.length);
  });

  it('the longer high-credit branch never displaces the heavier honest one', async () => {
    const { b, hBranch, lBranch } = await branches();
    const head = b.chain.head.hash;
    for (const blk of hBranch) expect((await b.chain.importBlock(blk)).status).toBe('side');
    expect(bytesEqual(b.chain.head.hash, head)).toBe(true);
    expect(bytesEqual(head, headerHash(lBranch[3]!.header))).toBe(true);
  });
});
