/**
 * Block propagation across real node processes: five nodes on 127.0.0.1 (each dials every
 * earlier one, as `tesnode devnet` does), one mining, the others importing by gossip. For
 * each block, the time from the miner's "mined block" log line (written right after its own
 * import, when the block is published) to the "gossiped block imported" debug line of every
 * other node. All processes share one clock; log timestamps have 1 ms resolution.
 */
import { makeSimTransfer, parseLog, SimNet, waitForPeers, waitForSameHead, rpcBatch, type SimNode } from '../test/helpers/devnet.ts';
import { testKey } from '../test/helpers/testChain.ts';
import type { Figure } from './chain.bench.ts';

/** Options of the propagation bench. */
export interface PropagationOptions {
  readonly nodes: number;
  /** How long the miner runs (s). */
  readonly seconds: number;
  /** Block spacing the chain aims at (ms). */
  readonly blockTimeMs: number;
  /** Transfers per second sent to a non-mining node meanwhile (0: empty blocks). */
  readonly txPerSecond: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs the bench and returns its figures. */
export async function benchPropagation(o: PropagationOptions): Promise<Figure[]> {
  const hashrate = 8000;
  const net = await SimNet.create({ chain: { hashesPerBlock: (hashrate * o.blockTimeMs) / 1000, blockTimeMs: o.blockTimeMs, accounts: 64, seed: 11 }, miners: 1 });
  try {
    const nodes: SimNode[] = [];
    for (let i = 0; i < o.nodes; i++) {
      nodes.push(await net.start(`node${i + 1}`, { peers: [...nodes], logLevel: i === 0 ? 'info' : 'debug', ...(i === 0 ? { miner: 1, hashrate } : {}) }));
    }
    for (const n of nodes) await waitForPeers(n, o.nodes - 1);
    await waitForSameHead(nodes, 2, 60_000);
    const from = (await nodes[0]!.head()).height;

    // Optional steady load: transfers from 64 senders into the last node.
    let load: Promise<void> | undefined;
    let loading = true;
    if (o.txPerSecond > 0) {
      const sink = testKey('bench-sink', 0).id;
      const nonces = net.accounts.map(() => 0);
      load = (async () => {
        let i = 0;
        while (loading) {
          const calls = Array.from({ length: Math.max(1, Math.round(o.txPerSecond / 10)) }, () => {
            const s = i++ % net.accounts.length;
            return { method: 'tx_send', params: { tx: makeSimTransfer(net.chainId, net.accounts[s]!, sink, 1n, nonces[s]!++).hex } };
          });
          await rpcBatch(nodes[o.nodes - 1]!, calls).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
    }
    await new Promise((r) => setTimeout(r, o.seconds * 1000));
    loading = false;
    await load;
    const to = (await nodes[0]!.head()).height;
    // Let the last block arrive everywhere before reading the logs.
    await waitForSameHead(nodes, to, 30_000);

    const mined = new Map<number, number>();
    for (const l of parseLog(nodes[0]!.logs())) if (l.msg === 'mined block') mined.set(Number(l.fields.height), l.time);
    const imported = nodes.slice(1).map((n) => {
      const at = new Map<number, number>();
      for (const l of parseLog(n.logs())) {
        if (l.msg === 'p2p: gossiped block imported' && (l.fields.outcome === 'head' || l.fields.outcome === 'reorg') && !at.has(Number(l.fields.height))) at.set(Number(l.fields.height), l.time);
      }
      return at;
    });
    const perNode: number[] = [];
    const lastNode: number[] = [];
    let missing = 0;
    for (let h = from + 1; h <= to; h++) {
      const t0 = mined.get(h);
      if (t0 === undefined) continue;
      let worst = -Infinity;
      for (const at of imported) {
        const t = at.get(h);
        if (t === undefined) {
          missing++; // arrived another way (orphan fetch, sync): not a gossip sample
          continue;
        }
        perNode.push(t - t0);
        worst = Math.max(worst, t - t0);
      }
      if (worst > -Infinity) lastNode.push(worst);
    }
    perNode.sort((a, b) => a - b);
    lastNode.sort((a, b) => a - b);
    const label = `${o.nodes} nodes, ${o.txPerSecond ? `${o.txPerSecond} tx/s load` : 'empty blocks'}`;
    return [
      { name: `blocks measured (${label}; ${missing} imports not by gossip)`, value: lastNode.length, unit: 'blocks' },
      { name: 'mined → imported on a node, p50', value: percentile(perNode, 50), unit: 'ms' },
      { name: 'mined → imported on a node, p95', value: percentile(perNode, 95), unit: 'ms' },
      { name: `mined → imported on all ${o.nodes - 1} other nodes, p50`, value: percentile(lastNode, 50), unit: 'ms' },
      { name: `mined → imported on all ${o.nodes - 1} other nodes, p95`, value: percentile(lastNode, 95), unit: 'ms' },
    ];
  } finally {
    await net.destroy();
  }
}
