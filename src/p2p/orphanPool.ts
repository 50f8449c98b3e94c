/** Blocks whose parent we lack, kept (bounded, with expiry) until their ancestors arrive. */
import { toHex } from '../chain/bytes.ts';
import type { PrecheckedBlock } from './chainPort.ts';

/** One orphan block. */
export interface Orphan {
  readonly bytes: Uint8Array;
  readonly info: PrecheckedBlock;
  /** The peer that sent it: the first one asked for its ancestors. */
  readonly from: string;
  readonly at: number;
}

/** The orphan pool. */
export class OrphanPool {
  private readonly byHash = new Map<string, Orphan>();
  private readonly max: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private bytes = 0;

  constructor(max: number, maxBytes: number, ttlMs = 5 * 60_000, now: () => number = Date.now) {
    this.max = max;
    this.maxBytes = maxBytes;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  /** Number of pooled orphans. */
  get size(): number {
    return this.byHash.size;
  }

  /** Adds an orphan; the oldest ones leave while the pool is over its count or bytes. */
  add(bytes: Uint8Array, info: PrecheckedBlock, from: string): void {
    const key = toHex(info.hash);
    if (this.byHash.has(key)) return;
    this.byHash.set(key, { bytes, info, from, at: this.now() });
    this.bytes += bytes.length;
    while (this.byHash.size > 1 && (this.byHash.size > this.max || this.bytes > this.maxBytes)) this.delete(this.byHash.keys().next().value!);
  }

  /** The orphan with this hash, if pooled. */
  get(hash: Uint8Array): Orphan | undefined {
    return this.byHash.get(toHex(hash));
  }

  /** Removes an orphan (imported or judged). */
  remove(hash: Uint8Array): void {
    this.delete(toHex(hash));
  }

  /** The live orphans, lowest height first; expired ones are dropped on the way. */
  list(): Orphan[] {
    const cutoff = this.now() - this.ttlMs;
    for (const [k, o] of this.byHash) if (o.at < cutoff) this.delete(k);
    return [...this.byHash.values()].sort((a, b) => a.info.height - b.info.height);
  }

  private delete(key: string): void {
    const o = this.byHash.get(key);
    if (!o) return;
    this.bytes -= o.bytes.length;
    this.byHash.delete(key);
  }
}
