/**
 * The network layer of a tesnode, assembled: libp2p host, status handshake and peer
 * policies, block and transaction gossip, block serving, range sync and orphan handling,
 * all talking to the chain only through a ChainPort.
 */
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { peerIdFromString } from '@libp2p/peer-id';
import { DEFAULT_LIMITS, getProtocolIds, getTopicNames, type P2pLimits } from './config.ts';
import { loadOrCreatePeerKey } from './peerKey.ts';
import { createP2pHost } from './libp2pHost.ts';
import { BanList, createBanGater, type Ban } from './banList.ts';
import { PeerScoreBook } from './peerScores.ts';
import { PeerManager, type PeerInfo } from './peerManager.ts';
import { serveBlocks, type BlockServerStats } from './blockServer.ts';
import { requestBlocksByHash, requestBlocksByRange } from './blockRequests.ts';
import { NetworkImporter } from './networkImporter.ts';
import { createBlockGossipValidator, type BlockGossipStats } from './blockGossip.ts';
import { createTxGossipValidator, type TxGossipStats } from './txGossip.ts';
import { TxBatcher, type TxBatcherStats } from './txBatcher.ts';
import { RangeSync } from './rangeSync.ts';
import { OrphanPool } from './orphanPool.ts';
import { AncestorFetcher } from './ancestorFetcher.ts';
import { P2pError, errorText } from './p2pError.ts';
import { silentP2pLogger, type P2pLogger } from './logger.ts';
import type { SyncProgress } from './syncProgress.ts';
import type { ChainPort } from './chainPort.ts';

/** Options of `createP2pNode`. */
export interface P2pNodeOptions {
  readonly chain: ChainPort;
  /** Multiaddrs to listen on, e.g. /ip4/0.0.0.0/tcp/30333 (tcp/0 picks a free port). */
  readonly listen: readonly string[];
  /** File of the node's libp2p key, created when missing: the peer id survives restarts. */
  readonly peerKeyPath: string;
  /** Peers dialled at start and redialled when they drop, e.g. /ip4/1.2.3.4/tcp/30333/p2p/12D3… */
  readonly bootstrap?: readonly string[];
  readonly logger?: P2pLogger;
  readonly limits?: Partial<P2pLimits>;
  /** Called as sync progresses and once when a round ends (`syncing: false`). */
  readonly onSyncProgress?: (p: SyncProgress) => void;
}

/** Counters for node_info and benchmarks. */
export interface P2pStats {
  readonly blocks: BlockGossipStats;
  readonly txs: TxGossipStats;
  readonly txQueue: TxBatcherStats;
  readonly served: BlockServerStats;
  readonly orphans: number;
}

/** A node's network layer. */
export interface P2pNode {
  /** This node's libp2p peer id. */
  readonly peerId: string;
  /** Starts listening, dials the bootstrap peers, and begins gossip and sync. */
  start(): Promise<void>;
  /** Stops everything; safe to call twice. */
  stop(): Promise<void>;
  /** The addresses peers can dial, each ending in /p2p/<peerId>. */
  multiaddrs(): string[];
  /** The connected peers: id, addresses, last status, scores. */
  peers(): PeerInfo[];
  /** Dials a multiaddr; resolves with the peer id once connected. */
  connect(addr: string): Promise<string>;
  /** Closes every connection to a peer. */
  disconnect(peerId: string): Promise<void>;
  /** Peers currently refused. */
  bans(): Ban[];
  /** Where sync stands. */
  syncProgress(): SyncProgress;
  /** Peers in this node's gossip mesh, per topic (a message reaches them first). */
  meshPeers(): { blocks: string[]; txs: string[] };
  stats(): P2pStats;
}

function parseAddr(text: string, what: string): Multiaddr {
  try {
    return multiaddr(text);
  } catch (err) {
    throw new P2pError('BAD_MULTIADDR', `${what} '${text}' is not a multiaddr (expected e.g. /ip4/127.0.0.1/tcp/30333/p2p/12D3Koo…): ${(err as Error).message}`);
  }
}

