/**
 * Worker thread of the nonce searcher (see nonceSearch.ts): hashes
 * sha256(prefix || nonce as 8 bytes big-endian) for successive nonces until one
 * meets the target or the job is cancelled.
 *
 * Control goes through shared memory so that it works while this thread is busy
 * in its synchronous loop: `ctrl[0]` holds the id of the one job allowed to run
 * (the main thread changes it and calls Atomics.notify to cancel), and
 * `counter[0]` accumulates every hash computed, for the hash-rate readout.
 * Performance timers here only pace the miner; they never touch consensus.
 */

import { createHash } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

/** Shared buffers handed to the worker at start. */
export type MinerWorkerData = {
  /** Int32Array[1]: id of the job allowed to run (0 = none). */
  ctrl: SharedArrayBuffer;
  /** BigInt64Array[1]: total hashes computed since start. */
  counter: SharedArrayBuffer;
};

/** A search job, main thread → worker. */
export type MinerJobMessage = {
  jobId: number;
  prefix: Uint8Array;
  target: bigint;
  startNonce: bigint;
  /** Hashes per second; 0 means uncapped. */
  hashrateCap: number;
};

/** Outcome of a job, worker → main thread. */
export type MinerResultMessage =
  | { type: 'found'; jobId: number; nonce: bigint; hash: Uint8Array; hashes: number }
  | { type: 'aborted'; jobId: number; hashes: number };

// Hashes between two looks at the cancel flag when uncapped: ~2 ms of work at
// ~500k hashes/s, so a cancel takes effect within a few ms.
const UNCAPPED_CHUNK = 1024;
// When capped, aim for ~100 pacing sleeps per second so the rate is smooth.
const CAPPED_CHUNKS_PER_SECOND = 100;
// Budget a capped miner may bank while idle, so a new job starts without a burst
// bigger than this many ms of its cap.
const MAX_BURST_MS = 50;

const TWO_32 = 2 ** 32;
const TWO_31 = 2 ** 31;
const MAX_TARGET = 2n ** 256n - 1n;

// Set up in start(); module scope so the hot loop reads them without indirection.
let ctrl = new Int32Array(new SharedArrayBuffer(4));
let counter = new BigInt64Array(new SharedArrayBuffer(8));

// Pacing state survives across jobs, so restarting jobs quickly cannot dodge the cap.
let nextFreeMs = 0;

/** 32-byte big-endian form of a target in 0..MAX_TARGET. */
function targetBytes(target: bigint): Uint8Array {
  const t = target > MAX_TARGET ? MAX_TARGET : target;
  return Buffer.from(t.toString(16).padStart(64, '0'), 'hex');
}

/** Big-endian comparison hash <= target; nearly always decided by the first byte. */
function meets(hash: Uint8Array, target: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const h = hash[i] as number;
    const t = target[i] as number;
    if (h !== t) return h < t;
  }
  return true;
}

/** Charge `done` hashes to the pacing budget of a miner capped at `cap` hashes/s. */
function charge(done: number, cap: number): void {
  nextFreeMs = Math.max(nextFreeMs, performance.now() - MAX_BURST_MS) + (done * 1000) / cap;
}

function runJob(job: MinerJobMessage): MinerResultMessage {
  const { jobId, hashrateCap } = job;
  const base = createHash('sha256').update(job.prefix);
  const target = targetBytes(job.target);
  const nonceBuf = Buffer.alloc(8);
  // The nonce as two uint32 halves: number arithmetic is far cheaper than bigint.
  let hi = Number(job.startNonce >> 32n);
  let lo = Number(job.startNonce & 0xffffffffn);
  const chunk =
    hashrateCap > 0
      ? Math.max(1, Math.min(UNCAPPED_CHUNK, Math.floor(hashrateCap / CAPPED_CHUNKS_PER_SECOND)))
      : UNCAPPED_CHUNK;
  let hashes = 0;

  while (Atomics.load(ctrl, 0) === jobId) {
    // Pace before hashing, not after, so that a stream of easy jobs each solved
    // within one chunk still waits for its budget.
    if (hashrateCap > 0) {
      const waitMs = nextFreeMs - performance.now();
      if (waitMs > 0) {
        // Returns at once if ctrl[0] is no longer jobId, or early when notified.
        Atomics.wait(ctrl, 0, jobId, waitMs);
        continue;
      }
    }
    for (let i = 0; i < chunk; i++) {
      nonceBuf.writeUInt32BE(hi, 0);
      nonceBuf.writeUInt32BE(lo, 4);
      // copy() reuses the absorbed prefix: cost no longer grows with prefix length.
      const hash = base.copy().update(nonceBuf).digest();
      hashes++;
      if (meets(hash, target)) {
        Atomics.add(counter, 0, BigInt(i + 1));
        if (hashrateCap > 0) charge(i + 1, hashrateCap);
        const nonce = (BigInt(hi) << 32n) | BigInt(lo);
        return { type: 'found', jobId, nonce, hash: new Uint8Array(hash), hashes };
      }
      lo++;
      if (lo === TWO_32) {
        lo = 0;
        hi++;
        // Nonces live in [0, 2^63): wrap to 0.
        if (hi === TWO_31) hi = 0;
      }
    }
    Atomics.add(counter, 0, BigInt(chunk));
    if (hashrateCap > 0) charge(chunk, hashrateCap);
  }
  return { type: 'aborted', jobId, hashes };
}

function start(port: MessagePort, data: MinerWorkerData): void {
  ctrl = new Int32Array(data.ctrl);
  counter = new BigInt64Array(data.counter);
  // One job at a time: runJob is synchronous, so queued jobs wait their turn and
  // superseded ones are answered 'aborted' at once.
  port.on('message', (job: MinerJobMessage) => {
    port.postMessage(runJob(job));
  });
}

// Only act as a worker when run as one: importing this module elsewhere is inert.
if (!isMainThread && parentPort !== null) start(parentPort, workerData as MinerWorkerData);
