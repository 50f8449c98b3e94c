/**
 * Gossip under load across real processes: 8 nodes (each a child process with its own
 * event loop, like a devnet), each connected to 3 others, one mining a block a second.
 * Every node then offers transactions at a rising rate; the report shows what the
 * network delivered, what it dropped, and how far behind the slowest node's chain was,
 * so one can see it slow down rather than go silent.
 * Run: npx node bench/p2pLoad.bench.ts [nodes=8] [phaseSeconds=15] [rates=25,250]
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const N = Number(process.argv[2] ?? 8);
const PHASE_S = Number(process.argv[3] ?? 15);
const RATES = (process.argv[4] ?? '25,250').split(',').map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));

interface Report {
  id: number;
  height: number;
  offered: number;
  mempool: number;
  peers: number;
  lagP99Ms: number;
  txQueue: { queued: number; dropped: number; batchesSent: number; txsSent: number };
  txs: { batchesAccepted: number; batchesDroppedBusy: number; txsAdmitted: number };
}

const workers: ChildProcess[] = [];
const last = new Map<number, Report>();

function once<T>(w: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        w.off('message', on);
        resolve(m as T);
      }
    };
    w.on('message', on);
  });
}

for (let i = 0; i < N; i++) {
  const w = fork(path.join(here, 'p2pLoadWorker.ts'), [], { execPath: process.execPath, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  w.on('message', (m: { type: string } & Report) => {
    if (m.type === 'report') last.set(m.id, m);
  });
  await once(w, 'ready');
  workers.push(w);
}
const addrs: string[] = [];
for (let i = 0; i < N; i++) {
  workers[i]!.send({ type: 'start', id: i });
  addrs.push((await once<{ addr: string }>(workers[i]!, 'started')).addr);
}
// A ring plus chords: each node dials the next three.
for (let i = 0; i < N; i++) workers[i]!.send({ type: 'connect', addrs: [1, 2, 3].map((k) => addrs[(i + k) % N]!).filter((a) => a !== addrs[i]) });
await new Promise((r) => setTimeout(r, 3000));
workers[0]!.send({ type: 'mine', every: 1000 });

const sum = (f: (r: Report) => number) => [...last.values()].reduce((n, r) => n + f(r), 0);
console.log(`nodes=${N} phase=${PHASE_S}s (each node offers the rate; one block/s mined by node 0)`);
console.log('target tx/s | offered tx/s | sent tx/s | dropped at sender | admitted tx/s per node | batches/s | busy-dropped batches | blocks mined | slowest node behind | p99 loop lag ms');
for (const rate of RATES) {
  for (const w of workers) w.send({ type: 'load', txPerSecond: rate });
  await new Promise((r) => setTimeout(r, 2000));
  const snap = () => ({
    offered: sum((r) => r.offered),
    sent: sum((r) => r.txQueue.txsSent),
    admitted: sum((r) => r.txs.txsAdmitted),
    batches: sum((r) => r.txQueue.batchesSent),
    dropped: sum((r) => r.txQueue.dropped),
    busy: sum((r) => r.txs.batchesDroppedBusy),
    mined: last.get(0)?.height ?? 0,
  });
  const before = snap();
  await new Promise((r) => setTimeout(r, PHASE_S * 1000));
  const after = snap();
  const heights = [...last.values()].map((r) => r.height);
  const lag = Math.max(...[...last.values()].map((r) => r.lagP99Ms));
  const per = (k: keyof typeof after, div = 1) => Math.round((after[k] - before[k]) / PHASE_S / div);
  console.log(
    [
      `${rate * N}`.padStart(11),
      `${per('offered')}`.padStart(12),
      `${per('sent')}`.padStart(9),
      `${after.dropped - before.dropped}`.padStart(17),
      `${per('admitted', N)}`.padStart(22),
      `${((after.batches - before.batches) / PHASE_S).toFixed(1)}`.padStart(9),
      `${after.busy - before.busy}`.padStart(20),
      `${after.mined - before.mined}`.padStart(12),
      `${Math.max(...heights) - Math.min(...heights)}`.padStart(19),
      `${lag.toFixed(0)}`.padStart(15),
    ].join(' | '),
  );
}
for (const w of workers) w.send({ type: 'stop' });
await Promise.all(workers.map((w) => new Promise((r) => w.on('exit', r))));
