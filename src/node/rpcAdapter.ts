import { bytesEqual } from '../chain/bytes.ts';
import { nextBlockOf } from './chain/nextBlock.ts';
import type { Chain } from './chain/chain.ts';
import type { Mempool } from './mempool/mempool.ts';
import type { ChainReader, TxPool } from '../rpc/nodeReader.ts';

/** The RPC layer's read interface over the real chain and its store. */
export function createChainReader(chain: Chain): ChainReader {
  return {
    ctx: chain.ctx,
    genesisHash: chain.genesisHash,
    get head() {
      return chain.head;
    },
    state: chain.state,
    now: () => chain.now(),
    getBlockByHeight: (h) => chain.getBlockByHeight(h),
    getBlockByHash: (h) => chain.getBlockByHash(h),
    getHeader: (h) => chain.getHeader(h),
    getCanonicalHash: (h) => chain.getCanonicalHash(h),
    async getBlockStatus(hash) {
      const e = await chain.getIndex(hash);
      if (!e) return undefined;
      const at = e.status === 'applied' ? await chain.store.getCanonicalHash(e.height) : undefined;
      return { cumulativeWork: e.cumulativeWork, canonical: at !== undefined && bytesEqual(at, hash) };
    },
    // Checked reads: a damaged record is an error naming the repair, never served.
    getReceipts: (h) => chain.getReceipts(h),
    getTxLocation: (h) => chain.getTxLocation(h),
  };
}

/** The RPC layer's view of the mempool: admission against the head state and the next block. */
export function createTxPool(chain: Chain, mempool: Mempool): TxPool {
  return {
    get size() {
      return mempool.size;
    },
    get byteSize() {
      return mempool.byteSize;
    },
    submit: (tx) => mempool.add(tx, chain.state, nextBlockOf(chain)),
    get: (hash) => mempool.get(hash),
    pendingOf: (sender) => mempool.pendingOf(sender),
  };
}
