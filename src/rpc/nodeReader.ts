import type { ChainContext } from '../chain/module/context.ts';
import type { Receipt } from '../chain/module/receipt.ts';
import type { StateReader } from '../chain/state/stateReader.ts';
import type { Block, BlockHeader, Tx } from '../chain/types.ts';

/** The canonical head as RPC sees it. */
export interface HeadView {
  readonly hash: Uint8Array;
  readonly header: BlockHeader;
  readonly work: bigint;
}

/**
 * What the RPC methods read of the chain: the head state and blocks, receipts and
 * indexes, through this interface only (the node implements it over its chain and
 * store; RPC never touches the database).
 */
export interface ChainReader {
  readonly ctx: ChainContext;
  readonly genesisHash: Uint8Array;
  readonly head: HeadView;
  readonly state: StateReader;
  /** The node's clock, ms. */
  now(): number;
  getBlockByHeight(height: number): Promise<Block | undefined>;
  getBlockByHash(hash: Uint8Array): Promise<Block | undefined>;
  getHeader(hash: Uint8Array): Promise<BlockHeader | undefined>;
  getCanonicalHash(height: number): Promise<Uint8Array | undefined>;
  /** Cumulative work and whether the block is canonical, for any stored block. */
  getBlockStatus(hash: Uint8Array): Promise<{ cumulativeWork: bigint; canonical: boolean } | undefined>;
  getReceipts(blockHash: Uint8Array): Promise<readonly Receipt[] | undefined>;
  getTxLocation(txHash: Uint8Array): Promise<{ blockHash: Uint8Array; index: number } | undefined>;
}

/** A pending transaction as RPC sees it. */
export interface PendingTx {
  readonly tx: Tx;
  readonly hashHex: string;
}

/** What the RPC methods use of the mempool. */
export interface TxPool {
  readonly size: number;
  readonly byteSize: number;
  /** Admits a transaction (signature, nonce, fee, dry run); throws TxError naming the rule it breaks. */
  submit(tx: Tx): PendingTx;
  get(hash: Uint8Array): PendingTx | undefined;
  /** Pending transactions of a sender (account id hex). */
  pendingOf(senderHex: string): readonly PendingTx[];
}

/** What node_info shows of the miner. */
export interface MinerView {
  readonly publicKey: Uint8Array;
  hashrate(): number;
  readonly mined: number;
}
