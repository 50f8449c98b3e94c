import { EventEmitter } from 'node:events';
import { BlockError } from '../chain/chainError.ts';
import { decodeBlock, encodeBlock } from '../chain/block.ts';
import { decodeTx, encodeTx } from '../chain/tx.ts';
import { validateBlockContextFreeParallel, validateHeaderContext } from '../consensus/validateBlock.ts';
import { nextBlockOf } from './chain/nextBlock.ts';
import type { Chain, HeadChange } from './chain/chain.ts';
import type { Mempool } from './mempool/mempool.ts';
import type { Tx } from '../chain/types.ts';
import type { ChainPort } from '../p2p/chainPort.ts';

/** Transactions this node's own users submitted (RPC, wallet): the ones p2p gossips. */
export class LocalTxFeed extends EventEmitter<{ tx: [Uint8Array] }> {
  /** Announces a transaction accepted from a local user. */
  publish(tx: Tx): void {
    this.emit('tx', encodeTx(tx));
  }
}


/**
 * The networking layer's view of the node (src/p2p/chainPort.ts) over the real chain
 * and mempool. Transactions from peers go into the mempool without being re-announced
 * as local; only `LocalTxFeed` transactions are gossiped by this node.
 */
export function createChainPortAdapter(chain: Chain, mempool: Mempool, localTxs: LocalTxFeed): ChainPort {
  const { ctx } = chain;
  return {
    chainId: ctx.chainId,
    genesisHash: chain.genesisHash,
    status: () => ({ headHash: chain.head.hash, height: chain.head.header.height, cumulativeWork: chain.head.work }),
    importBlock: async (bytes) => (await chain.importBlockBytes(bytes)).status,
    async precheckBlock(bytes) {
      const block = decodeBlock(bytes, ctx.modules, ctx.params.maxBlockBytes, ctx.params.maxBlockTxs);
      const { hash } = await validateBlockContextFreeParallel(block, ctx);
      const parent = await chain.getIndex(block.header.parentHash);
      if (parent?.status === 'invalid') throw new BlockError('KNOWN_INVALID', 'the parent block is invalid');
      if (parent) validateHeaderContext(block.header, await chain.parentContext(block.header.parentHash, parent), ctx, chain.now());
      return { hash, height: block.header.height, parentHash: block.header.parentHash };
    },
    async hasBlock(hash) {
      const e = await chain.getIndex(hash);
      return e !== undefined && e.status !== 'invalid';
    },
    // Blocks are read checked: a damaged one is never sent (the chain records the fault).
    getBlockBytesByHash: (hash) => chain.getBlockBytes(hash),
    async getCanonicalBlocks(from, count) {
      const out: Uint8Array[] = [];
      for (let h = from; h < from + count && h <= chain.head.header.height; h++) {
        let bytes: Uint8Array | undefined;
        try {
          const hash = await chain.getCanonicalHash(h);
          bytes = hash && (await chain.getBlockBytes(hash));
        } catch (err) {
          // The intact blocks before a damaged one are still served.
          if ((err as Error).name !== 'StoreError' || out.length === 0) throw err;
        }
        if (!bytes) break;
        out.push(bytes);
      }
      return out;
    },
    async submitTx(bytes) {
      mempool.add(decodeTx(bytes, ctx.modules), chain.state, nextBlockOf(chain));
    },
    onHead(cb) {
      const listener = (c: HeadChange) => cb(c.connected.map(encodeBlock));
      chain.on('head', listener);
      return () => chain.off('head', listener);
    },
    onLocalTx(cb) {
      localTxs.on('tx', cb);
      return () => localTxs.off('tx', cb);
    },
  };
}
