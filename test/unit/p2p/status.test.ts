import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeChain } from './helpers/fakeChain.ts';
import { TestNet, hasStatusOf, waitFor } from './helpers/network.ts';
import { loadOrCreatePeerKey } from '../../../src/p2p/peerKey.ts';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';

describe('status handshake', () => {
  const net = new TestNet();
  afterEach(() => net.stopAll());

  it('exchanges status on connection: each side learns the other head', async () => {
    const ca = new FakeChain();
    const cb = new FakeChain();
    ca.mine(5);
    const a = await net.start(ca);
    const b = await net.start(cb);
    await net.link(b, a);
    const seen = b.peers().find((p) => p.peerId === a.peerId)!;
    expect(seen.status!.height).toBe(5);
    expect(seen.status!.cumulativeWork).toBe(5n);
    expect(seen.addresses[0]).toContain('/ip4/127.0.0.1/tcp/');
    expect(a.peers().find((p) => p.peerId === b.peerId)!.status!.height).toBe(0);
  });

  it('disconnects and bans a peer with another genesis, on both sides', async () => {
    const a = await net.start(new FakeChain('testnet', 'genesis'));
    const b = await net.start(new FakeChain('testnet', 'another genesis'));
    await b.connect(a.multiaddrs()[0]!);
    await waitFor(() => a.bans().some((x) => x.peerId === b.peerId) && b.bans().some((x) => x.peerId === a.peerId), 'both sides ban');
    await waitFor(() => a.peers().length === 0 && b.peers().length === 0, 'disconnect');
    expect(hasStatusOf(a, b)).toBe(false);
    // Refused while banned.
    await expect(b.connect(a.multiaddrs()[0]!)).rejects.toMatchObject({ code: 'BANNED' });
  });

  it('disconnects a peer of another chain id, which cannot even speak our status protocol', async () => {
    const a = await net.start(new FakeChain('testnet'));
    const b = await net.start(new FakeChain('othernet'));
    await b.connect(a.multiaddrs()[0]!);
    await waitFor(() => a.bans().some((x) => x.peerId === b.peerId), 'ban of the other chain');
    await waitFor(() => a.peers().length === 0, 'disconnect');
  });
});

describe('bootstrap and identity', () => {
  const net = new TestNet();
  afterEach(() => net.stopAll());

  it('dials bootstrap peers at start, with or without a /p2p/ suffix', async () => {
    const a = await net.start(new FakeChain());
    const withId = await net.start(new FakeChain(), { bootstrap: [a.multiaddrs()[0]!] });
    const bare = a.multiaddrs()[0]!.replace(/\/p2p\/.*$/, '');
    const withoutId = await net.start(new FakeChain(), { bootstrap: [bare] });
    await waitFor(() => hasStatusOf(withId, a) && hasStatusOf(withoutId, a), 'bootstrap connections');
    expect(a.peers()).toHaveLength(2);
  });

  it('keeps its peer id across restarts', async () => {
    const keyDir = await mkdtemp(path.join(tmpdir(), 'tesnode-node-'));
    try {
      const first = await net.start(new FakeChain(), { keyDir });
      const id = first.peerId;
      await first.stop();
      const second = await net.start(new FakeChain(), { keyDir });
      expect(second.peerId).toBe(id);
      expect(second.multiaddrs()[0]).toContain(`/p2p/${id}`);
    } finally {
      await rm(keyDir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed address with a message naming it', async () => {
    const a = await net.start(new FakeChain());
    await expect(a.connect('not-a-multiaddr')).rejects.toMatchObject({ code: 'BAD_MULTIADDR', message: expect.stringContaining('not-a-multiaddr') });
    await expect(a.disconnect('nope')).rejects.toMatchObject({ code: 'BAD_PEER_ID' });
  });
});

describe('peer key', () => {
  it('is created once and reused, so the peer id survives restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tesnode-key-'));
    try {
      const file = path.join(dir, 'sub', 'peer.key');
      const k1 = await loadOrCreatePeerKey(file);
      const k2 = await loadOrCreatePeerKey(file);
      expect(peerIdFromPrivateKey(k2).toString()).toBe(peerIdFromPrivateKey(k1).toString());
      expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]+$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged key file with a message saying what to do', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tesnode-key-'));
    try {
      const file = path.join(dir, 'peer.key');
      await (await import('node:fs/promises')).writeFile(file, 'not a key');
      await expect(loadOrCreatePeerKey(file)).rejects.toMatchObject({ code: 'PEER_KEY', message: expect.stringContaining('remove it') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
