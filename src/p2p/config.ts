/**
 * Names and limits of tesnode's network protocols. Every name carries the chain id, so
 * nodes of different chains never even negotiate a stream or share a topic.
 */

/** Gossipsub topics of one chain. */
export interface TopicNames {
  readonly blocks: string;
  readonly txs: string;
}

/** Request/response protocol ids of one chain. */
export interface ProtocolIds {
  readonly status: string;
  readonly blocksByRange: string;
  readonly blocksByHash: string;
}

/** The topics of chain `chainId`. */
export function getTopicNames(chainId: string): TopicNames {
  return { blocks: `/tesnode/${chainId}/blocks/1`, txs: `/tesnode/${chainId}/txs/1` };
}

/** The request/response protocols of chain `chainId`. */
export function getProtocolIds(chainId: string): ProtocolIds {
  return {
    status: `/tesnode/${chainId}/status/1`,
    blocksByRange: `/tesnode/${chainId}/blocks_by_range/1`,
    blocksByHash: `/tesnode/${chainId}/blocks_by_hash/1`,
  };
}

/** Tunable limits of the network layer; every one has a default in DEFAULT_LIMITS. */
export interface P2pLimits {
  /**
   * Largest block message accepted on gossip or in a response (bytes). js gossipsub's
   * length-prefix encoder refuses frames over 4 MiB, so gossip cannot carry more than
   * this default whatever the genesis allows; larger blocks would travel by sync only.
   */
  readonly maxBlockMessageBytes: number;
  /** Largest transaction batch message accepted (bytes). */
  readonly maxTxBatchBytes: number;
  /** Most transactions in one received batch. */
  readonly maxTxsPerBatch: number;
  /** A batch we send is flushed once it holds this many transactions… */
  readonly txBatchTargetCount: number;
  /** …or this many bytes… */
  readonly txBatchTargetBytes: number;
  /** …or this long after its first transaction (ms). */
  readonly txFlushIntervalMs: number;
  /** Outgoing transactions waiting to be batched; when full the oldest are dropped. */
  readonly maxTxQueue: number;
  /** Most batches this node publishes per second: the sustainable gossip rate. */
  readonly maxTxBatchesPerSecond: number;
  /** Received batches validated at once; beyond this they are ignored (overload). */
  readonly maxPendingTxBatches: number;
  /** Most blocks asked for or served in one blocks_by_range request. */
  readonly maxBlocksPerRequest: number;
  /** Most hashes in one blocks_by_hash request. */
  readonly maxHashesPerRequest: number;
  /** Most bytes of blocks in one response; the server stops before going over. */
  readonly maxResponseBytes: number;
  /** Deadline of one request, from opening the stream to the last response byte (ms). */
  readonly requestTimeoutMs: number;
  /** Blocks a peer may download from us per second (token bucket, burst of twice that). */
  readonly serveBlocksPerSecond: number;
  /** How often status is exchanged again with every peer (ms). */
  readonly statusIntervalMs: number;
  /** Blocks per sync batch. */
  readonly syncBatchSize: number;
  /** Sync batches downloaded ahead of the import point. */
  readonly syncBatchesAhead: number;
  /** Concurrent sync downloads from one peer. */
  readonly syncDownloadsPerPeer: number;
  /** Deepest gap walked back by hash from an orphan before range sync takes over. */
  readonly maxAncestorWalk: number;
  /** Orphan blocks kept while their ancestors are fetched… */
  readonly maxOrphans: number;
  /** …and their total bytes. */
  readonly maxOrphanBytes: number;
  /** App-level score at or below which a peer is disconnected and banned. */
  readonly banScore: number;
  /** How long a ban for misbehaviour lasts (ms). */
  readonly banMs: number;
  /** How long a peer of another chain is refused (ms). */
  readonly wrongChainBanMs: number;
  /** Connections libp2p keeps before pruning. */
  readonly maxConnections: number;
  /** How often bootstrap peers that dropped are dialled again (ms). */
  readonly redialIntervalMs: number;
}

/** Defaults sized for a 2-core machine running several nodes (see TOOLCHAIN.md). */
export const DEFAULT_LIMITS: P2pLimits = {
  maxBlockMessageBytes: 4 * 1024 * 1024 - 64 * 1024,
  maxTxBatchBytes: 128 * 1024,
  maxTxsPerBatch: 1000,
  txBatchTargetCount: 200,
  txBatchTargetBytes: 64 * 1024,
  txFlushIntervalMs: 100,
  maxTxQueue: 20_000,
  maxTxBatchesPerSecond: 10,
  maxPendingTxBatches: 16,
  maxBlocksPerRequest: 64,
  maxHashesPerRequest: 32,
  maxResponseBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 10_000,
  serveBlocksPerSecond: 2000,
  statusIntervalMs: 15_000,
  syncBatchSize: 32,
  syncBatchesAhead: 8,
  syncDownloadsPerPeer: 2,
  maxAncestorWalk: 32,
  maxOrphans: 128,
  maxOrphanBytes: 32 * 1024 * 1024,
  banScore: -100,
  banMs: 10 * 60_000,
  wrongChainBanMs: 60 * 60_000,
  maxConnections: 64,
  redialIntervalMs: 10_000,
};
