/**
 * Outgoing transactions travel in batches: one gossip message carries up to
 * `txBatchTargetCount` transactions or `txBatchTargetBytes`, and at most
 * `maxTxBatchesPerSecond` messages leave per second. js gossipsub saturates at a few
 * hundred messages a second across a small devnet, so under overload the queue (bounded,
 * oldest dropped first) absorbs the excess and the network slows down instead of going
 * silent; blocks never wait behind it.
 */
import { encodeTxBatch, txBatchOverhead } from './wire.ts';
import type { P2pLimits } from './config.ts';

/** Counters of the batcher, for node_info and benchmarks. */
export interface TxBatcherStats {
  readonly queued: number;
  readonly dropped: number;
  readonly batchesSent: number;
  readonly txsSent: number;
}

/** Options of a TxBatcher. */
export interface TxBatcherOptions {
  readonly limits: P2pLimits;
  /** Publishes one encoded batch; failures are the publisher's to log. */
  readonly publish: (batch: Uint8Array) => Promise<void>;
  /** When true at a tick, the batcher waits (a block is being handled). */
  readonly shouldYield?: () => boolean;
}

/** The outgoing transaction queue. */
export class TxBatcher {
  private readonly o: TxBatcherOptions;
  private queue: Uint8Array[] = [];
  private head = 0;
  private tokens: number;
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private dropped = 0;
  private batchesSent = 0;
  private txsSent = 0;

  constructor(opts: TxBatcherOptions) {
    this.o = opts;
    this.tokens = opts.limits.maxTxBatchesPerSecond;
  }

  /** Number of transactions waiting. */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Queues one encoded transaction; when the queue is full the oldest one is dropped. */
  add(tx: Uint8Array): void {
    this.queue.push(tx);
    if (this.size > this.o.limits.maxTxQueue) {
      this.head++;
      this.dropped++;
    }
    // Compacts now and then, so the array does not grow with everything ever sent.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Starts the flush timer. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.limits.txFlushIntervalMs);
    this.timer.unref();
  }

  /** Stops the flush timer; queued transactions stay queued. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Counters since start. */
  stats(): TxBatcherStats {
    return { queued: this.size, dropped: this.dropped, batchesSent: this.batchesSent, txsSent: this.txsSent };
  }

  /** One flush: refills the rate budget and sends what it allows. Exposed for tests and benchmarks. */
  async tick(): Promise<void> {
    const { limits } = this.o;
    this.tokens = Math.min(limits.maxTxBatchesPerSecond, this.tokens + (limits.txFlushIntervalMs / 1000) * limits.maxTxBatchesPerSecond);
    if (this.flushing || this.o.shouldYield?.()) return;
    this.flushing = true;
    try {
      while (this.size > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        const batch = this.take();
        this.batchesSent++;
        this.txsSent += batch.length;
        await this.o.publish(encodeTxBatch(batch));
      }
    } finally {
      this.flushing = false;
    }
  }

  private take(): Uint8Array[] {
    const { txBatchTargetCount, txBatchTargetBytes } = this.o.limits;
    const batch: Uint8Array[] = [];
    let bytes = 0;
    while (this.head < this.queue.length && batch.length < txBatchTargetCount) {
      const tx = this.queue[this.head]!;
      if (batch.length > 0 && bytes + tx.length + txBatchOverhead(batch.length + 1) > txBatchTargetBytes) break;
      batch.push(tx);
      bytes += tx.length;
      this.head++;
    }
    return batch;
  }
}
