import { BlockError, RuleError, TxError } from '../../chain/chainError.ts';
import { toHex } from '../../chain/bytes.ts';
import { accountIdFromPublicKey, getAccount } from '../../chain/state/accounts.ts';
import { Overlay } from '../../chain/state/overlay.ts';
import { applyTx, validateTxAdmissible } from '../../chain/stf/applyTx.ts';
import { encodeTx, isTxSignatureValid, txHash } from '../../chain/tx.ts';
import { createDraftHeader } from '../../chain/block.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { BlockHeader, Tx } from '../../chain/types.ts';

/** Limits of the pool. */
export interface MempoolOptions {
  readonly ctx: ChainContext;
  /** Most transactions held. */
  readonly maxTxs?: number;
  /** Most encoded bytes held. */
  readonly maxBytes?: number;
  /** Most pending transactions of one sender (nonces beyond the account's). */
  readonly maxPerSender?: number;
}

/** A pooled transaction. */
export interface PoolEntry {
  readonly tx: Tx;
  readonly hash: Uint8Array;
  readonly hashHex: string;
  readonly sender: string;
  readonly size: number;
}

/** The block a dry run pretends to be in: the head's child. */
export type { NextBlock } from '../chain/nextBlock.ts';
import type { NextBlock } from '../chain/nextBlock.ts';

// A replacement for the same sender and nonce must raise the fee by at least 10%.
const REPLACE_BUMP_PERCENT = 110n;

/**
 * Pending transactions: bounded in count and bytes, kept per sender in nonce order,
 * chosen for blocks by fee. Admission runs cheap checks first, the signature next,
 * and last a dry run of the transaction (after the sender's earlier pending ones) on
 * the head state, so a transaction that would fail in a block is refused with the
 * same code and message now, and changes nothing.
 */
export class Mempool {
  private readonly ctx: ChainContext;
  private readonly maxTxs: number;
  private readonly maxBytes: number;
  private readonly maxPerSender: number;
  private readonly byHash = new Map<string, PoolEntry>();
  private readonly bySender = new Map<string, Map<number, PoolEntry>>();
  private bytes = 0;

  constructor(opts: MempoolOptions) {
    this.ctx = opts.ctx;
    this.maxTxs = opts.maxTxs ?? 20_000;
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    this.maxPerSender = opts.maxPerSender ?? 256;
  }

  /** Number of pooled transactions. */
  get size(): number {
    return this.byHash.size;
  }

  /** Encoded bytes pooled. */
  get byteSize(): number {
    return this.bytes;
  }

  has(hash: Uint8Array): boolean {
    return this.byHash.has(toHex(hash));
  }

  get(hash: Uint8Array): PoolEntry | undefined {
    return this.byHash.get(toHex(hash));
  }

  /** Pending transactions of one sender (hex account id), in nonce order. */
  pendingOf(senderHex: string): PoolEntry[] {
    return [...(this.bySender.get(senderHex)?.values() ?? [])].sort((a, b) => a.tx.nonce - b.tx.nonce);
  }

  /**
   * Admits a transaction or throws a coded error naming why not (TxError, or the
   * RuleError its operation would fail with). `state` is the head state and `next`
   * the block it would join.
   */
  add(tx: Tx, state: StateReader, next: NextBlock): PoolEntry {
    const p = this.ctx.params;
    if (tx.chainId !== this.ctx.chainId) throw new TxError('WRONG_CHAIN', `transaction is for chain '${tx.chainId}', this node runs '${this.ctx.chainId}'`);
    const hash = txHash(tx);
    const hashHex = toHex(hash);
    if (this.byHash.has(hashHex)) throw new TxError('ALREADY_KNOWN', `transaction ${hashHex} is already pending`);
    if (tx.fee < p.minFee) throw new TxError('FEE_TOO_LOW', `fee ${tx.fee} µTES is below the minimum ${p.minFee} µTES: raise --fee`);
    const senderId = accountIdFromPublicKey(tx.from);
    const sender = toHex(senderId);
    const acct = getAccount(state, senderId);
    if (tx.nonce < acct.nonce) throw new TxError('NONCE_TOO_LOW', `nonce ${tx.nonce} is already used: the account's next nonce is ${acct.nonce}`);
    const queue = this.bySender.get(sender) ?? new Map<number, PoolEntry>();
    const expectedMax = acct.nonce + queue.size;
    if (tx.nonce > expectedMax) throw new TxError('NONCE_GAP', `nonce ${tx.nonce} leaves a gap: the next nonce for this account is ${expectedMax}`);
    const replaced = queue.get(tx.nonce);
    if (replaced && tx.fee * 100n < replaced.tx.fee * REPLACE_BUMP_PERCENT) {
      throw new TxError('FEE_TOO_LOW', `a transaction with nonce ${tx.nonce} is already pending; a replacement must pay at least 10% more than ${replaced.tx.fee} µTES`);
    }
    if (!replaced && queue.size >= this.maxPerSender) throw new TxError('MEMPOOL_FULL', `this account already has ${queue.size} pending transactions: wait for some to be mined`);
    if (!isTxSignatureValid(tx)) throw new TxError('BAD_SIGNATURE', 'bad signature: the transaction was not signed by the key it names, or was changed after signing');

    this.dryRun(tx, hash, state, next, [...queue.values()].filter((e) => e.tx.nonce >= acct.nonce && e.tx.nonce < tx.nonce).sort((a, b) => a.tx.nonce - b.tx.nonce));

    const size = encodeTx(tx).length;
    if (!replaced) this.makeRoom(size, tx.fee, sender);
    const entry: PoolEntry = { tx, hash, hashHex, sender, size };
    if (replaced) this.remove(replaced);
    this.insert(entry);
    return entry;
  }

