/**
 * The one thing src/p2p knows about the chain: this small port. The node implements it
 * over the real Chain and mempool; tests implement it over an in-memory fake. Nothing in
 * src/p2p reaches past it into the chain's store, state or import pipeline.
 */

/** What a node tells its peers about its canonical head. */
export interface ChainStatus {
  readonly headHash: Uint8Array;
  readonly height: number;
  /** Cumulative proven work from genesis to the head (fork choice, docs/protocol/consensus.md). */
  readonly cumulativeWork: bigint;
}

/** How an imported block was taken (mirrors Chain's ImportStatus). */
export type ImportOutcome = 'head' | 'reorg' | 'side' | 'known';

/** The cheap facts gossip validation learns about a block before importing it. */
export interface PrecheckedBlock {
  readonly hash: Uint8Array;
  readonly height: number;
  readonly parentHash: Uint8Array;
}

/**
 * The chain as the network layer sees it. Errors thrown carry a string `code`: the
 * BlockError / TxError codes of src/chain/chainError.ts for bad data; any other error
 * (or one without a code) is treated as a local fault, never held against a peer.
 */
export interface ChainPort {
  readonly chainId: string;
  readonly genesisHash: Uint8Array;
  /** The canonical head, as told to peers in the status handshake. */
  status(): ChainStatus;
  /**
   * Full import of one encoded block. Throws a coded error: 'UNKNOWN_PARENT' = fetch its
   * ancestors; 'TIME_TOO_NEW' = ignore for now; any other BlockError code = invalid.
   */
  importBlock(bytes: Uint8Array): Promise<ImportOutcome>;
  /**
   * Cheap gossip validation before forwarding: decode, context-free checks, and the
   * header against its parent when the parent is known. Throws a coded error when invalid.
   */
  precheckBlock(bytes: Uint8Array): Promise<PrecheckedBlock>;
  /** True when the block is stored (canonical or side; not one known to be invalid). */
  hasBlock(hash: Uint8Array): Promise<boolean>;
  /** Encoded bytes of any stored block. */
  getBlockBytesByHash(hash: Uint8Array): Promise<Uint8Array | undefined>;
  /** Canonical blocks from height `from`, at most `count`, encoded, in height order. */
  getCanonicalBlocks(from: number, count: number): Promise<Uint8Array[]>;
  /**
   * Mempool admission of one encoded transaction received from the network. Throws a
   * coded TxError ('ALREADY_KNOWN', 'BAD_SIGNATURE', 'NONCE_TOO_LOW', 'MEMPOOL_FULL', …).
   * A transaction admitted here must NOT be reported again through onLocalTx.
   */
  submitTx(bytes: Uint8Array): Promise<void>;
  /**
   * Subscribes to canonical head changes: the encoded blocks that joined the canonical
   * chain, oldest first. Returns an unsubscribe function.
   */
  onHead(cb: (connectedBlocks: Uint8Array[]) => void): () => void;
  /**
   * Subscribes to transactions this node's own users submitted (RPC, wallet), for
   * gossiping them. Returns an unsubscribe function.
   */
  onLocalTx(cb: (txBytes: Uint8Array) => void): () => void;
}
