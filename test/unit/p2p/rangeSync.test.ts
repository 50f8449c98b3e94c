import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { PeerId } from '@libp2p/interface';
import { RangeSync } from '../../../src/p2p/rangeSync.ts';
import { NetworkImporter } from '../../../src/p2p/networkImporter.ts';
import { DEFAULT_LIMITS } from '../../../src/p2p/config.ts';
import { silentP2pLogger } from '../../../src/p2p/logger.ts';
import { P2pError } from '../../../src/p2p/p2pError.ts';
import { FakeChain, makeBlock } from './helpers/fakeChain.ts';
import { waitFor } from './helpers/network.ts';
import type { Offence } from '../../../src/p2p/peerScores.ts';
import type { StatusMessage } from '../../../src/p2p/wire.ts';

async function newPeer(): Promise<PeerId> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519'));
}

function statusOf(c: FakeChain): StatusMessage {
  return { chainId: c.chainId, genesisHash: c.genesisHash, ...c.status() };
}

/** A sync of `local` against remote chains, each served by a download function. */
function createSync(local: FakeChain, remotes: Array<{ peer: PeerId; chain: FakeChain; serve?: (from: number, count: number) => Promise<Uint8Array[]> }>) {
  const penalties: Array<{ peer: string; offence: Offence }> = [];
  const sync = new RangeSync({
    chain: local,
    importer: new NetworkImporter(local),
    limits: { ...DEFAULT_LIMITS, syncBatchSize: 10, syncBatchesAhead: 4 },
    log: silentP2pLogger,
    peers: {
      withStatus: () => remotes.map((r) => ({ peerId: r.peer, status: statusOf(r.chain) })),
      penalize: (peer, offence) => penalties.push({ peer: peer.toString(), offence }),
      requestStatus: async (peer) => statusOf(remotes.find((r) => r.peer.equals(peer))!.chain),
    },
    download: (peer, from, count) => {
      const r = remotes.find((x) => x.peer.equals(peer))!;
      return r.serve ? r.serve(from, count) : r.chain.getCanonicalBlocks(from, count);
    },
  });
  return { sync, penalties };
}

describe('RangeSync', () => {
  it('moves a batch served with an invalid block to another peer and penalises the server', async () => {
    const remote = new FakeChain();
    remote.mine(60);
    const [good, evil] = [await newPeer(), await newPeer()];
    const local = new FakeChain();
    const { sync, penalties } = createSync(local, [
      { peer: good, chain: remote },
      {
        peer: evil,
        chain: remote,
        // Serves the right heights, but the third block has no proof of work.
        serve: async (from, count) => {
          const blocks = await remote.getCanonicalBlocks(from, count);
          blocks[2] = makeBlock(new Uint8Array(32), from + 2, { valid: false }).bytes;
          return blocks;
        },
      },
    ]);
    sync.maybeStart();
    await waitFor(() => local.height === 60 && !sync.isSyncing(), 'synced past the bad peer');
    expect(local.headHash).toEqual(remote.headHash);
    expect(penalties.filter((p) => p.peer === evil.toString()).map((p) => p.offence)).toContain('invalid_block');
    expect(penalties.some((p) => p.peer === good.toString())).toBe(false);
  });

  it('retries a batch whose download timed out with another peer', async () => {
    const remote = new FakeChain();
    remote.mine(25);
    const [slow, fine] = [await newPeer(), await newPeer()];
    const local = new FakeChain();
    const { sync, penalties } = createSync(local, [
      { peer: slow, chain: remote, serve: async () => Promise.reject(new P2pError('TIMEOUT', 'timed out')) },
      { peer: fine, chain: remote },
    ]);
    sync.maybeStart();
    await waitFor(() => local.height === 25 && !sync.isSyncing(), 'synced around the slow peer');
    expect(penalties.every((p) => p.peer === slow.toString() && p.offence === 'timeout')).toBe(true);
  });

  it('continues with the rest of a short answer (byte cap)', async () => {
    const remote = new FakeChain();
    remote.mine(30);
    const peer = await newPeer();
    const local = new FakeChain();
    const { sync } = createSync(local, [{ peer, chain: remote, serve: (from, count) => remote.getCanonicalBlocks(from, Math.min(count, 3)) }]);
    sync.maybeStart();
    await waitFor(() => local.height === 30 && !sync.isSyncing(), 'synced in short answers');
    expect(local.importCalls).toBe(30);
  });

  it('gives up a round when no peer can serve a batch, and leaves the chain as it was', async () => {
    const remote = new FakeChain();
    remote.mine(15);
    const peer = await newPeer();
    const local = new FakeChain();
    const { sync, penalties } = createSync(local, [{ peer, chain: remote, serve: async () => [] }]);
    sync.maybeStart();
    await waitFor(() => !sync.isSyncing(), 'round ends');
    expect(local.height).toBe(0);
    expect(penalties.filter((p) => p.offence === 'useless_response').length).toBeGreaterThanOrEqual(5);
  });
});
