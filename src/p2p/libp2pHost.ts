/**
 * The libp2p instance of a tesnode: TCP, noise, yamux, identify and gossipsub, configured
 * for two small topics. Gossip messages are unsigned (StrictNoSign) and identified by the
 * hash of their data, as in Ethereum: authenticity lives in the blocks and transactions
 * themselves, and a node that relays the same bytes twice is deduplicated by content.
 */
import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify, type Identify } from '@libp2p/identify';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { createTopicScoreParams, type TopicScoreParams } from '@libp2p/gossipsub/score';
import type { ConnectionGater, Libp2p, PrivateKey } from '@libp2p/interface';
import type { P2pLimits, TopicNames } from './config.ts';

/** Gossipsub with the accessors its implementation has but its interface omits. */
export type PubSub = GossipSub & { getScore?(peerId: string): number; getMeshPeers?(topic: string): string[] };

/** The libp2p node with tesnode's services. */
export type P2pHost = Libp2p<{ identify: Identify; pubsub: PubSub }>;

/** Options of `createP2pHost`. */
export interface P2pHostOptions {
  readonly privateKey: PrivateKey;
  readonly listen: readonly string[];
  readonly topics: TopicNames;
  readonly limits: P2pLimits;
  readonly gater: ConnectionGater;
  /** The application's opinion of a peer, fed into gossipsub's score (P5). */
  readonly appScore: (peerId: string) => number;
}

/** Gossipsub score thresholds: below `graylist` a peer's messages are dropped unread. */
export const GOSSIP_THRESHOLDS = { gossipThreshold: -40, publishThreshold: -60, graylistThreshold: -80 } as const;

// Room for gossipsub's own framing and piggybacked control messages in one RPC frame.
const RPC_FRAME_SLACK = 256 * 1024;

// Invalid messages dominate a topic's score: two rejections put a peer at -80, the
// graylist threshold, after which its RPCs are dropped unread. Mesh-delivery penalties
// are off: a quiet topic (one block a second or less) would punish honest peers.
function topicScore(): TopicScoreParams {
  return createTopicScoreParams({
    topicWeight: 1,
    timeInMeshWeight: 0.01,
    timeInMeshQuantum: 1000,
    timeInMeshCap: 300,
    firstMessageDeliveriesWeight: 1,
    firstMessageDeliveriesDecay: 0.9,
    firstMessageDeliveriesCap: 20,
    meshMessageDeliveriesWeight: 0,
    meshFailurePenaltyWeight: 0,
    invalidMessageDeliveriesWeight: -20,
    invalidMessageDeliveriesDecay: 0.99,
  });
}

/** Creates (but does not start) the libp2p node. */
export async function createP2pHost(opts: P2pHostOptions): Promise<P2pHost> {
  const { limits, topics } = opts;
  return createLibp2p({
    privateKey: opts.privateKey,
    start: false,
    addresses: { listen: [...opts.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: opts.gater,
    connectionManager: {
      maxConnections: limits.maxConnections,
      // Local devnets open many connections from one address at once.
      inboundConnectionThreshold: 50,
      dialTimeout: limits.requestTimeoutMs,
    },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: 'StrictNoSign',
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        emitSelf: false,
        allowedTopics: [topics.blocks, topics.txs],
        maxInboundDataLength: limits.maxBlockMessageBytes + RPC_FRAME_SLACK,
        scoreParams: {
          topics: { [topics.blocks]: topicScore(), [topics.txs]: topicScore() },
          appSpecificScore: opts.appScore,
          appSpecificWeight: 1,
          // Devnets run every node on one host; colocation is only suspicious elsewhere.
          IPColocationFactorWhitelist: new Set(['127.0.0.1', '::1']),
        },
        scoreThresholds: { ...GOSSIP_THRESHOLDS },
      }) as (components: any) => PubSub, // eslint-disable-line @typescript-eslint/no-explicit-any -- the factory's component type is internal
    },
  }) as Promise<P2pHost>;
}
