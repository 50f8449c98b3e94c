import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { encodeBlock } from '../../src/chain/block.ts';
import { fromHexOrUndefined } from '../../src/chain/bytes.ts';
import { BlockError } from '../../src/chain/chainError.ts';
import { validateBlockContextFree } from '../../src/consensus/validateBlock.ts';
import { getTopicNames } from '../../src/p2p/config.ts';
import { encodeTxBatch } from '../../src/p2p/wire.ts';
import { buildBlock, contextOf, genesisParts } from '../helpers/testChain.ts';
import { parseLog, SimNet, waitFor, waitForPeers, waitForSameHead, type SimNode } from '../helpers/devnet.ts';
import { startAttacker, type Attacker } from '../unit/p2p/helpers/attacker.ts';
import type { ChainPort } from '../../src/p2p/chainPort.ts';

/** Just enough of a chain for the attacker to pass (or fail) the status handshake. */
function statusOnly(chainId: string, genesisHash: Uint8Array): ChainPort {
  const none = async (): Promise<never> => {
    throw new Error('the attacker keeps no chain');
  };
  return {
    chainId,
    genesisHash,
    status: () => ({ headHash: genesisHash, height: 0, cumulativeWork: 0n }),
    importBlock: none,
    precheckBlock: none,
    hasBlock: async () => false,
    getBlockBytesByHash: async () => undefined,
    getCanonicalBlocks: async () => [],
    submitTx: none,
    onHead: () => () => {},
    onLocalTx: () => () => {},
  };
}

