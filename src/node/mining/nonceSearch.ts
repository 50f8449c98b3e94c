/**
 * The miner's nonce search, run off the main thread so the node stays responsive.
 * One searcher owns one worker (minerWorker.ts) and runs one job at a time; a new
 * search cancels the previous one. The proof-of-work hash is
 * sha256(prefix || nonce), the nonce being 8 bytes big-endian in [0, 2^63).
 * Wall-clock timers here only pace the miner and report its rate; they never
 * decide validity.
 */

import { Worker } from 'node:worker_threads';
import type { MinerJobMessage, MinerResultMessage, MinerWorkerData } from './minerWorker.ts';

/** What to search: the caller builds the header prefix, the searcher appends the nonce. */
export type NonceJob = {
  /** Header bytes hashed before the nonce. */
  prefix: Uint8Array;
  /** Success when sha256(prefix || nonce), big-endian, is <= target. */
  target: bigint;
  /** First nonce tried, in [0, 2^63); later ones count up and wrap to 0. */
  startNonce: bigint;
  /** Maximum hashes per second; omitted means as fast as one core allows. */
  hashrateCap?: number;
};

/** A nonce that meets the target, its hash, and how many hashes the job took. */
export type NonceResult = { nonce: bigint; hash: Uint8Array; hashes: number };

/** Handle on a nonce-searching worker thread. */
export type NonceSearcher = {
  /** Search until found (result) or aborted/superseded (null). */
  search(job: NonceJob, signal?: AbortSignal): Promise<NonceResult | null>;
  /** Recent hashes per second over the last ~2 s. */
  hashrate(): number;
  /** Hashes computed by this searcher since it was created (for telemetry and tests). */
  totalHashes(): number;
  /** Cancel any job and terminate the worker. */
  close(): Promise<void>;
};

/** Exclusive upper bound of nonces. */
export const NONCE_LIMIT = 2n ** 63n;

const SAMPLE_EVERY_MS = 250;
const RATE_WINDOW_MS = 2000;
// Job ids live in an Int32Array slot; 0 means "no job".
const MAX_JOB_ID = 2 ** 31 - 1;

type Pending = {
  jobId: number;
  resolve: (r: NonceResult | null) => void;
  reject: (e: Error) => void;
  cleanup: () => void;
};

function validateJob(job: NonceJob): void {
  if (!(job.prefix instanceof Uint8Array)) throw new TypeError('prefix must be a Uint8Array');
  if (typeof job.target !== 'bigint' || job.target < 0n) throw new RangeError('target must be a bigint >= 0');
  if (typeof job.startNonce !== 'bigint' || job.startNonce < 0n || job.startNonce >= NONCE_LIMIT) {
    throw new RangeError('startNonce must be a bigint in [0, 2^63)');
  }
  const cap = job.hashrateCap;
  if (cap !== undefined && !(Number.isFinite(cap) && cap > 0)) {
    throw new RangeError(`hashrateCap must be a positive number, got ${cap}`);
  }
}

/** Start a nonce searcher; its worker thread is created on first use. */
export function createNonceSearcher(): NonceSearcher {
  const ctrlBuf = new SharedArrayBuffer(4);
  const counterBuf = new SharedArrayBuffer(8);
  const ctrl = new Int32Array(ctrlBuf);
  const counter = new BigInt64Array(counterBuf);
  let worker: Worker | null = null;
  let pending: Pending | null = null;
  let lastJobId = 0;
  let closed = false;
  const samples: { t: number; n: bigint }[] = [];

  const sample = (): { t: number; n: bigint } => ({ t: performance.now(), n: Atomics.load(counter, 0) });
  const sampler = setInterval(() => {
    samples.push(sample());
    while (samples.length > RATE_WINDOW_MS / SAMPLE_EVERY_MS + 1) samples.shift();
  }, SAMPLE_EVERY_MS);
  sampler.unref();
  samples.push(sample());

  function settle(jobId: number, value: NonceResult | null): void {
    if (pending === null || pending.jobId !== jobId) return;
    const p = pending;
    pending = null;
    p.cleanup();
    // An idle worker must not keep the process alive.
    worker?.unref();
    p.resolve(value);
  }

  function fail(err: Error): void {
    if (pending === null) return;
    const p = pending;
    pending = null;
    p.cleanup();
    p.reject(err);
  }

  function abortCurrent(): void {
    if (pending === null) return;
    Atomics.store(ctrl, 0, 0);
    // Wakes the worker if it is sleeping to honour a hash-rate cap.
    Atomics.notify(ctrl, 0);
    settle(pending.jobId, null);
  }

  function onMessage(msg: MinerResultMessage): void {
    if (msg.type === 'found') settle(msg.jobId, { nonce: msg.nonce, hash: new Uint8Array(msg.hash), hashes: msg.hashes });
    else settle(msg.jobId, null);
  }

  function ensureWorker(): Worker {
    if (worker !== null) return worker;
    const data: MinerWorkerData = { ctrl: ctrlBuf, counter: counterBuf };
    const w = new Worker(new URL('./minerWorker.ts', import.meta.url), { workerData: data });
    w.on('message', onMessage);
    w.on('error', (err: Error) => {
      if (worker === w) worker = null;
      fail(err);
    });
    w.on('exit', (code: number) => {
      if (worker === w) worker = null;
      fail(new Error(`miner worker exited with code ${code}`));
    });
    worker = w;
    return w;
  }

  function search(job: NonceJob, signal?: AbortSignal): Promise<NonceResult | null> {
    if (closed) return Promise.reject(new Error('nonce searcher is closed'));
    try {
      validateJob(job);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    abortCurrent();
    if (signal?.aborted) return Promise.resolve(null);

    const w = ensureWorker();
    lastJobId = lastJobId >= MAX_JOB_ID ? 1 : lastJobId + 1;
    const jobId = lastJobId;
    // Publish the id before posting: the worker runs the job only while ctrl[0] === jobId.
    Atomics.store(ctrl, 0, jobId);
    w.ref();
    return new Promise<NonceResult | null>((resolve, reject) => {
      const onAbort = (): void => {
        if (pending?.jobId === jobId) abortCurrent();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending = { jobId, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      const msg: MinerJobMessage = {
        jobId,
        // slice(): send only these bytes, not a whole pooled ArrayBuffer.
        prefix: job.prefix.slice(),
        target: job.target,
        startNonce: job.startNonce,
        hashrateCap: job.hashrateCap ?? 0,
      };
      w.postMessage(msg);
    });
  }

  function hashrate(): number {
    const now = sample();
    const oldest = samples[0];
    if (oldest === undefined || now.t - oldest.t < 1) return 0;
    return (Number(now.n - oldest.n) * 1000) / (now.t - oldest.t);
  }

  function totalHashes(): number {
    return Number(Atomics.load(counter, 0));
  }

  async function close(): Promise<void> {
    closed = true;
    abortCurrent();
    clearInterval(sampler);
    const w = worker;
    worker = null;
    if (w !== null) await w.terminate();
  }

  return { search, hashrate, totalHashes, close };
}