/** Creates a node's network layer (not started). */
export async function createP2pNode(opts: P2pNodeOptions): Promise<P2pNode> {
  const { chain } = opts;
  const log = opts.logger ?? silentP2pLogger;
  const limits: P2pLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const topics = getTopicNames(chain.chainId);
  const protocols = getProtocolIds(chain.chainId);
  const bootstrap = (opts.bootstrap ?? []).map((a) => parseAddr(a, 'bootstrap peer'));
  const listen = opts.listen.map((a) => parseAddr(a, 'listen address').toString());

  const privateKey = await loadOrCreatePeerKey(opts.peerKeyPath);
  const bans = new BanList();
  const scores = new PeerScoreBook();
  const host = await createP2pHost({ privateKey, listen, topics, limits, gater: createBanGater(bans), appScore: (id) => scores.get(id) });
  const pubsub = host.services.pubsub;
  const peers = new PeerManager({ host, chain, protocols, limits, bans, scores, bootstrap, log });
  const importer = new NetworkImporter(chain);
  const pool = new OrphanPool(limits.maxOrphans, limits.maxOrphanBytes);
  const penalize = peers.penalize.bind(peers);

  const sync: RangeSync = new RangeSync({
    chain,
    importer,
    peers,
    limits,
    log,
    download: (peer, from, count) => requestBlocksByRange(host, protocols, limits, peer, from, count),
    onProgress: (p) => {
      opts.onSyncProgress?.(p);
      if (!p.syncing && pool.size > 0) void ancestors.connectOrphans();
    },
  });
  const ancestors = new AncestorFetcher({
    chain,
    importer,
    pool,
    peers,
    limits,
    log,
    isSyncing: () => sync.isSyncing(),
    fetchByHash: (peer, hashes) => requestBlocksByHash(host, protocols, limits, peer, hashes),
  });
  const blockGossip = createBlockGossipValidator({
    chain,
    importer,
    limits,
    log,
    penalize,
    noteHeight: (peer, h) => peers.noteHeight(peer, h),
    onOrphan: (bytes, info, from) => ancestors.onOrphan(bytes, info, from),
  });
  const txGossip = createTxGossipValidator({ chain, limits, log, penalize });
  const batcher = new TxBatcher({
    limits,
    publish: async (batch) => {
      await pubsub.publish(topics.txs, batch).catch((err: unknown) => log.debug('p2p: publishing transactions failed', { error: errorText(err) }));
    },
    // Blocks first; and transactions wait for someone to hear them.
    shouldYield: () => importer.busy() || pubsub.getSubscribers(topics.txs).length === 0,
  });

  pubsub.topicValidators.set(topics.blocks, (peer, msg) => blockGossip.validate(peer, msg.data));
  pubsub.topicValidators.set(topics.txs, (peer, msg) => txGossip.validate(peer, msg.data));
  await peers.register();
  const served = await serveBlocks({ host, chain, protocols, limits, log });

  const unsubscribe: Array<() => void> = [];
  let state: 'new' | 'started' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;

  return {
    peerId: host.peerId.toString(),
    async start() {
      if (state !== 'new') throw new P2pError('NOT_STARTED', 'the p2p node can be started once');
      state = 'started';
      await host.start();
      pubsub.subscribe(topics.blocks);
      pubsub.subscribe(topics.txs);
      peers.onStatus(() => sync.maybeStart());
      unsubscribe.push(
        chain.onHead((connected) => {
          const newest = connected[connected.length - 1];
          // Only blocks this node made are announced; network blocks already travel.
          if (newest && !importer.isFromNetwork(newest)) {
            pubsub.publish(topics.blocks, newest).catch((err: unknown) => log.warn('p2p: publishing a block failed', { error: errorText(err) }));
          }
          // A parent that arrived by any path may free a waiting orphan (sync: after the round).
          if (pool.size > 0 && !sync.isSyncing()) void ancestors.connectOrphans();
        }),
        chain.onLocalTx((tx) => batcher.add(tx)),
      );
      batcher.start();
      peers.start();
      log.info('p2p: listening', { peerId: host.peerId.toString(), addrs: host.getMultiaddrs().map(String) });
    },
    stop() {
      stopping ??= (async () => {
        const wasStarted = state === 'started';
        state = 'stopped';
        for (const u of unsubscribe) u();
        batcher.stop();
        peers.stop();
        // The host first: requests in flight fail at once instead of running to their timeout.
        const syncEnded = sync.stop();
        if (wasStarted) await host.stop();
        await syncEnded;
        await importer.close();
      })();
      return stopping;
    },
    multiaddrs: () => host.getMultiaddrs().map(String),
    peers: () => peers.list(),
    async connect(addr) {
      if (state !== 'started') throw new P2pError('NOT_STARTED', 'start the p2p node before connecting');
      const ma = parseAddr(addr, 'peer address');
      const id = ma.getComponents().find((c) => c.name === 'p2p')?.value;
      const ban = id ? bans.list().find((b) => b.peerId === id) : undefined;
      if (ban) throw new P2pError('BANNED', `peer ${id} is refused until ${new Date(ban.until).toISOString()} (${ban.reason})`);
      try {
        const conn = await host.dial(ma, { signal: AbortSignal.timeout(limits.requestTimeoutMs) });
        return conn.remotePeer.toString();
      } catch (err) {
        throw new P2pError('DIAL_FAILED', `cannot connect to ${addr}: ${(err as Error).message}`, { cause: err });
      }
    },
    async disconnect(peerId) {
      let id;
      try {
        id = peerIdFromString(peerId);
      } catch (err) {
        throw new P2pError('BAD_PEER_ID', `'${peerId}' is not a peer id (expected e.g. 12D3KooW…): ${(err as Error).message}`);
      }
      await host.hangUp(id);
    },
    bans: () => bans.list(),
    syncProgress: () => sync.progress(),
    meshPeers: () => ({ blocks: pubsub.getMeshPeers?.(topics.blocks) ?? [], txs: pubsub.getMeshPeers?.(topics.txs) ?? [] }),
    stats: () => ({ blocks: blockGossip.stats, txs: txGossip.stats, txQueue: batcher.stats(), served, orphans: pool.size }),
  };
}
