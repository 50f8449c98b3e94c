import { afterEach, describe, expect, it } from 'vitest';
import { FakeChain } from './helpers/fakeChain.ts';
import { TestNet, waitFor } from './helpers/network.ts';
import type { SyncProgress } from '../../../src/p2p/syncProgress.ts';

describe('range sync', () => {
  const net = new TestNet();
  afterEach(() => net.stopAll());

  it('brings a late node to the head of its peers, downloading from several, with progress', async () => {
    const ca = new FakeChain();
    ca.mine(300, { padding: 200 });
    const cb = new FakeChain();
    for (const bytes of await ca.getCanonicalBlocks(1, 300)) await cb.importBlock(bytes);
    const a = await net.start(ca);
    const b = await net.start(cb);
    await net.link(a, b);

    const cl = new FakeChain();
    const progress: SyncProgress[] = [];
    const late = await net.start(cl, { limits: { syncBatchSize: 16 }, onSyncProgress: (p) => progress.push(p) });
    await late.connect(a.multiaddrs()[0]!);
    await late.connect(b.multiaddrs()[0]!);
    await waitFor(() => cl.height === 300, 'late node at height 300', 20_000);
    expect(cl.headHash).toEqual(ca.headHash);
    await waitFor(() => !late.syncProgress().syncing, 'sync round end');

    expect(progress.some((p) => p.syncing && p.target === 300 && p.height > 0 && p.height < 300)).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ syncing: false, height: 300 });
    // Every block imported once; both peers served part of the range.
    expect(cl.importCalls).toBe(300);
    expect(a.stats().served.blocksServed).toBeGreaterThan(0);
    expect(b.stats().served.blocksServed).toBeGreaterThan(0);
    expect(a.stats().served.blocksServed + b.stats().served.blocksServed).toBe(300);
  });

  it('follows gossip after catching up', async () => {
    const ca = new FakeChain();
    ca.mine(40);
    const a = await net.start(ca);
    const cl = new FakeChain();
    const late = await net.start(cl);
    await net.link(late, a);
    await waitFor(() => cl.height === 40, 'caught up');
    await net.meshed(late, a);
    ca.mine(1);
    await waitFor(() => cl.height === 41, 'gossiped block after sync');
  });

  it('finds the fork point when our head is on a branch the peer does not have', async () => {
    const ca = new FakeChain();
    ca.mine(50);
    const cb = new FakeChain();
    for (const bytes of await ca.getCanonicalBlocks(1, 20)) await cb.importBlock(bytes);
    // B goes its own way for 10 blocks; A's chain (50 blocks) has more work.
    cb.mine(10, { tag: 'b-branch' });
    expect(cb.height).toBe(30);
    const a = await net.start(ca);
    const b = await net.start(cb);
    await b.connect(a.multiaddrs()[0]!);
    await waitFor(() => cb.height === 50 && Buffer.from(cb.headHash).equals(Buffer.from(ca.headHash)), 'B reorganised onto A');
  });
});

describe('orphans', () => {
  const net = new TestNet();
  afterEach(() => net.stopAll());

  it('fetches the missing ancestors of a gossiped block instead of stalling', async () => {
    const ca = new FakeChain();
    const cb = new FakeChain();
    const a = await net.start(ca);
    const b = await net.start(cb);
    await net.link(a, b);
    await net.meshed(a, b);
    ca.mine(3);
    await waitFor(() => cb.height === 3, 'B follows A');

    // A gets three blocks B never hears of, then mines one it announces.
    ca.mine(3, { silent: true });
    ca.mine(1);
    await waitFor(() => cb.height === 7, 'B fetched the gap and connected the orphan');
    expect(cb.headHash).toEqual(ca.headHash);
    expect(b.stats().blocks.orphans).toBe(1);
    expect(b.stats().orphans).toBe(0);
    // Status is exchanged only every minute here: it was the ancestor walk, not range sync.
    expect(b.syncProgress().syncing).toBe(false);
    expect(a.stats().served.hashRequests).toBe(3);
    expect(a.stats().served.rangeRequests).toBe(0);
  });

  it('hands a gap deeper than the walk limit to range sync', async () => {
    const ca = new FakeChain();
    const cb = new FakeChain();
    const a = await net.start(ca);
    const b = await net.start(cb, { limits: { maxAncestorWalk: 4 } });
    await net.link(a, b);
    await net.meshed(a, b);
    ca.mine(20, { silent: true });
    ca.mine(1);
    await waitFor(() => cb.height === 21, 'B caught up through range sync');
    expect(cb.headHash).toEqual(ca.headHash);
    expect(a.stats().served.rangeRequests).toBeGreaterThan(0);
    expect(a.stats().served.hashRequests).toBe(0);
  });
});
