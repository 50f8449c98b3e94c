import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { FakeChain, makeBlock, makeTx } from './helpers/fakeChain.ts';
import { TestNet, waitFor } from './helpers/network.ts';
import { startAttacker, type Attacker } from './helpers/attacker.ts';
import { encodeTxBatch } from '../../../src/p2p/wire.ts';
import type { P2pLimits } from '../../../src/p2p/config.ts';

describe('misbehaving peers', () => {
  const net = new TestNet();
  const attackers: Attacker[] = [];
  afterEach(async () => {
    await Promise.all(attackers.splice(0).map((a) => a.stop()));
    await net.stopAll();
  });

  async function victimWithHonestPeer(limits: Partial<P2pLimits> = {}) {
    const [cv, ch] = [new FakeChain(), new FakeChain()];
    const victim = await net.start(cv, { limits });
    const honest = await net.start(ch);
    await net.link(honest, victim);
    await net.meshed(honest, victim);
    const attacker = await startAttacker(new FakeChain());
    attackers.push(attacker);
    await attacker.dial(victim.multiaddrs()[0]!);
    await waitFor(() => victim.peers().some((p) => p.peerId === attacker.peerId && p.status), 'attacker passed the handshake');
    await waitFor(() => attacker.host.services.pubsub.getSubscribers(`/tesnode/testnet/blocks/1`).length > 0, 'attacker sees the topic');
    return { cv, ch, victim, honest, attacker };
  }

  it('drops an oversized transaction batch unread and penalises its sender', async () => {
    const { cv, ch, victim, attacker } = await victimWithHonestPeer();
    // 200 KiB of well-formed transactions: over the 128 KiB batch limit.
    const big = encodeTxBatch(Array.from({ length: 400 }, (_, i) => new Uint8Array(512).fill(i % 256)));
    expect(big.length).toBeGreaterThan(128 * 1024);
    await attacker.publishTxs(big);
    await waitFor(() => victim.stats().txs.batchesRejected === 1, 'oversized batch rejected');
    expect(cv.submitCalls).toBe(0);
    expect(victim.peers().find((p) => p.peerId === attacker.peerId)!.score).toBeLessThan(0);

    // Honest transactions still flow.
    ch.submitLocalTx(makeTx('honest-1'));
    await waitFor(() => cv.mempool.has('honest-1'), 'honest transaction arrives');
  });

  it('rejects an oversized block message before the chain sees it', async () => {
    const { cv, victim, attacker } = await victimWithHonestPeer({ maxBlockMessageBytes: 256 * 1024 });
    await attacker.publishBlock(makeBlock(cv.genesisHash, 1, { padding: 300 * 1024 }).bytes);
    await waitFor(() => victim.stats().blocks.rejected === 1, 'oversized block rejected');
    expect(cv.importCalls).toBe(0);
    expect(cv.height).toBe(0);
  });

  it('drops a gossip frame over the inbound limit without reading it, and keeps working', async () => {
    const { cv, ch, victim, attacker } = await victimWithHonestPeer({ maxBlockMessageBytes: 256 * 1024 });
    // Over the block limit plus gossipsub's framing slack: refused by the frame decoder.
    await attacker.publishBlock(makeBlock(cv.genesisHash, 1, { padding: 1024 * 1024 }).bytes);
    ch.mine(1);
    await waitFor(() => cv.height === 1, 'honest block after the oversized frame');
    expect(victim.stats().blocks.accepted).toBe(1);
    expect(cv.importCalls).toBe(1);
  });

  it('bans a peer that sends garbage, and keeps working with the others', async () => {
    const { cv, ch, victim, attacker } = await victimWithHonestPeer();
    await attacker.publishBlock(randomBytes(300));
    await attacker.publishBlock(makeBlock(cv.genesisHash, 1, { valid: false, tag: 'no work' }).bytes);
    await attacker.publishTxs(encodeTxBatch([makeTx('forged', false)]));
    await waitFor(() => victim.bans().some((b) => b.peerId === attacker.peerId), 'attacker banned');
    await waitFor(() => !victim.peers().some((p) => p.peerId === attacker.peerId), 'attacker disconnected');
    await waitFor(() => attacker.host.getConnections().length === 0, 'attacker sees the hang-up');
    // Refused both ways: we do not dial it, and its dial is cut once its key is known.
    await expect(victim.connect(attacker.host.getMultiaddrs()[0]!.toString())).rejects.toMatchObject({ code: 'BANNED' });
    await attacker.dial(victim.multiaddrs()[0]!).catch(() => undefined);
    await waitFor(() => attacker.host.getConnections().length === 0, 'attacker redial cut');
    expect(victim.peers().some((p) => p.peerId === attacker.peerId)).toBe(false);
    expect(cv.height).toBe(0);
    expect(cv.mempool.has('forged')).toBe(false);

    // The honest peer's block still arrives.
    ch.mine(1);
    await waitFor(() => cv.height === 1, 'honest block after the ban');
  });
});
