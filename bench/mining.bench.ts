import { addressToBytes } from '../src/chain/address.ts';
import { headerHash, signHeader } from '../src/chain/block.ts';
import { signTx } from '../src/chain/tx.ts';
import { applyBlock } from '../src/chain/stf/applyBlock.ts';
import { hashMeetsTarget } from '../src/consensus/work.ts';
import { Mempool } from '../src/node/mempool/mempool.ts';
import { buildBlockTemplate } from '../src/node/mining/blockTemplate.ts';
import { benchGenesis, openTempChain } from './benchChain.ts';
import type { Figure } from './chain.bench.ts';
import type { Tx } from '../src/chain/types.ts';

/** CPU microseconds (user + system) spent by this process while `fn` runs. */
async function cpuMicros(fn: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(before);
  return d.user + d.system;
}

/**
 * The mining node's CPU per transaction for building, sealing and importing its own
 * blocks, in one run, two ways over the same transactions:
 * - "executed once": the template executes the block while choosing transactions and the
 *   import commits that result (what the miner does now);
 * - "former pipeline": the template's trial pass, a second full applyBlock for the roots,
 *   then an import that checks every signature again and executes the block a third time
 *   (what the miner did before the module registry work).
 * Mempool admission (signature and dry run) is the same in both and is not counted.
 */
export async function benchMining(opts: { txs: number; perBlock: number }): Promise<Figure[]> {
  const senders = Math.max(1, Math.ceil(opts.txs / 8));
  const { genesis, keys, miner } = benchGenesis(senders, 'mining');
  const to = addressToBytes(keys[0]!.address);
  const txs: Tx[] = [];
  for (let n = 0; txs.length < opts.txs; n++) {
    for (const k of keys) {
      if (txs.length >= opts.txs) break;
      txs.push(signTx({ chainId: genesis.chainId, from: k.pub, nonce: n, fee: 100n, kind: 'transfer', payload: { to, amount: 1000n } }, k.secret));
    }
  }
  const run = async (former: boolean): Promise<number> => {
    const node = await openTempChain(genesis);
    const { chain } = node;
    const mempool = new Mempool({ ctx: chain.ctx, maxTxs: txs.length + 10, maxPerSender: 1000 });
    let cpu = 0;
    for (let i = 0; i < txs.length; i += opts.perBlock) {
      const ts = chain.ctx.genesisTime + (chain.head.header.height + 1) * chain.ctx.params.blockTimeMs;
      for (const tx of txs.slice(i, i + opts.perBlock)) mempool.add(tx, chain.state, { height: chain.head.header.height + 1, timestamp: ts });
      cpu += await cpuMicros(async () => {
        const tpl = await buildBlockTemplate(chain, mempool, miner.pub, ts);
        if (former) applyBlock(chain.state, chain.acc, { header: tpl.header, sig: new Uint8Array(64), txs: tpl.txs }, chain.ctx);
        let header = tpl.header;
        for (let n = 0n; !hashMeetsTarget(headerHash(header), tpl.target); n++) header = { ...tpl.header, nonce: n };
        const block = { header, sig: signHeader(header, miner.secret), txs: tpl.txs };
        await chain.importBlock(block, former ? {} : { executed: tpl.executed });
        mempool.onHeadChange([], block.txs, chain.state, { height: chain.head.header.height + 1, timestamp: ts + 1 });
      });
    }
    const executions = chain.executions;
    await node.cleanup();
    if (!former && executions !== 0) throw new Error(`bench: the import executed ${executions} of the miner's own blocks again`);
    return cpu / txs.length;
  };
  const formerUs = await run(true);
  const onceUs = await run(false);
  return [
    { name: `mining node CPU per tx, former pipeline (3 executions, blocks of ${opts.perBlock})`, value: formerUs, unit: 'µs/tx' },
    { name: `mining node CPU per tx, executed once (blocks of ${opts.perBlock})`, value: onceUs, unit: 'µs/tx', ratio: { to: 'former pipeline', value: onceUs / formerUs } },
  ];
}
