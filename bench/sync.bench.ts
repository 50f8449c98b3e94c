/**
 * Sync throughput between real node processes: a chain of full blocks (then empty ones) is
 * mined in-process into node A's data directory (transfers from 400 senders in turn); A
 * serves it, and B, started empty with A as its peer, catches up by range sync. B's height is polled every 20 ms; the clock starts at
 * B's "p2p: sync started" log line. Beside it, the same blocks imported in this process into
 * a fresh chain: the ceiling of the import pipeline without the network.
 */
import { join } from 'node:path';
import { Chain } from '../src/node/chain/chain.ts';
import { dataDir } from '../src/node/datadir.ts';
import { createSimGenesis, makeSimTransfer, parseLog, SimNet, simMinerKey, waitFor } from '../test/helpers/devnet.ts';
import { mineBlock, makeTempDir, removeDir } from '../test/helpers/testChain.ts';
import type { Block } from '../src/chain/types.ts';
import type { Figure } from './chain.bench.ts';

/** Options of the sync bench. */
export interface SyncOptions {
  /** Full blocks, then… */
  readonly fullBlocks: number;
  /** …transfers in each (the genesis maxBlockTxs)… */
  readonly perBlock: number;
  /** …then empty blocks. */
  readonly emptyBlocks: number;
}

const BLOCK_TIME = 1000;
// Distinct senders: the first sight of a public key costs ~1.2 ms (its subgroup check, then
// cached), so a chain of 40,000 transfers from 40,000 keys would measure mostly that.
const SENDERS = 400;

/** Runs the bench and returns its figures. */
export async function benchSync(o: SyncOptions): Promise<Figure[]> {
  const total = o.fullBlocks + o.emptyBlocks;
  const txCount = o.fullBlocks * o.perBlock;
  // Fixed seed; an easy target; genesis far enough back that every block is in the past.
  const made = createSimGenesis({
    chainId: 'tesnode-bench-sync',
    hashesPerBlock: 2,
    blockTimeMs: BLOCK_TIME,
    accounts: SENDERS,
    seed: 20261123,
    timestamp: Date.now() - (total + 60) * BLOCK_TIME,
    params: { maxBlockTxs: o.perBlock },
  });
  const net = await SimNet.create({ chain: made, miners: 0 });
  try {
    // Build the chain into A's directory, keeping the blocks for the in-process ceiling.
    const datadirA = join(net.root, 'a');
    await net.prepareDatadir(datadirA);
    const chain = await Chain.open({ dbDir: dataDir(datadirA).dbDir, genesis: net.genesis });
    const blocks: Block[] = [];
    const miner = simMinerKey(1).secret;
    const sink = simMinerKey(2).id;
    try {
      let next = 0;
      for (let b = 0; b < total; b++) {
        const txs = [];
        if (b < o.fullBlocks) {
          for (let i = 0; i < o.perBlock; i++, next++) {
            const sender = net.accounts[next % net.accounts.length]!;
            txs.push(makeSimTransfer(net.chainId, sender, sink, 1n, Math.floor(next / net.accounts.length)).tx);
          }
        }
        const block = await mineBlock(chain, undefined, miner, { txs, timestamp: chain.head.header.timestamp + BLOCK_TIME });
        await chain.importBlock(block);
        blocks.push(block);
      }
    } finally {
      await chain.close();
    }

    // Ceiling: the same blocks into a fresh chain in this process.
    const dir = await makeTempDir('tesnode-bench-sync-');
    const fresh = await Chain.open({ dbDir: join(dir, 'db'), genesis: net.genesis });
    let t = performance.now();
    for (const b of blocks.slice(0, o.fullBlocks)) await fresh.importBlock(b);
    const localFullS = (performance.now() - t) / 1000;
    t = performance.now();
    for (const b of blocks.slice(o.fullBlocks)) await fresh.importBlock(b);
    const localEmptyS = (performance.now() - t) / 1000;
    await fresh.close();
    await removeDir(dir);

    // The network: A serves, B syncs.
    const a = await net.start('a', { datadir: datadirA });
    const b = await net.start('b', { peers: [a], logLevel: 'debug' });
    const samples: Array<{ t: number; h: number }> = [];
    await waitFor(`b to reach height ${total}`, async () => {
      const h = (await b.head()).height;
      samples.push({ t: Date.now(), h });
      return h >= total ? true : undefined;
    }, 600_000, 20);
    const started = parseLog(b.logs()).find((l) => l.msg === 'p2p: sync started');
    if (!started) throw new Error('bench: b never logged the start of a sync round');
    const reached = (h: number) => samples.find((s) => s.h >= h)!.t;
    const fullS = (reached(o.fullBlocks) - started.time) / 1000;
    const firstMs = reached(1) - started.time;
    const emptyS = (reached(total) - reached(o.fullBlocks)) / 1000;
    return [
      { name: `sync of ${o.fullBlocks} full blocks (${o.perBlock} transfers each, ${SENDERS} senders), blocks`, value: o.fullBlocks / fullS, unit: 'blocks/s', ratio: { to: 'in-process import', value: localFullS / fullS } },
      { name: `sync of ${o.fullBlocks} full blocks, transactions`, value: txCount / fullS, unit: 'tx/s' },
      { name: 'sync started → first full block imported (download of the first batch)', value: firstMs, unit: 'ms' },
      { name: `sync of ${o.emptyBlocks} empty blocks`, value: o.emptyBlocks / emptyS, unit: 'blocks/s', ratio: { to: 'in-process import', value: localEmptyS / emptyS } },
      { name: 'in-process import of the same full blocks (ceiling)', value: o.fullBlocks / localFullS, unit: 'blocks/s' },
      { name: 'in-process import of the same full blocks (ceiling), transactions', value: txCount / localFullS, unit: 'tx/s' },
      { name: 'in-process import of the same empty blocks (ceiling)', value: o.emptyBlocks / localEmptyS, unit: 'blocks/s' },
    ];
  } finally {
    await net.destroy();
  }
}
