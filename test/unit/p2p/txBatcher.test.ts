import { describe, expect, it } from 'vitest';
import { TxBatcher } from '../../../src/p2p/txBatcher.ts';
import { DEFAULT_LIMITS, type P2pLimits } from '../../../src/p2p/config.ts';
import { decodeTxBatch } from '../../../src/p2p/wire.ts';

function setup(limits: Partial<P2pLimits>, shouldYield?: () => boolean) {
  const sent: Uint8Array[][] = [];
  const all = { ...DEFAULT_LIMITS, ...limits };
  const batcher = new TxBatcher({
    limits: all,
    publish: async (batch) => {
      expect(batch.length).toBeLessThanOrEqual(all.maxTxBatchBytes);
      sent.push(decodeTxBatch(batch, all.maxTxBatchBytes, all.maxTxsPerBatch));
    },
    ...(shouldYield ? { shouldYield } : {}),
  });
  return { batcher, sent };
}

const tx = (i: number, size = 100) => new Uint8Array(size).fill(i % 251);

describe('TxBatcher', () => {
  it('packs up to the target count per message', async () => {
    const { batcher, sent } = setup({ txBatchTargetCount: 200, maxTxBatchesPerSecond: 100 });
    for (let i = 0; i < 450; i++) batcher.add(tx(i));
    await batcher.tick();
    expect(sent.map((b) => b.length)).toEqual([200, 200, 50]);
    expect(batcher.stats()).toMatchObject({ queued: 0, batchesSent: 3, txsSent: 450, dropped: 0 });
  });

  it('keeps each message under the target bytes', async () => {
    const { batcher, sent } = setup({ txBatchTargetCount: 1000, txBatchTargetBytes: 64 * 1024, maxTxBatchesPerSecond: 100 });
    for (let i = 0; i < 100; i++) batcher.add(tx(i, 2000));
    await batcher.tick();
    for (const b of sent) expect(b.reduce((n, t) => n + t.length + 5, 5)).toBeLessThanOrEqual(64 * 1024);
    expect(sent.flat().length).toBe(100);
  });

  it('sends at most the rate budget per tick: the rest waits', async () => {
    // 10 messages/s with 100 ms ticks: one message per tick once the first second's burst is spent.
    const { batcher, sent } = setup({ txBatchTargetCount: 10, maxTxBatchesPerSecond: 10, txFlushIntervalMs: 100 });
    for (let i = 0; i < 500; i++) batcher.add(tx(i));
    await batcher.tick();
    expect(sent.length).toBe(10);
    await batcher.tick();
    expect(sent.length).toBe(11);
    expect(batcher.size).toBe(500 - 110);
  });

  it('drops the oldest transactions when the queue is full', async () => {
    const { batcher, sent } = setup({ maxTxQueue: 100, txBatchTargetCount: 1000, maxTxBatchesPerSecond: 100 });
    for (let i = 0; i < 250; i++) batcher.add(tx(i, 10));
    expect(batcher.stats()).toMatchObject({ queued: 100, dropped: 150 });
    await batcher.tick();
    // The newest 100 survive, oldest first.
    expect(sent[0]![0]).toEqual(tx(150, 10));
    expect(sent[0]!.length).toBe(100);
  });

  it('waits while told to yield (a block is being handled)', async () => {
    let busy = true;
    const { batcher, sent } = setup({ maxTxBatchesPerSecond: 100 }, () => busy);
    batcher.add(tx(1));
    await batcher.tick();
    expect(sent.length).toBe(0);
    busy = false;
    await batcher.tick();
    expect(sent.length).toBe(1);
  });
});
