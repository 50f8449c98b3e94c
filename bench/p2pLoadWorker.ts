/**
 * One node of the p2p load benchmark (bench/p2pLoad.bench.ts), run as a child process:
 * a P2pNode over the in-memory FakeChain whose transaction admission costs one real
 * ed25519 verification, as the mempool's would. Commands and reports travel over IPC.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createP2pNode } from '../src/p2p/p2pNode.ts';
import { FakeChain, makeTx } from '../test/unit/p2p/helpers/fakeChain.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const MSG = Buffer.alloc(200, 7);
const SIG = sign(null, MSG, privateKey);

/** FakeChain whose mempool admission pays for a signature check. */
class CostlyChain extends FakeChain {
  override async submitTx(bytes: Uint8Array): Promise<void> {
    verify(null, MSG, publicKey, SIG);
    return super.submitTx(bytes);
  }
}

type Command =
  | { type: 'start'; id: number }
  | { type: 'connect'; addrs: string[] }
  | { type: 'load'; txPerSecond: number }
  | { type: 'mine'; every: number }
  | { type: 'stop' };

const chain = new CostlyChain('bench');
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
let id = 0;
let seq = 0;
let loadTimer: NodeJS.Timeout | undefined;
let mineTimer: NodeJS.Timeout | undefined;
const node = await createP2pNode({ chain, listen: ['/ip4/127.0.0.1/tcp/0'], peerKeyPath: path.join(mkdtempSync(path.join(tmpdir(), 'p2pbench-')), 'peer.key') });
const pad = 'x'.repeat(220);

setInterval(() => {
  const s = node.stats();
  process.send!({
    type: 'report',
    id,
    height: chain.height,
    offered: seq,
    mempool: chain.mempool.size,
    peers: node.peers().length,
    lagP99Ms: lag.percentile(99) / 1e6,
    txQueue: s.txQueue,
    txs: s.txs,
    blocks: s.blocks,
  });
  lag.reset();
}, 1000).unref();

process.on('message', async (cmd: Command) => {
  if (cmd.type === 'start') {
    id = cmd.id;
    await node.start();
    process.send!({ type: 'started', addr: node.multiaddrs()[0] });
  } else if (cmd.type === 'connect') {
    for (const a of cmd.addrs) await node.connect(a).catch(() => undefined);
  } else if (cmd.type === 'load') {
    clearInterval(loadTimer);
    // In ticks of 50 ms, as a busy RPC server would hand transactions over.
    if (cmd.txPerSecond > 0) {
      loadTimer = setInterval(() => {
        for (let i = 0; i < cmd.txPerSecond / 20; i++) chain.submitLocalTx(makeTx(`${id}-${seq++}-${pad}`));
      }, 50);
    }
  } else if (cmd.type === 'mine') {
    clearInterval(mineTimer);
    mineTimer = setInterval(() => chain.mine(1), cmd.every);
  } else if (cmd.type === 'stop') {
    clearInterval(loadTimer);
    clearInterval(mineTimer);
    await node.stop();
    process.exit(0);
  }
});
process.send!({ type: 'ready' });
