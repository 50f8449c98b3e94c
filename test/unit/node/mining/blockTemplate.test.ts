import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../../src/chain/bytes.ts';
import { buildBlockTemplate } from '../../../../src/node/mining/blockTemplate.ts';
import { computeTxRoot, encodeBlock } from '../../../../src/chain/block.ts';
import { applyBlock } from '../../../../src/chain/stf/applyBlock.ts';
import { txHash } from '../../../../src/chain/tx.ts';
import { expectedBaseTarget, medianTimePast } from '../../../../src/consensus/validateBlock.ts';
import { boostedTarget } from '../../../../src/consensus/work.ts';
import { createTestGenesis, generateChain, makeTransfer, mineBlock, nextBlockOf, openTestChain, testKey, type TestChain } from '../../../helpers/testChain.ts';
import type { ChainParams } from '../../../../src/chain/params.ts';

const miner = testKey('template-miner', 0);
let open: TestChain[] = [];
afterEach(async () => {
  for (const tc of open) await tc.destroy();
  open = [];
});

async function setup(params: Partial<ChainParams> = {}, balance?: bigint) {
  const g = createTestGenesis({ accounts: 4, params, ...(balance !== undefined ? { balance } : {}) });
  const tc = await openTestChain(g.genesis);
  open.push(tc);
  return { ...g, tc };
}

describe('buildBlockTemplate', () => {
  it('builds the head\'s child: scheduled target, time after the median, true roots, and it imports', async () => {
    const { keys, tc } = await setup();
    const { chain, mempool } = tc;
    await generateChain(chain, 3);
    const tx = makeTransfer(keys[1]!, keys[2]!, 9n, 0);
    mempool.add(tx, chain.state, nextBlockOf(chain));
    // A clock behind the median time past: the template still moves time forward.
    const mtp = medianTimePast((await chain.parentContext(chain.head.hash)).recentTimestamps);
    const tpl = await buildBlockTemplate(chain, mempool, miner.pub, mtp - 5_000);
    expect(tpl.header.timestamp).toBe(mtp + 1);
    expect(tpl.header.height).toBe(4);
    expect(toHex(tpl.header.parentHash)).toBe(toHex(chain.head.hash));
    expect(tpl.header.baseTarget).toBe(expectedBaseTarget(chain.head.header, chain.ctx));
    expect(tpl.target).toBe(boostedTarget(tpl.header.baseTarget, 0, chain.ctx.params.maxBoost));
    expect(tpl.txs.map((t) => toHex(txHash(t)))).toEqual([toHex(txHash(tx))]);
    expect(toHex(tpl.header.txRoot)).toBe(toHex(computeTxRoot(tpl.txs)));
    const r = applyBlock(chain.state, chain.acc, { header: tpl.header, sig: new Uint8Array(64), txs: tpl.txs }, chain.ctx);
    expect(toHex(tpl.header.stateRoot)).toBe(toHex(r.stateRoot));
    // Uses the clock when it is ahead of the median.
    expect((await buildBlockTemplate(chain, mempool, miner.pub, mtp + 99_999)).header.timestamp).toBe(mtp + 99_999);
    const block = await mineBlock(chain, mempool, miner.secret, { timestamp: mtp + 1 });
    expect((await chain.importBlock(block)).status).toBe('head');
  });

  it('leaves out a pending transaction that would make the block invalid, with the rest of its sender\'s queue', async () => {
    const { keys, tc } = await setup({}, 10_000n);
    const { chain, mempool } = tc;
    const [, alice, bob, carol] = keys;
    const a0 = makeTransfer(alice!, bob!, 10n, 0);
    const a1 = makeTransfer(alice!, bob!, 10n, 1);
    const a2 = makeTransfer(alice!, bob!, 10n, 2);
    const c0 = makeTransfer(carol!, bob!, 10n, 0);
    for (const tx of [a0, a1, a2, c0]) mempool.add(tx, chain.state, nextBlockOf(chain));
    // Another miner's block spends alice's funds with nonce 0: a0 is gone, a1 can no longer pay its fee.
    const rival = makeTransfer(alice!, carol!, 9_900n, 0);
    const other = await mineBlock(chain, undefined, testKey('template-miner', 1).secret, { txs: [rival] });
    expect((await chain.importBlock(other)).status).toBe('head');
    expect(mempool.has(txHash(a1))).toBe(true);
    const tpl = await buildBlockTemplate(chain, mempool, miner.pub, chain.head.header.timestamp + 1000);
    expect(tpl.txs.map((t) => toHex(txHash(t)))).toEqual([toHex(txHash(c0))]);
    const block = await mineBlock(chain, mempool, miner.secret);
    expect((await chain.importBlock(block)).status).toBe('head');
  });

  it('fits within maxBlockBytes and maxBlockTxs', async () => {
    const { keys, tc } = await setup({ maxBlockTxs: 3 });
    const { chain, mempool } = tc;
    for (let n = 0; n < 5; n++) mempool.add(makeTransfer(keys[1]!, keys[2]!, 1n, n), chain.state, nextBlockOf(chain));
    const tpl = await buildBlockTemplate(chain, mempool, miner.pub, chain.head.header.timestamp + 1000);
    expect(tpl.txs.map((t) => t.nonce)).toEqual([0, 1, 2]);
  });

  it('includes transactions under the smallest allowed maxBlockBytes', async () => {
    const { keys, tc } = await setup({ maxBlockBytes: 16_384 });
    const { chain, mempool } = tc;
    const tx = makeTransfer(keys[1]!, keys[2]!, 1n, 0);
    mempool.add(tx, chain.state, nextBlockOf(chain));
    const tpl = await buildBlockTemplate(chain, mempool, miner.pub, chain.head.header.timestamp + 1000);
    expect(tpl.txs).toHaveLength(1);
    const block = await mineBlock(chain, undefined, miner.secret, { txs: tpl.txs });
    expect(encodeBlock(block).length).toBeLessThan(16_384);
  });
});
