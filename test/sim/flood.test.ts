import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { testKey } from '../helpers/testChain.ts';
import { call, heads, makeSimTransfer, rpcBatch, SimNet, waitFor, waitForPeers, waitForSameHead, waitForTxEverywhere, type SignedTransfer, type SimNode } from '../helpers/devnet.ts';

const BLOCK_TIME = 500;
const MAX_BLOCK_TXS = 20;
/** What the devnet can mine: 20 transactions per half-second block. */
const CAPACITY = (MAX_BLOCK_TXS * 1000) / BLOCK_TIME;
const FLOOD_RATE = 10 * CAPACITY;
const FLOOD_MS = 8000;
const TICK_MS = 50;
const SENDERS = 2;
/** The mempool's per-sender bound (Mempool maxPerSender default) and its global one. */
const PER_SENDER = 256;
const POOL_MAX = 20_000;

interface Sample {
  readonly t: number;
  readonly heights: number[];
  readonly pools: number[];
}

// Issue 3, item 7e. Four nodes (two mining at 4,000 H/s each, 0.5 s blocks of at most 20
// transactions: 40 tx/s) take a flood of 400 tx/s for 8 s at a non-mining node, from 2
// senders that each keep sending their next nonces, resuming from the first one refused, as
// a spammer would. The bound that holds the pool here is the per-sender one (256 pending);
// the global one (20,000 transactions, 32 MiB) is far above what a CI-sized run can reach.
// Sizes are small because admitting a sender's n-th pending transaction re-runs the n-1
// before it (about 4 ms at 256 pending, on every node): see the report of issue 3.
//
// It also guards against a bug fixed in src/p2p/txGossip.ts: batches admitted concurrently
// reordered a sender's nonces, the later ones were refused as NONCE_GAP and never re-sent,
// so the flood stayed stranded in the entry node's pool while the miners' pools were empty.
describe('a flood at ten times what the devnet can mine', () => {
  let net: SimNet;
  let nodes: SimNode[];

  beforeAll(async () => {
    net = await SimNet.create({ chain: { hashesPerBlock: 4000, blockTimeMs: BLOCK_TIME, accounts: SENDERS + 1, params: { maxBlockTxs: MAX_BLOCK_TXS } }, miners: 2 });
    const n1 = await net.start('n1', { miner: 1, hashrate: 4000 });
    const n2 = await net.start('n2', { miner: 2, hashrate: 4000, peers: [n1] });
    const n3 = await net.start('n3', { peers: [n1, n2] });
    const n4 = await net.start('n4', { peers: [n1, n2, n3] });
    nodes = [n1, n2, n3, n4];
    for (const n of nodes) await waitForPeers(n, 3);
    await waitForSameHead(nodes, 2);
  });
  afterAll(async () => net?.destroy());

  it('keeps every mempool bounded and blocks flowing, and delivery returns to normal after', async () => {
    const phases: string[] = [];
    const t0 = Date.now();
    const phase = (what: string) => phases.push(`${Date.now() - t0} ms: ${what}`);
    const samples: Sample[] = [];
    let sampling = true;
    onTestFailed(() => {
      sampling = false;
      console.log([...phases, ...samples.map((x) => `${x.t - t0} ms: heights ${x.heights.join(' ')} pools ${x.pools.join(' ')}`)].join('\n') + '\n' + net.tailLogs());
    });
    const [, , entry, other] = nodes as [SimNode, SimNode, SimNode, SimNode];
    const probeKey = net.accounts[SENDERS]!;
    const sink = testKey('sim-sink', 0).id;

    /** End-to-end delivery: submitted at n4, in a block every node imported (50 ms polling). */
    const probe = async (nonce: number): Promise<number> => {
      const t = makeSimTransfer(net.chainId, probeKey, sink, 1n, nonce);
      const start = Date.now();
      await other.call('tx_send', { tx: t.hex });
      await waitForTxEverywhere(nodes, t.hash, 60_000);
      return Date.now() - start;
    };
    const baseline = await probe(0);
    phase(`baseline delivery ${baseline} ms`);

    // Heights and pool sizes of every node, four times a second, until the pools drain.
    const sampler = (async () => {
      while (sampling) {
        const infos = await Promise.all(nodes.map((n) => call<any>(n, 'node_info')));
        samples.push({ t: Date.now(), heights: infos.map((i) => i.head.height), pools: infos.map((i) => i.mempool.size) });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    sampler.catch(() => undefined); // its failure surfaces where it is awaited

    // The flood: pre-signed transfers, a batch of 20 every 50 ms whatever the node's pace (at
    // most 64 requests in flight), each sender sending its next nonces and, when refused for a
    // full pool or a gap, going back to the first nonce the node does not hold, as a spammer would.
    const signed: SignedTransfer[][] = Array.from({ length: SENDERS }, (_, s) => Array.from({ length: 800 }, (_, n) => makeSimTransfer(net.chainId, net.accounts[s]!, sink, 1n, n)));
    const next = new Array<number>(SENDERS).fill(0);
    /** One past the highest nonce the node holds or has mined, per sender, as its replies tell. */
    const held = new Array<number>(SENDERS).fill(0);
    const accepted = Array.from({ length: SENDERS }, () => new Set<number>());
    const codes = new Map<string, number>();
    let offered = 0;
    let admitted = 0;
    let skipped = 0;
    let rr = 0;
    const inFlight = new Set<Promise<void>>();
    const floodStart = Date.now();
    const startHeights = (await heads(nodes)).map((h) => h.height);
    phase('flood starts');
    for (let tick = 0; Date.now() - floodStart < FLOOD_MS; tick++) {
      const due = floodStart + tick * TICK_MS;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (inFlight.size >= 64) {
        skipped += (FLOOD_RATE * TICK_MS) / 1000;
        continue;
      }
      const picks: Array<{ s: number; n: number }> = [];
      for (let i = 0; i < (FLOOD_RATE * TICK_MS) / 1000; i++) {
        const s = rr++ % SENDERS;
        if (next[s]! < signed[s]!.length) picks.push({ s, n: next[s]!++ });
      }
      offered += picks.length;
      const sent = rpcBatch(entry, picks.map((p) => ({ method: 'tx_send', params: { tx: signed[p.s]![p.n]!.hex } }))).then((replies) => {
        const back = new Set<number>();
        replies.forEach((r, i) => {
          const p = picks[i]!;
          const code = r.error ? (r.error.data?.code ?? `rpc ${r.error.code}`) : 'ok';
          if (code === 'ok') {
            admitted++;
            accepted[p.s]!.add(p.n);
          } else codes.set(code, (codes.get(code) ?? 0) + 1);
          if (code === 'ok' || code === 'ALREADY_KNOWN' || code === 'NONCE_TOO_LOW') held[p.s] = Math.max(held[p.s]!, p.n + 1);
          else back.add(p.s);
        });
        for (const s of back) next[s] = Math.min(next[s]!, held[s]!);
      });
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
    await Promise.all(inFlight);
    const floodMs = Date.now() - floodStart;
    const endHeights = (await heads(nodes)).map((h) => h.height);
    phase(`flood ends: offered ${offered} (${Math.round((offered * 1000) / floodMs)} tx/s; ${skipped} held back with 64 requests in flight), admitted ${admitted}, refused ${JSON.stringify(Object.fromEntries(codes))}`);

    // Delivery back to normal: the pools drain at the chain's pace, then a probe is as quick as before.
    await waitFor('every mempool to drain', async () => (samples.at(-1)!.t > Date.now() - 1000 && samples.at(-1)!.pools.every((p) => p === 0) ? true : undefined), 60_000, 100);
    phase('pools drained');
    sampling = false;
    await sampler;
    const after = await probe(1);
    phase(`delivery after the flood ${after} ms`);
    // The spammers themselves are served again too.
    const again = makeSimTransfer(net.chainId, net.accounts[0]!, sink, 1n, accepted[0]!.size);
    await entry.call('tx_send', { tx: again.hex });
    await waitForTxEverywhere(nodes, again.hash, 10_000);

    // 1. It really was a flood of ten times capacity, refused with the pool's own reasons.
    expect(offered).toBeGreaterThanOrEqual(0.9 * FLOOD_RATE * (FLOOD_MS / 1000));
    expect(codes.get('MEMPOOL_FULL') ?? 0).toBeGreaterThan(0);
    expect([...codes.keys()].every((c) => ['MEMPOOL_FULL', 'NONCE_GAP', 'ALREADY_KNOWN', 'NONCE_TOO_LOW'].includes(c))).toBe(true);

    // 2. Every node's pool stayed within its bounds; at the entry node the bound was reached.
    const maxPool = nodes.map((_, i) => Math.max(...samples.map((s) => s.pools[i]!)));
    phase(`largest pools ${maxPool.join(', ')}`);
    for (const m of maxPool) expect(m).toBeLessThanOrEqual(Math.min(SENDERS * PER_SENDER, POOL_MAX));
    expect(maxPool[2]!).toBeGreaterThanOrEqual(0.8 * SENDERS * PER_SENDER);

    // 3. Blocks kept coming and reaching every node, full ones.
    const floodBlocks = endHeights.map((h, i) => h - startHeights[i]!);
    const during = samples.filter((s) => s.t >= floodStart && s.t <= floodStart + floodMs);
    const spread = Math.max(...during.map((s) => Math.max(...s.heights) - Math.min(...s.heights)));
    phase(`blocks during the flood per node ${floodBlocks.join(', ')}, largest height spread ${spread}`);
    for (const b of floodBlocks) expect(b).toBeGreaterThanOrEqual(FLOOD_MS / BLOCK_TIME / 4);
    // Heights are sampled by polling the nodes one after another while two cores are
    // saturated, so a sample spans some time; a node falling behind for good would show
    // as a growing spread (and fail the common head below), not as a few blocks.
    expect(spread).toBeLessThanOrEqual(8);
    let mined = 0;
    for (let h = startHeights[0]! + 2; h <= endHeights[0]!; h++) mined += (await nodes[0]!.call('chain_block', { height: h })).txCount;
    phase(`transactions in blocks ${startHeights[0]! + 2}..${endHeights[0]}: ${mined}`);
    expect(mined).toBeGreaterThanOrEqual(0.8 * MAX_BLOCK_TXS * (endHeights[0]! - startHeights[0]! - 1));

    // 4. Nothing admitted was lost: every accepted nonce of each sender is in the chain, on every node.
    const head = await waitForSameHead(nodes);
    for (let s = 0; s < SENDERS; s++) {
      const accts = await Promise.all(nodes.map((n) => n.call('state_account', { address: net.accounts[s]!.address })));
      for (const a of accts) expect(a).toMatchObject({ nonce: accepted[s]!.size + (s === 0 ? 1 : 0), pendingTxs: 0 });
    }
    expect(accepted.reduce((x, set) => x + set.size, 0)).toBe(admitted);
    expect(head.height).toBeGreaterThan(endHeights[0]!);

    // 5. Delivery is back to normal.
    expect(after).toBeLessThanOrEqual(Math.max(3 * baseline, 5000));
  });
});