// Issue 3, item 7d: hand-written peers (a raw libp2p host from test/unit/p2p/helpers, which
// passes the status handshake and then publishes whatever it is given) against a real
// mining node with an honest peer. Each kind of misbehaviour is a separate identity, so
// each ban is seen for its own reason; the node must keep mining, serving RPC and its
// honest peer throughout.
describe('hostile peers against a real node', () => {
  let net: SimNet;
  let victim: SimNode;
  let honest: SimNode;
  let genesisHash: Uint8Array;
  const attackers: Attacker[] = [];

  beforeAll(async () => {
    net = await SimNet.create({ chain: { hashesPerBlock: 2000, blockTimeMs: 500 }, miners: 1 });
    // Debug logs carry every penalty with its offence.
    victim = await net.start('victim', { miner: 1, hashrate: 4000, logLevel: 'debug' });
    honest = await net.start('honest', { peers: [victim] });
    await waitForPeers(victim, 1);
    genesisHash = fromHexOrUndefined((await victim.call('node_info')).genesisHash)!;
  });
  afterAll(async () => {
    await Promise.all(attackers.map((a) => a.stop().catch(() => undefined)));
    await net?.destroy();
  });

  /** An attacker of this chain (or the one given) connected to the victim, past the handshake when it is of this chain. */
  async function attacker(port: ChainPort = statusOnly(net.chainId, genesisHash)): Promise<Attacker> {
    const a = await startAttacker(port);
    attackers.push(a);
    await a.dial(victim.p2p);
    return a;
  }
  async function meshReady(a: Attacker): Promise<void> {
    await waitFor('the victim to see the attacker\'s status', async () => ((await victim.call('p2p_peers')).peers.some((p: any) => p.peerId === a.peerId && p.status) ? true : undefined));
    await waitFor('the attacker to see the victim on the block topic', async () => (a.host.services.pubsub.getSubscribers(getTopicNames(net.chainId).blocks).length > 0 ? true : undefined));
  }
  /** Offences the victim logged against a peer. */
  function offences(a: Attacker): string[] {
    return parseLog(victim.logs()).filter((l) => l.msg === 'p2p: peer penalised' && l.fields.peer === a.peerId).map((l) => `${l.fields.offence} ${l.fields.why}`);
  }
  async function banned(a: Attacker, reason: RegExp): Promise<void> {
    const ban = await waitFor(`a ban of ${a.peerId.slice(-8)}`, async () => (await victim.call('p2p_peers')).bans.find((b: any) => b.peerId === a.peerId));
    expect(ban.reason).toMatch(reason);
    await waitFor('the victim to drop the attacker', async () => ((await victim.call('p2p_peers')).peers.some((p: any) => p.peerId === a.peerId) ? undefined : true));
    await waitFor('the attacker to see the hang-up', async () => (a.host.getConnections().length === 0 ? true : undefined));
  }

  /** A well-formed block on genesis whose hash misses even the easiest target it could claim. */
  function blockWithoutWork(salt: number): Uint8Array {
    const g = genesisParts(net.genesis);
    const ctx = contextOf(net.genesis);
    for (let i = 0; ; i++) {
      const block = buildBlock({ parent: g.block.header, state: g.state, acc: g.acc, ctx, minerSecret: net.accounts[0]!.secret, pow: 'invalid', timestamp: net.genesis.timestamp + 1000 + salt * 1000 + i });
      try {
        validateBlockContextFree(block, ctx);
      } catch (err) {
        if (err instanceof BlockError && err.code === 'BAD_POW') return encodeBlock(block);
        throw err;
      }
    }
  }

  it('bans each one and keeps mining, serving RPC and its honest peer', async () => {
    onTestFailed(() => console.log(net.tailLogs()));
    const before = await victim.head();
    // RPC keeps answering while the attacks run.
    let attacking = true;
    const rpcHeights: number[] = [];
    const poller = (async () => {
      while (attacking) {
        rpcHeights.push((await victim.head()).height);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    await Promise.all([
      (async () => {
        // Garbage on both topics.
        const a = await attacker();
        await meshReady(a);
        await a.publishBlock(randomBytes(300));
        await a.publishBlock(randomBytes(301));
        await a.publishTxs(randomBytes(302));
        await banned(a, /invalid_block|invalid_tx_batch|graylisted/);
        expect(offences(a)[0]).toMatch(/^invalid_block MALFORMED/);
        // Its redial is cut once its key is known.
        await a.dial(victim.p2p).catch(() => undefined);
        await waitFor('the redial to be cut', async () => (a.host.getConnections().length === 0 ? true : undefined));
      })(),
      (async () => {
        // Well-formed blocks with no proof of work behind them.
        const a = await attacker();
        await meshReady(a);
        for (let i = 0; i < 3; i++) await a.publishBlock(blockWithoutWork(i));
        await banned(a, /invalid_block: BAD_POW|graylisted/);
        expect(offences(a)[0]).toMatch(/^invalid_block BAD_POW/);
      })(),
      (async () => {
        // Over the size limits: a 4 MiB block message and a 200 KiB transaction batch.
        const a = await attacker();
        await meshReady(a);
        await a.publishBlock(randomBytes(4 * 1024 * 1024 - 16 * 1024));
        await a.publishTxs(encodeTxBatch(Array.from({ length: 400 }, () => randomBytes(512))));
        await banned(a, /oversized_message|graylisted/);
        expect(offences(a)[0]).toMatch(/^oversized_message/);
      })(),
      (async () => {
        // Our chain id with another genesis: refused at the status handshake.
        const a = await attacker(statusOnly(net.chainId, randomBytes(32)));
        await banned(a, /other chain/);
      })(),
      (async () => {
        // Another chain id altogether: it cannot even negotiate our status protocol.
        const a = await attacker(statusOnly('tesnode-elsewhere', randomBytes(32)));
        await banned(a, /other chain/);
      })(),
      (async () => {
        // Not libp2p at all: bytes on the raw TCP port. The node closes the socket.
        const [, host, port] = /^\/ip4\/([^/]+)\/tcp\/(\d+)/.exec(victim.p2p)!;
        const closed = await new Promise<boolean>((resolve, reject) => {
          const s = connect({ host: host!, port: Number(port) }, () => s.write(randomBytes(4096)));
          s.on('error', () => undefined);
          s.on('close', () => resolve(true));
          setTimeout(() => reject(new Error('the node kept a garbage TCP connection open for 30 s')), 30_000).unref();
        });
        expect(closed).toBe(true);
      })(),
    ]);

    attacking = false;
    await poller; // a failed RPC call would have thrown here
    expect(rpcHeights.length).toBeGreaterThan(5);
    expect(rpcHeights.every((h, i) => i === 0 || h >= rpcHeights[i - 1]!)).toBe(true);

    // Every offence was counted where it belongs.
    const stats = await victim.call('p2p_stats');
    expect(stats.blocks.rejected).toBeGreaterThanOrEqual(3);
    expect(stats.blocks.accepted).toBe(0); // the victim mines; it accepted nothing from anyone
    expect((await victim.call('p2p_peers')).bans).toHaveLength(5);

    // Still mining, still serving, still with its honest peer, which follows its head.
    const peers = await victim.call('p2p_peers');
    expect(peers.peers.map((p: any) => p.peerId)).toEqual([honest.peerId]);
    expect(peers.peers[0].score).toBeGreaterThan(-50); // not held against it (a slow answer costs -5)
    const after = await waitForSameHead([victim, honest], before.height + 3);
    expect(after.height).toBeGreaterThan(before.height);
    expect((await honest.call('p2p_peers')).bans).toEqual([]);
  });
});
