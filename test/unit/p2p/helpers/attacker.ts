/**
 * A misbehaving peer for tests: a real libp2p host that passes the status handshake of
 * the victim's chain, then publishes whatever bytes it is told to on the gossip topics,
 * with no validation of its own.
 */
import { generateKeyPair } from '@libp2p/crypto/keys';
import { multiaddr } from '@multiformats/multiaddr';
import { createP2pHost, type P2pHost } from '../../../../src/p2p/libp2pHost.ts';
import { DEFAULT_LIMITS, getProtocolIds, getTopicNames, type P2pLimits } from '../../../../src/p2p/config.ts';
import { BanList } from '../../../../src/p2p/banList.ts';
import { PeerScoreBook } from '../../../../src/p2p/peerScores.ts';
import { PeerManager } from '../../../../src/p2p/peerManager.ts';
import { silentP2pLogger } from '../../../../src/p2p/logger.ts';
import type { ChainPort } from '../../../../src/p2p/chainPort.ts';

/** The attacker's handle. */
export interface Attacker {
  readonly host: P2pHost;
  readonly peerId: string;
  dial(addr: string): Promise<void>;
  publishBlock(bytes: Uint8Array): Promise<void>;
  publishTxs(bytes: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}

/** Starts an attacker speaking `chain`'s protocols. */
export async function startAttacker(chain: ChainPort, limits: Partial<P2pLimits> = {}): Promise<Attacker> {
  const all = { ...DEFAULT_LIMITS, statusIntervalMs: 60_000, ...limits };
  const topics = getTopicNames(chain.chainId);
  const host = await createP2pHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], topics, limits: all, gater: {}, appScore: () => 0 });
  const peers = new PeerManager({ host, chain, protocols: getProtocolIds(chain.chainId), limits: all, bans: new BanList(), scores: new PeerScoreBook(), bootstrap: [], log: silentP2pLogger });
  await peers.register();
  await host.start();
  host.services.pubsub.subscribe(topics.blocks);
  host.services.pubsub.subscribe(topics.txs);
  peers.start();
  return {
    host,
    peerId: host.peerId.toString(),
    async dial(addr) {
      await host.dial(multiaddr(addr), { signal: AbortSignal.timeout(5000) });
    },
    async publishBlock(bytes) {
      await host.services.pubsub.publish(topics.blocks, bytes);
    },
    async publishTxs(bytes) {
      await host.services.pubsub.publish(topics.txs, bytes);
    },
    async stop() {
      peers.stop();
      await host.stop();
    },
  };
}
