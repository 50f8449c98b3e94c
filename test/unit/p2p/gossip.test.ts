import { afterEach, describe, expect, it } from 'vitest';
import { FakeChain, makeTx } from './helpers/fakeChain.ts';
import { TestNet, waitFor } from './helpers/network.ts';

describe('gossip', () => {
  const net = new TestNet();
  afterEach(() => net.stopAll());

  it('relays a mined block from A to C through B (A and C not connected)', async () => {
    const [ca, cb, cc] = [new FakeChain(), new FakeChain(), new FakeChain()];
    const a = await net.start(ca);
    const b = await net.start(cb);
    const c = await net.start(cc);
    await net.link(a, b);
    await net.link(c, b);
    await net.meshed(a, b);
    await net.meshed(b, c);
    expect(a.peers().map((p) => p.peerId)).not.toContain(c.peerId);

    ca.mine(1);
    await waitFor(() => cc.height === 1, 'block at C');
    expect(cc.headHash).toEqual(ca.headHash);
    expect(cb.headHash).toEqual(ca.headHash);
    expect(b.stats().blocks.accepted).toBe(1);
    expect(c.stats().blocks.accepted).toBe(1);

    // And a few more in a row, each announced once.
    ca.mine(3);
    await waitFor(() => cc.height === 4, 'three more blocks at C');
    expect(cc.headHash).toEqual(ca.headHash);
  });

  it('carries transactions in batches, forwarded through B', async () => {
    const [ca, cb, cc] = [new FakeChain(), new FakeChain(), new FakeChain()];
    const a = await net.start(ca, { limits: { txBatchTargetCount: 200 } });
    const b = await net.start(cb);
    const c = await net.start(cc);
    await net.link(a, b);
    await net.link(c, b);
    await net.meshed(a, b);
    await net.meshed(b, c);

    for (let i = 0; i < 500; i++) ca.submitLocalTx(makeTx(`tx-${i}`));
    await waitFor(() => cc.mempool.size === 500, 'all 500 transactions at C');
    expect(cb.mempool.size).toBe(500);
    const sent = a.stats().txQueue;
    expect(sent.txsSent).toBe(500);
    // 500 transactions in at most 200 per message: three messages, not 500.
    expect(sent.batchesSent).toBe(3);
    expect(b.stats().txs.batchesAccepted).toBe(3);
  });

  it('does not forward a batch that brings nothing new', async () => {
    const [ca, cb] = [new FakeChain(), new FakeChain()];
    const a = await net.start(ca);
    const b = await net.start(cb);
    await net.link(a, b);
    await net.meshed(a, b);
    cb.mempool.add('old');
    ca.submitLocalTx(makeTx('old'));
    await waitFor(() => b.stats().txs.batchesIgnored === 1, 'batch ignored');
    expect(b.stats().txs.batchesAccepted).toBe(0);
    expect(b.peers()[0]!.score).toBe(0);
  });
});
