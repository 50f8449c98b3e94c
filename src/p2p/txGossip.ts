/**
 * Validation of received transaction batches, run by gossipsub before it forwards one.
 * Each transaction goes to the mempool; the batch is forwarded only when it brought
 * something new and nothing provably bad.
 */
import { TopicValidatorResult } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { decodeTxBatch } from './wire.ts';
import { classifyTxError } from './verdicts.ts';
import { errorText } from './p2pError.ts';
import type { ChainPort } from './chainPort.ts';
import type { P2pLimits } from './config.ts';
import type { P2pLogger } from './logger.ts';
import type { Offence } from './peerScores.ts';

/** Options of the transaction topic validator. */
export interface TxGossipOptions {
  readonly chain: ChainPort;
  readonly limits: P2pLimits;
  readonly penalize: (peer: PeerId, offence: Offence, why: string) => void;
  readonly log: P2pLogger;
}

/** Counters of the transaction topic. */
export interface TxGossipStats {
  batchesAccepted: number;
  batchesIgnored: number;
  batchesRejected: number;
  batchesDroppedBusy: number;
  txsAdmitted: number;
}

// Between transactions of a batch the event loop gets a turn, so a block arriving in the
// middle of a large batch is not held up by its signature checks.
const YIELD_EVERY = 32;

/** Creates the validator and its counters. */
export function createTxGossipValidator(opts: TxGossipOptions): { validate: (peer: PeerId, data: Uint8Array) => Promise<TopicValidatorResult>; stats: TxGossipStats } {
  const { chain, limits, penalize, log } = opts;
  const stats: TxGossipStats = { batchesAccepted: 0, batchesIgnored: 0, batchesRejected: 0, batchesDroppedBusy: 0, txsAdmitted: 0 };
  let pending = 0;
  // Batches are admitted one at a time, in the order they arrived. A peer sends each
  // sender's transactions in nonce order; two batches admitted at once interleave at every
  // yield, so a later nonce can reach the mempool first, be refused as NONCE_GAP, and never
  // come again (every later nonce of that sender is then refused too).
  let admitting: Promise<unknown> = Promise.resolve();

  const reject = (peer: PeerId, offence: Offence, why: string): TopicValidatorResult => {
    stats.batchesRejected++;
    penalize(peer, offence, why);
    return TopicValidatorResult.Reject;
  };

  async function validate(peer: PeerId, data: Uint8Array): Promise<TopicValidatorResult> {
    // [REJECT] over the batch size limit: dropped unread
    if (data.length > limits.maxTxBatchBytes) return reject(peer, 'oversized_message', `transaction batch of ${data.length} bytes`);
    // [IGNORE] we are overloaded: a local condition, the batch may be fine
    if (pending >= limits.maxPendingTxBatches) {
      stats.batchesDroppedBusy++;
      return TopicValidatorResult.Ignore;
    }
    let txs: Uint8Array[];
    try {
      txs = decodeTxBatch(data, limits.maxTxBatchBytes, limits.maxTxsPerBatch);
    } catch (err) {
      // [REJECT] not a batch of transactions
      return reject(peer, 'invalid_tx_batch', errorText(err));
    }
    pending++;
    const run = admitting.then(() => admit(peer, txs));
    admitting = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      pending--;
    }
  }

  async function admit(peer: PeerId, txs: Uint8Array[]): Promise<TopicValidatorResult> {
    let admitted = 0;
    for (let i = 0; i < txs.length; i++) {
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      try {
        await chain.submitTx(txs[i]!);
        admitted++;
      } catch (err) {
        const fault = classifyTxError(err);
        // [REJECT] a malformed or badly signed transaction: never valid anywhere
        if (fault === 'invalid') return reject(peer, 'invalid_tx_batch', `transaction ${i}: ${errorText(err)}`);
        // [IGNORE] (per transaction) duplicate, stale nonce, full pool, or our own fault
        if (fault === 'local') log.warn('p2p: mempool failed on a gossiped transaction', { error: errorText(err) });
      }
    }
    stats.txsAdmitted += admitted;
    // [IGNORE] nothing new: forwarding it would only cost the mesh
    if (admitted === 0) {
      stats.batchesIgnored++;
      return TopicValidatorResult.Ignore;
    }
    stats.batchesAccepted++;
    return TopicValidatorResult.Accept;
  }

  return { validate, stats };
}
