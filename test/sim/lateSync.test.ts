import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { join } from 'node:path';
import { Chain } from '../../src/node/chain/chain.ts';
import { dataDir } from '../../src/node/datadir.ts';
import { generateChain } from '../helpers/testChain.ts';
import { makeSimTransfer, parseLog, simMinerKey, SimNet, waitForSameHead, type SimNode } from '../helpers/devnet.ts';

const BLOCKS = 300;
const TXS_PER_BLOCK = 6;
const BLOCK_TIME = 1000;

// Issue 3, item 7b: a node started after 300 blocks syncs to the same head and state root.
// The 300 blocks (1,800 transfers) are mined in-process on an easy target with timestamps
// on the ASERT schedule, straight into node A's data directory; A then serves them from a
// real process and B, started empty, catches up by range sync.
describe('a node started after 300 blocks', () => {
  let net: SimNet;
  let a: SimNode;
  let b: SimNode;
  const sampleTxs: Array<{ hash: string; height: number }> = [];

  beforeAll(async () => {
    net = await SimNet.create({
      // Genesis far enough back that block 300, on schedule, is not in the future.
      chain: { hashesPerBlock: 4, blockTimeMs: BLOCK_TIME, timestamp: Date.now() - (BLOCKS + 60) * BLOCK_TIME, accounts: 8 },
      miners: 0,
    });
    const datadirA = join(net.root, 'a');
    await net.prepareDatadir(datadirA);
    const chain = await Chain.open({ dbDir: dataDir(datadirA).dbDir, genesis: net.genesis });
    try {
      const nonces = net.accounts.map(() => 0);
      await generateChain(chain, BLOCKS, (i) => {
        const txs = [];
        for (let j = 0; j < TXS_PER_BLOCK; j++) {
          const from = (i + j) % net.accounts.length;
          const to = net.accounts[(from + 1 + j) % net.accounts.length]!;
          const t = makeSimTransfer(net.chainId, net.accounts[from]!, to.id, BigInt(1000 + i * 10 + j), nonces[from]!++, 100n + BigInt(j));
          if (j === 0 && i % 50 === 0) sampleTxs.push({ hash: t.hash, height: i + 1 });
          txs.push(t.tx);
        }
        return txs;
      }, { minerSecret: simMinerKey(1).secret });
    } finally {
      await chain.close();
    }
    a = await net.start('a', { datadir: datadirA });
  });
  afterAll(async () => net?.destroy());

  it('syncs by range to the same head and state root, and its stored state verifies', async () => {
    onTestFailed(() => console.log(net.tailLogs()));
    const headA = await a.head();
    expect(headA.height).toBe(BLOCKS);

    b = await net.start('b', { peers: [a] });
    const headB = await waitForSameHead([a, b], BLOCKS, 60_000);
    expect(headB).toEqual(headA);

    // It came by range sync, in one round to A's height.
    const started = parseLog(b.logs()).find((l) => l.msg === 'p2p: sync started');
    expect(started?.fields.target).toBe(String(BLOCKS));
    expect(parseLog(b.logs()).some((l) => l.msg === 'p2p: sync round ended' && l.fields.height === String(BLOCKS))).toBe(true);

    // The same accounts, and the transactions where A has them.
    for (const k of [...net.accounts, simMinerKey(1)]) {
      const [x, y] = await Promise.all([a.call('state_account', { address: k.address }), b.call('state_account', { address: k.address })]);
      expect(y).toEqual(x);
    }
    for (const t of sampleTxs) expect(await b.call('tx_get', { hash: t.hash })).toMatchObject({ status: 'included', blockHeight: t.height });

    // Recomputed from every stored entry, B's state gives the root of A's head.
    await b.stop();
    const v = await net.verifyState(b);
    expect(v).toMatchObject({ ok: true, height: BLOCKS, headHash: headA.hash, computedRoot: headA.stateRoot, headerRoot: headA.stateRoot });
  });
});
