import { performance } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressToBytes } from '../src/chain/address.ts';
import { signTx } from '../src/chain/tx.ts';
import { Chain } from '../src/node/chain/chain.ts';
import { DEFAULT_CHECK_BLOCKS } from '../src/node/chain/checkRecentBlocks.ts';
import { repairStore } from '../src/node/chain/repairStore.ts';
import { verifyStore } from '../src/node/chain/verifyStore.ts';
import { ChainStore } from '../src/node/store/chainStore.ts';
import { DbKey } from '../src/node/store/layout.ts';
import { Mempool } from '../src/node/mempool/mempool.ts';
import { benchGenesis, mineNext } from './benchChain.ts';
import type { Figure } from './chain.bench.ts';

/**
 * verify-store and repair on a chain of `blocks` blocks of `perBlock` transfers: the
 * full read-back in seconds per 10,000 blocks, the start check of the last
 * DEFAULT_CHECK_BLOCKS blocks, and a rebuild from blocks (replaying the chain), each
 * beside the import of the same blocks (the peer figure: reading back should cost less
 * than executing).
 */
export async function benchStore(opts: { blocks: number; perBlock: number }): Promise<Figure[]> {
  const senders = Math.max(1, opts.perBlock);
  const { genesis, keys, miner } = benchGenesis(senders, 'store-bench');
  const to = addressToBytes(keys[0]!.address);
  const root = await mkdtemp(join(tmpdir(), 'tesnode-bench-store-'));
  const dbDir = join(root, 'db');
  try {
    const chain = await Chain.open({ dbDir, genesis });
    const mempool = new Mempool({ ctx: chain.ctx });
    chain.on('head', (c) => mempool.onHeadChange([], c.connected.flatMap((b) => b.txs), chain.state, { height: c.head.header.height + 1, timestamp: c.head.header.timestamp + chain.ctx.params.blockTimeMs }));
    let importMs = 0;
    for (let h = 0; h < opts.blocks; h++) {
      for (let i = 0; i < opts.perBlock; i++) {
        const k = keys[i]!;
        mempool.add(signTx({ chainId: genesis.chainId, from: k.pub, nonce: h, fee: 100n, kind: 'transfer', payload: { to, amount: 1n } }, k.secret), chain.state, { height: h + 1, timestamp: chain.head.header.timestamp + chain.ctx.params.blockTimeMs });
      }
      const t = performance.now();
      await mineNext(chain, mempool, miner);
      importMs += performance.now() - t;
    }
    await chain.close();
    // One open moves the last writes from LevelDB's log into a table, as after any restart.
    await (await Chain.open({ dbDir, genesis, checkBlocks: 0 })).close();

    const verify = await verifyStore({ dbDir, genesis });
    if (!verify.ok) throw new Error(`bench chain fails verification: ${JSON.stringify(verify.damage.slice(0, 3))}`);

    const openMs = async (checkBlocks: number) => {
      const t = performance.now();
      await (await Chain.open({ dbDir, genesis, checkBlocks })).close();
      return performance.now() - t;
    };
    const plainOpen = await openMs(0);
    const checkedOpen = await openMs(DEFAULT_CHECK_BLOCKS);

    // A damaged receipt list at height 1 makes repair replay the whole chain.
    const store = await ChainStore.open(dbDir);
    await store.write([{ type: 'put', key: DbKey.receipts((await store.getCanonicalHash(1))!), value: new Uint8Array([0xc1]) }]);
    await store.close();
    const repair = await repairStore({ dbDir, genesis });
    if (repair.action !== 'rebuild' || !repair.after.ok) throw new Error(`bench repair did ${repair.action}, after ok ${repair.after.ok}`);

    const per10k = (seconds: number) => (seconds * 10_000) / (opts.blocks + 1);
    const importPer10k = per10k(importMs / 1000);
    return [
      { name: `import (mine + full validation + one batch per block), s per 10,000 blocks of ${opts.perBlock} tx`, value: importPer10k, unit: 's' },
      { name: 'verify-store, whole store read back, s per 10,000 blocks', value: verify.secondsPer10kBlocks, unit: 's', ratio: { to: 'import', value: verify.secondsPer10kBlocks / importPer10k } },
      { name: `start-up check of the last ${DEFAULT_CHECK_BLOCKS} blocks (open with it minus open without)`, value: checkedOpen - plainOpen, unit: 'ms' },
      { name: 'repair by rebuild (verify, replay from genesis, verify again), s per 10,000 blocks', value: per10k(repair.seconds), unit: 's', ratio: { to: 'import', value: per10k(repair.seconds) / importPer10k } },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
