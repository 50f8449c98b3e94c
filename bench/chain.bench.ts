import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { cpus } from 'node:os';
import { addressToBytes } from '../src/chain/address.ts';
import { Mempool } from '../src/node/mempool/mempool.ts';
import { isTxSignatureValid, isTxSignatureValidAsync, signTx, txSigningMessage } from '../src/chain/tx.ts';
import { benchGenesis, mineNext, openTempChain } from './benchChain.ts';
import type { Tx } from '../src/chain/types.ts';
import type { Block } from '../src/chain/types.ts';

/** One measured figure. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  ratio?: { to: string; value: number };
}

function perSecond(count: number, startNs: bigint): number {
  return count / (Number(process.hrtime.bigint() - startNs) / 1e9);
}

/**
 * Issue 2's figures for signed transfers: signature checks through the node's path and
 * through a bare crypto.verify loop (the ceiling), transactions applied into LevelDB,
 * and blocks imported per second. Fixed seeds: the same transactions every run.
 */
export async function benchChain(opts: { txs: number; perBlock: number }): Promise<Figure[]> {
  const senders = Math.max(1, Math.ceil(opts.txs / 8));
  const { genesis, keys, miner } = benchGenesis(senders);
  const to = addressToBytes(keys[0]!.address);
  const txs: Tx[] = [];
  for (let n = 0; txs.length < opts.txs; n++) {
    for (const k of keys) {
      if (txs.length >= opts.txs) break;
      txs.push(signTx({ chainId: genesis.chainId, from: k.pub, nonce: n, fee: 100n, kind: 'transfer', payload: { to, amount: 1000n } }, k.secret));
    }
  }

  // Ceiling: OpenSSL verify alone, key objects prepared, messages prepared.
  const prepared = txs.map((tx) => ({ msg: txSigningMessage(tx), sig: tx.sig, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(tx.from).toString('base64url') }, format: 'jwk' }) }));
  let start = process.hrtime.bigint();
  for (const p of prepared) if (!opensslVerify(null, p.msg, p.key, p.sig)) throw new Error('bench: bad signature');
  const ceiling = perSecond(prepared.length, start);

  // Ceiling on every core: the same calls on libuv's thread pool, all in flight at once.
  start = process.hrtime.bigint();
  const all = await Promise.all(prepared.map((p) => new Promise<boolean>((res) => opensslVerify(null, p.msg, p.key, p.sig, (e, ok) => res(!e && ok)))));
  if (all.includes(false)) throw new Error('bench: bad signature');
  const ceilingAll = perSecond(prepared.length, start);

  // The node's path: encode the signing message, strict pre-checks, cached key, OpenSSL.
  for (const tx of txs.slice(0, senders)) isTxSignatureValid(tx); // warm the key cache, as a running node has
  start = process.hrtime.bigint();
  for (const tx of txs) if (!isTxSignatureValid(tx)) throw new Error('bench: bad signature');
  const nodePath = perSecond(txs.length, start);
  start = process.hrtime.bigint();
  if ((await Promise.all(txs.map(isTxSignatureValidAsync))).includes(false)) throw new Error('bench: bad signature');
  const nodePathAll = perSecond(txs.length, start);

  // Build full blocks once on a producer chain.
  const producer = await openTempChain(genesis);
  const mempool = new Mempool({ ctx: producer.chain.ctx, maxTxs: txs.length + 10, maxPerSender: 1000 });
  const blocks: Block[] = [];
  let pending = [...txs];
  while (pending.length) {
    const batch = pending.slice(0, opts.perBlock);
    pending = pending.slice(opts.perBlock);
    const next = { height: producer.chain.head.header.height + 1, timestamp: Date.now() };
    for (const tx of batch) mempool.add(tx, producer.chain.state, next);
    const block = await mineNext(producer.chain, mempool, miner);
    mempool.onHeadChange([], block.txs, producer.chain.state, next);
    blocks.push(block);
  }
  const empties: Block[] = [];
  for (let i = 0; i < 200; i++) empties.push(await mineNext(producer.chain, mempool, miner));
  await producer.cleanup();

  // Import into a fresh node: full validation, state transition, one LevelDB batch per block.
  const consumer = await openTempChain(genesis);
  start = process.hrtime.bigint();
  for (const b of blocks) await consumer.chain.importBlock(b);
  const applied = perSecond(txs.length, start);
  const fullBlocks = perSecond(blocks.length, start);
  start = process.hrtime.bigint();
  for (const b of empties) await consumer.chain.importBlock(b);
  const emptyBlocks = perSecond(empties.length, start);
  await consumer.cleanup();

  return [
    { name: 'sig checks, bare crypto.verify, one core (ceiling/core)', value: ceiling, unit: 'sig/s' },
    { name: `sig checks, bare crypto.verify, thread pool (ceiling, ${cpus().length} cores)`, value: ceilingAll, unit: 'sig/s' },
    { name: 'sig checks, node path, one core (isTxSignatureValid)', value: nodePath, unit: 'sig/s', ratio: { to: 'ceiling/core', value: nodePath / ceiling } },
    { name: 'sig checks, node path, thread pool (block import)', value: nodePathAll, unit: 'sig/s', ratio: { to: 'ceiling', value: nodePathAll / ceilingAll } },
    { name: `transfers imported into LevelDB (blocks of ${opts.perBlock})`, value: applied, unit: 'tx/s', ratio: { to: 'ceiling', value: applied / ceilingAll } },
    { name: `full blocks imported (${opts.perBlock} transfers each)`, value: fullBlocks, unit: 'blocks/s' },
    { name: 'empty blocks imported', value: emptyBlocks, unit: 'blocks/s' },
  ];
}
