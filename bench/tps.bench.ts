/**
 * Sustained transactions per second, end to end, on a 4-node devnet of real processes (two
 * mining, 1-second blocks of up to 4,000 transactions): transfers are submitted at one
 * non-mining node through JSON-RPC batches, paced to an offered rate (a batch due every
 * 100 ms, one request at a time) or as fast as the node takes them (two batches of 100 in
 * flight, never holding the same sender), from 400 funded
 * senders in turn, so no sender's queue is deep. A transaction counts once its block is at
 * or below the lowest head of all four nodes, i.e. imported by all; heads are sampled every
 * 500 ms. Each rate runs on a fresh devnet; "sustained" is a rate carried with the entry
 * node's backlog staying small.
 *
 * Printed beside the machine's ceiling as the issue defines it: cores × signature checks per
 * second per core ÷ nodes, since every node checks every transaction.
 */
import { availableParallelism } from 'node:os';
import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { txSigningMessage } from '../src/chain/tx.ts';
import { call, createSimGenesis, heads, makeSimTransfer, rpcBatch, SimNet, simMinerKey, waitForPeers, waitForSameHead, type SimNode } from '../test/helpers/devnet.ts';
import type { Figure } from './chain.bench.ts';

/** Options of the TPS bench. */
export interface TpsOptions {
  /** Warm-up before the window (s). */
  readonly warmup: number;
  /** Measured window (s). */
  readonly seconds: number;
  /** Offered rates (tx/s, at most 1,000); 0 = as fast as the entry node takes them. */
  readonly rates: readonly number[];
}

const NODES = 4;
// Senders in turn: few enough that their keys stay in the verifier's cache (the first sight
// of a key costs ~1.2 ms), many enough that no sender's queue is deep (admitting a sender's
// n-th pending transaction re-runs the n-1 before it).
const SENDERS = 400;
const BATCH = 100;
const IN_FLIGHT = 2;

/** Signature checks per second on one core: a bare crypto.verify loop over prepared keys. */
function measureVerifyRate(net: SimNet): number {
  const sink = simMinerKey(1).id;
  const prepared = net.accounts.slice(0, 2000).map((k, i) => {
    const tx = makeSimTransfer(net.chainId, k, sink, BigInt(i + 1), 0).tx;
    return { msg: txSigningMessage(tx), sig: tx.sig, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(tx.from).toString('base64url') }, format: 'jwk' }) };
  });
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1000) for (const p of prepared) if (opensslVerify(null, p.msg, p.key, p.sig)) n++;
  return n / ((performance.now() - start) / 1000);
}

interface RateResult {
  readonly accepted: number;
  readonly carried: number;
  readonly refused: number;
  readonly backlog: number;
}

/** One devnet, one offered rate. */
async function runRate(made: ReturnType<typeof createSimGenesis>, rate: number, o: TpsOptions): Promise<RateResult> {
  const net = await SimNet.create({ chain: made, miners: 2 });
  try {
    const nodes: SimNode[] = [];
    for (let i = 0; i < NODES; i++) nodes.push(await net.start(`node${i + 1}`, { peers: [...nodes], ...(i < 2 ? { miner: i + 1, hashrate: 4000 } : {}) }));
    for (const n of nodes) await waitForPeers(n, NODES - 1);
    await waitForSameHead(nodes, 2, 60_000);
    const entry = nodes[2]!;
    const sink = simMinerKey(2).id;

    let loading = true;
    let index = 0;
    let submitted = 0;
    let refused = 0;
    let pool = 0;
    // Transaction i: sender i % SENDERS with its next nonce.
    const send = async (count: number) => {
      const calls = Array.from({ length: count }, () => {
        const i = index++;
        return { method: 'tx_send', params: { tx: makeSimTransfer(net.chainId, net.accounts[i % SENDERS]!, sink, 1n, Math.floor(i / SENDERS)).hex } };
      });
      const replies = await rpcBatch(entry, calls, 60_000);
      for (const r of replies) r.error ? refused++ : submitted++;
    };
    // Closed loop, with backpressure past 10,000 pending (a refused nonce would leave a gap).
    const worker = async () => {
      while (loading) {
        if (pool > 10_000) await new Promise((r) => setTimeout(r, 100));
        else await send(BATCH);
      }
    };
    // Paced: a batch due every 100 ms, one request at a time (concurrent requests to one node
    // interleave, and a sender's nonces would arrive out of order), catching up when late.
    const ticker = async () => {
      const t0 = Date.now();
      for (let tick = 0; loading; tick++) {
        const due = t0 + tick * 100;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        await send(Math.min(BATCH, Math.round(rate / 10)));
      }
    };
    const load = rate > 0 ? [ticker()] : Array.from({ length: IN_FLIGHT }, worker);

    // Inclusion: transactions in blocks every node has imported.
    let counted = (await nodes[0]!.head()).height;
    let included = 0;
    const samples: Array<{ t: number; included: number; submitted: number; pool: number }> = [];
    const until = Date.now() + (o.warmup + o.seconds) * 1000;
    while (Date.now() < until) {
      const low = Math.min(...(await heads(nodes)).map((h) => h.height));
      for (; counted < low; counted++) included += (await nodes[0]!.call('chain_block', { height: counted + 1 })).txCount;
      pool = (await call<any>(entry, 'node_info')).mempool.size;
      samples.push({ t: Date.now(), included, submitted, pool });
      await new Promise((r) => setTimeout(r, 500));
    }
    loading = false;
    await Promise.all(load);

    const start = samples.find((s) => s.t >= samples[0]!.t + o.warmup * 1000)!;
    const end = samples[samples.length - 1]!;
    const secs = (end.t - start.t) / 1000;
    return { accepted: (end.submitted - start.submitted) / secs, carried: (end.included - start.included) / secs, refused, backlog: end.pool };
  } finally {
    await net.destroy();
  }
}

/** Runs the bench and returns its figures. */
export async function benchTps(o: TpsOptions): Promise<Figure[]> {
  const made = createSimGenesis({ chainId: 'tesnode-bench-tps', hashesPerBlock: 8000, blockTimeMs: 1000, accounts: SENDERS, seed: 4242 });
  const probe = await SimNet.create({ chain: made, miners: 0 });
  const perCore = measureVerifyRate(probe);
  await probe.destroy();
  const cores = availableParallelism();
  const ceiling = (cores * perCore) / NODES;
  const figures: Figure[] = [
    { name: 'signature checks per core (bare crypto.verify)', value: perCore, unit: 'sig/s' },
    { name: `ceiling: ${cores} cores × sig/s per core ÷ ${NODES} nodes`, value: ceiling, unit: 'tx/s' },
  ];
  for (const rate of o.rates) {
    const r = await runRate(made, rate, o);
    const offered = rate ? `${rate} tx/s offered` : 'as fast as the entry node takes them';
    figures.push(
      { name: `${offered}: accepted at the entry node (${r.refused} refused)`, value: r.accepted, unit: 'tx/s' },
      { name: `${offered}: in a block imported by all ${NODES} nodes`, value: r.carried, unit: 'tx/s', ratio: { to: 'ceiling', value: r.carried / ceiling } },
      { name: `${offered}: entry node's mempool at the end (backlog)`, value: r.backlog, unit: 'txs' },
    );
  }
  return figures;
}
