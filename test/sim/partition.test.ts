import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { Chain } from '../../src/node/chain/chain.ts';
import { dataDir } from '../../src/node/datadir.ts';
import { generateChain, testKey } from '../helpers/testChain.ts';
import { makeSimTransfer, parseLog, simMinerKey, SimNet, waitFor, waitForPeers, waitForSameHead, waitForTxEverywhere, type Head, type SimNode, type SignedTransfer } from '../helpers/devnet.ts';

const PREFIX = 20;
const BLOCK_TIME = 250;
const HEAVY_RATE = 8000;
const LIGHT_RATE = 2000;
// Blocks the losing branch must have before the groups meet: a reorg deeper than a few blocks.
const MIN_DEPTH = 6;

const work = (h: Head) => BigInt(h.cumulativeWork);

// Issue 3, item 7c. Four nodes share a 20-block prefix (mined in-process, copied into every
// data directory), then mine apart in two groups: heavy = n1 (miner, 8,000 H/s) + n2, light
// = n3 (miner, 2,000 H/s) + n4. Then they meet: n3 stops, n4 restarts with n1 as its peer
// and reorgs by range sync (its first batch does not connect: it backs off to the fork), and
// n3 restarts with n4 and n1 as peers, reorgs the same way and mines again.
//
//   prefix ── 1 … 20 ─┬─ heavy: H, D(to Y) … (n1, n2)          ← wins
//                     └─ light: T, D(to X) … (n3, n4)          ← T comes back, D(to X) is dropped
describe('two groups mine apart, then meet', () => {
  let net: SimNet;
  let n1: SimNode, n2: SimNode, n3: SimNode, n4: SimNode;
  let prefixWork: bigint;

  beforeAll(async () => {
    net = await SimNet.create({
      chain: { hashesPerBlock: ((HEAVY_RATE + LIGHT_RATE) * BLOCK_TIME) / 1000, blockTimeMs: BLOCK_TIME, timestamp: Date.now() - (PREFIX + 4) * BLOCK_TIME, accounts: 4 },
      miners: 2,
    });
    // The common prefix, on the ASERT schedule, with a transfer in every block.
    const base = join(net.root, 'prefix');
    await net.prepareDatadir(base);
    const chain = await Chain.open({ dbDir: dataDir(base).dbDir, genesis: net.genesis });
    try {
      await generateChain(chain, PREFIX, (i) => [makeSimTransfer(net.chainId, net.accounts[0]!, net.accounts[1]!.id, 1000n, i).tx], { minerSecret: simMinerKey(1).secret });
      prefixWork = chain.head.work;
    } finally {
      await chain.close();
    }
    for (const n of ['n1', 'n2', 'n3', 'n4']) {
      await net.prepareDatadir(join(net.root, n));
      await cp(dataDir(base).dbDir, dataDir(join(net.root, n)).dbDir, { recursive: true });
    }
    [n1, n3] = await Promise.all([net.start('n1', { miner: 1, hashrate: HEAVY_RATE }), net.start('n3', { miner: 2, hashrate: LIGHT_RATE })]);
    [n2, n4] = await Promise.all([net.start('n2', { peers: [n1] }), net.start('n4', { peers: [n3] })]);
    await Promise.all([waitForPeers(n2, 1), waitForPeers(n4, 1)]);
  });
  afterAll(async () => net?.destroy());

  it('all converge on the heavier branch; its losing-branch transfer returns and is mined; state matches', async () => {
    const phases: string[] = [];
    const t0 = Date.now();
    const phase = (what: string) => phases.push(`${Date.now() - t0} ms: ${what}`);
    onTestFailed(() => console.log(`${phases.join('\n')}\n${net.tailLogs(60)}`));
    const [a1, a2, a3] = [net.accounts[1]!, net.accounts[2]!, net.accounts[3]!];
    const [r1, r2, x, y] = [1, 2, 3, 4].map((i) => testKey('sim-recipient', i));
    const send = async (node: SimNode, t: SignedTransfer) => expect((await node.call('tx_send', { tx: t.hex })).hash).toBe(t.hash);
    // a0 used nonces 0..19 in the prefix.
    const T = makeSimTransfer(net.chainId, a1, r1!.id, 777_000n, 0); // light only: must come back
    const H = makeSimTransfer(net.chainId, a2, r2!.id, 555_000n, 0); // heavy only
    const dLight = makeSimTransfer(net.chainId, a3, x!.id, 300_000n, 0); // a3's nonce 0 on the light side…
    const dHeavy = makeSimTransfer(net.chainId, a3, y!.id, 400_000n, 0); // …and on the heavy side
    await send(n4, T);
    await send(n4, dLight);
    await send(n2, H);
    await send(n2, dHeavy);
    const tLight = await waitForTxEverywhere([n3, n4], T.hash);
    await waitForTxEverywhere([n3, n4], dLight.hash);
    await waitForTxEverywhere([n1, n2], H.hash);
    await waitForTxEverywhere([n1, n2], dHeavy.hash);
    for (const n of [n1, n2]) await expect(n.call('tx_get', { hash: T.hash })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    phase(`T in light block ${tLight.blockHeight}`);

    // Apart until the light branch is MIN_DEPTH deep and the heavy one has twice its work since
    // the fork (expected: four times), so that the light miner cannot catch up while they meet.
    const light = await waitFor('two branches, the heavy one with twice the light one\'s work', async () => {
      const [h, l] = await Promise.all([n2.head(), n4.head()]);
      const ok = l.height >= PREFIX + MIN_DEPTH && work(h) - prefixWork > (work(l) - prefixWork) * 2n;
      return ok ? l : undefined;
    }, 90_000, 200);
    phase(`apart: light head ${light.height}`);
    expect((await n1.call('chain_block', { height: PREFIX + 1 })).hash).not.toBe((await n3.call('chain_block', { height: PREFIX + 1 })).hash);

    // The groups meet. The light miner stops first, so that nothing can mine T again until
    // it returns: n4 restarts with n1 as its peer, reorgs to the heavy branch, and T must be
    // back in its mempool; then n3 restarts with n4 and n1 as peers, reorgs, and mines T.
    const heavyAtMeeting = await n2.head();
    await n3.stop();
    n4 = await net.restart(n4, { peers: [n1] });
    const seen: string[] = [];
    const watchT = (until: 'pending' | 'heavy') => waitFor(`T ${until} on n4`, async () => {
      const t = await n4.call('tx_get', { hash: T.hash });
      const state = t.status === 'pending' ? 'pending' : t.blockHash === tLight.blockHash ? 'light' : 'heavy';
      if (seen.at(-1) !== state) seen.push(state);
      return state === until ? t : undefined;
    }, 60_000, 25);
    await watchT('pending');
    expect((await n4.call('chain_block', { height: PREFIX + 1 })).hash).toBe((await n1.call('chain_block', { height: PREFIX + 1 })).hash);
    phase(`n4 on the heavy branch, T pending there`);
    n3 = await net.restart(n3, { peers: [n4, n1] });
    const final = await watchT('heavy');
    phase(`T on n4: ${seen.join(' → ')}`);
    // (The first look may already find n4 reorged.)
    expect(seen.filter((x) => x !== 'light')).toEqual(['pending', 'heavy']);
    expect(seen.at(-1)).toBe('heavy');

    const nodes = [n1, n2, n3, n4];
    // (Its block may still lose a one-block race to the heavy miner; then T is mined again.)
    const inHeavy = await waitForTxEverywhere(nodes, T.hash);
    expect(inHeavy.blockHash).not.toBe(tLight.blockHash);
    expect(inHeavy.blockHeight).toBeGreaterThan(PREFIX);
    expect(final.blockHeight).toBeGreaterThan(PREFIX);
    const head = await waitForSameHead(nodes, inHeavy.blockHeight);
    phase(`converged at ${head.height}; T in heavy block ${inHeavy.blockHeight}`);
    expect(work(head)).toBeGreaterThan(work(light));
    // Every node holds the heavy branch from the fork on, as n2 had it when the groups met
    // (n2 never left it), and the prefix below it.
    for (const h of [PREFIX, PREFIX + 1, light.height, heavyAtMeeting.height]) {
      const hashes = await Promise.all(nodes.map((n) => n.call('chain_block', { height: h }).then((b) => b.hash)));
      expect(new Set(hashes).size, `height ${h}`).toBe(1);
      if (h === heavyAtMeeting.height) expect(hashes[0]).toBe(heavyAtMeeting.hash);
    }
    // H kept its block; a3's light-side spend is gone (its nonce is used), the heavy one stands.
    const hAt = await waitForTxEverywhere(nodes, H.hash);
    expect(hAt.blockHeight).toBeGreaterThan(PREFIX);
    await waitForTxEverywhere(nodes, dHeavy.hash);
    for (const n of nodes) await expect(n.call('tx_get', { hash: dLight.hash })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });

    // The light group's nodes logged their reorg back to the prefix.
    for (const n of [n3, n4]) {
      const reorgs = parseLog(n.logs()).filter((l) => l.msg === 'reorg');
      expect(reorgs.length, n.name).toBeGreaterThan(0);
      expect(Math.max(...reorgs.map((l) => Number(l.fields.depth))), n.name).toBeGreaterThanOrEqual(MIN_DEPTH);
    }

    // State: once the miners stop, n4 (reorged) and n2 (only ever saw the heavy branch)
    // agree on every account, and on the root recomputed from their stored state.
    await Promise.all([n1.stop(), n3.stop()]);
    const end = await waitForSameHead([n2, n4], head.height);
    const addresses = [...net.accounts, r1!, r2!, x!, y!, simMinerKey(1), simMinerKey(2)].map((k) => k.address);
    for (const address of addresses) expect(await n4.call('state_account', { address })).toEqual(await n2.call('state_account', { address }));
    expect((await n4.call('state_account', { address: r1!.address })).balance).toBe('777000');
    expect((await n4.call('state_account', { address: x!.address })).balance).toBe('0');
    await Promise.all([n2.stop(), n4.stop()]);
    const [v2, v4, v1, v3] = await Promise.all([n2, n4, n1, n3].map((n) => net.verifyState(n)));
    expect(v2).toMatchObject({ ok: true, headHash: end.hash, computedRoot: end.stateRoot });
    expect(v4).toMatchObject({ ok: true, headHash: end.hash, computedRoot: end.stateRoot });
    expect(v1!.ok && v3!.ok).toBe(true);
  });
});
