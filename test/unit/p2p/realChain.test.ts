import { afterEach, describe, expect, it } from 'vitest';
import { TestNet, waitFor } from './helpers/network.ts';
import { createChainPort, createEasyGenesis, createMinerKey, mineBlock, openTempChain } from './helpers/realChain.ts';
import { bytesEqual } from '../../../src/chain/bytes.ts';
import type { Chain } from '../../../src/node/chain/chain.ts';

describe('with the real Chain', () => {
  const net = new TestNet();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await net.stopAll();
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  async function open(genesis: ReturnType<typeof createEasyGenesis>): Promise<Chain> {
    const { chain, close } = await openTempChain(genesis);
    closers.push(close);
    return chain;
  }

  it('syncs a late node by range, then follows gossip; both end on the same state root', async () => {
    const genesis = createEasyGenesis();
    const ca = await open(genesis);
    const cb = await open(genesis);
    const miner = createMinerKey();
    for (let i = 0; i < 40; i++) await mineBlock(ca, miner);

    const a = await net.start(createChainPort(ca));
    const b = await net.start(createChainPort(cb));
    await net.link(b, a);
    await waitFor(() => cb.head.header.height === 40, 'B synced to 40');
    expect(bytesEqual(cb.head.hash, ca.head.hash)).toBe(true);
    expect(bytesEqual(cb.head.header.stateRoot, ca.head.header.stateRoot)).toBe(true);

    await net.meshed(a, b);
    await mineBlock(ca, miner);
    await waitFor(() => cb.head.header.height === 41, 'gossiped block at B');
    expect(bytesEqual(cb.acc.root(), ca.acc.root())).toBe(true);
    expect(b.stats().blocks.accepted).toBe(1);
  });

  it('reorganises a node on a lighter fork onto the heavier chain, rolling its state back', async () => {
    const genesis = createEasyGenesis();
    const ca = await open(genesis);
    const cb = await open(genesis);
    const [ma, mb] = [createMinerKey(), createMinerKey()];
    for (let i = 0; i < 12; i++) await mineBlock(ca, ma);
    for (let i = 0; i < 5; i++) await mineBlock(cb, mb);
    expect(cb.head.header.height).toBe(5);

    const a = await net.start(createChainPort(ca));
    const b = await net.start(createChainPort(cb));
    await net.link(b, a);
    await waitFor(() => bytesEqual(cb.head.hash, ca.head.hash), 'B reorganised onto A');
    expect(cb.head.header.height).toBe(12);
    expect(bytesEqual(cb.acc.root(), ca.acc.root())).toBe(true);
    // A did not move: its chain has more work.
    expect(ca.head.header.height).toBe(12);
  });
});