  private dryRun(tx: Tx, hash: Uint8Array, state: StateReader, next: NextBlock, earlier: PoolEntry[]): void {
    const header = createDraftHeader(next);
    const overlay = new Overlay(state);
    for (const e of earlier) {
      try {
        applyTx(overlay, e.tx, e.hash, 0, header, this.ctx);
      } catch (err) {
        // An earlier pending transaction no longer applies; judge this one on the state as it is.
        if (!(err instanceof BlockError)) throw err;
      }
    }
    validateTxAdmissible(overlay, tx, this.ctx);
    const receipt = applyTx(overlay, tx, hash, 0, header, this.ctx);
    if (receipt.error) throw new RuleError(receipt.error, receipt.message);
  }

  /**
   * Evicts the cheapest evictable transactions to fit one more, or throws MEMPOOL_FULL.
   * The newcomer's own sender is never a victim: evicting its predecessor would leave a gap.
   */
  private makeRoom(size: number, fee: bigint, sender: string): void {
    while (this.byHash.size + 1 > this.maxTxs || this.bytes + size > this.maxBytes) {
      // Only a sender's last pending transaction may go, so no queue is left with a gap.
      let victim: PoolEntry | undefined;
      for (const [who, queue] of this.bySender) {
        if (who === sender) continue;
        let last: PoolEntry | undefined;
        for (const e of queue.values()) if (!last || e.tx.nonce > last.tx.nonce) last = e;
        if (last && (!victim || last.tx.fee < victim.tx.fee || (last.tx.fee === victim.tx.fee && last.hashHex > victim.hashHex))) victim = last;
      }
      if (!victim || victim.tx.fee >= fee) {
        throw new TxError('MEMPOOL_FULL', `the mempool is full (${this.byHash.size} transactions): pay a fee above ${victim?.tx.fee ?? 0n} µTES or retry later`);
      }
      this.remove(victim);
    }
  }

  private insert(e: PoolEntry): void {
    this.byHash.set(e.hashHex, e);
    let queue = this.bySender.get(e.sender);
    if (!queue) this.bySender.set(e.sender, (queue = new Map()));
    queue.set(e.tx.nonce, e);
    this.bytes += e.size;
  }

  private remove(e: PoolEntry): void {
    if (!this.byHash.delete(e.hashHex)) return;
    const queue = this.bySender.get(e.sender);
    queue?.delete(e.tx.nonce);
    if (queue && queue.size === 0) this.bySender.delete(e.sender);
    this.bytes -= e.size;
  }

  /**
   * Transactions for a block: each sender's in nonce order from its account nonce, and
   * across senders the highest fee first (ties by hash), within the count and byte caps.
   */
  select(state: StateReader, maxTxs: number, maxBytes: number): Tx[] {
    const heads: Array<{ queue: PoolEntry[]; pos: number }> = [];
    for (const [sender, queue] of this.bySender) {
      const start = getAccount(state, Buffer.from(sender, 'hex')).nonce;
      const run: PoolEntry[] = [];
      for (let n = start; queue.has(n); n++) run.push(queue.get(n)!);
      if (run.length) heads.push({ queue: run, pos: 0 });
    }
    const out: Tx[] = [];
    let bytes = 0;
    while (out.length < maxTxs && heads.length) {
      let best = 0;
      for (let i = 1; i < heads.length; i++) {
        const a = heads[i]!.queue[heads[i]!.pos]!;
        const b = heads[best]!.queue[heads[best]!.pos]!;
        if (a.tx.fee > b.tx.fee || (a.tx.fee === b.tx.fee && a.hashHex < b.hashHex)) best = i;
      }
      const h = heads[best]!;
      const e = h.queue[h.pos]!;
      if (bytes + e.size > maxBytes) {
        heads.splice(best, 1);
        continue;
      }
      out.push(e.tx);
      bytes += e.size;
      if (++h.pos >= h.queue.length) heads.splice(best, 1);
    }
    return out;
  }

  /**
   * Follows a head change: drops transactions now in the chain or with used nonces, and
   * returns those of abandoned blocks to the pool unless the new branch has them.
   */
  onHeadChange(disconnected: readonly Tx[], connected: readonly Tx[], state: StateReader, next: NextBlock): void {
    const included = new Set(connected.map((t) => toHex(txHash(t))));
    for (const hex of included) {
      const e = this.byHash.get(hex);
      if (e) this.remove(e);
    }
    for (const [sender, queue] of [...this.bySender]) {
      const nonce = getAccount(state, Buffer.from(sender, 'hex')).nonce;
      for (const e of [...queue.values()]) if (e.tx.nonce < nonce) this.remove(e);
    }
    // Oldest first, so each sender's nonces arrive in order.
    const returning = [...disconnected].sort((a, b) => a.nonce - b.nonce);
    for (const tx of returning) {
      if (included.has(toHex(txHash(tx)))) continue;
      try {
        this.add(tx, state, next);
      } catch {
        // No longer valid on the new branch (spent, nonce used): dropped, as in any node.
      }
    }
  }
}
