import type { StateReader } from './stateReader.ts';

/**
 * Writes layered over a read-only base state. The state transition writes here; the
 * result is the set of changed keys (for the database batch and the state root) and
 * their previous values (the undo record). Checkpoints let a failed transaction's
 * writes be dropped while its fee and nonce stay charged.
 */
export class Overlay implements StateReader {
  private readonly base: StateReader;
  private readonly writes = new Map<string, Uint8Array | null>();
  // Journal of (key, what `writes` held before) for reverting to a checkpoint.
  private readonly journal: Array<[string, Uint8Array | null | undefined]> = [];

  constructor(base: StateReader) {
    this.base = base;
  }

  get(key: string): Uint8Array | undefined {
    const w = this.writes.get(key);
    if (w !== undefined) return w ?? undefined;
    return this.base.get(key);
  }

  set(key: string, value: Uint8Array): void {
    this.journal.push([key, this.writes.get(key)]);
    this.writes.set(key, value);
  }

  delete(key: string): void {
    this.journal.push([key, this.writes.get(key)]);
    this.writes.set(key, null);
  }

  /** A point to revert to. */
  checkpoint(): number {
    return this.journal.length;
  }

  /** Drops every write made since the checkpoint. */
  revert(checkpoint: number): void {
    while (this.journal.length > checkpoint) {
      const [key, prev] = this.journal.pop()!;
      if (prev === undefined) this.writes.delete(key);
      else this.writes.set(key, prev);
    }
  }

  /**
   * Changed keys in sorted order with new value (null = deleted) and the base's value.
   * Writes that restore the base value are left out, so the list is the true difference.
   */
  diff(): Array<{ key: string; value: Uint8Array | null; prev: Uint8Array | null }> {
    const out: Array<{ key: string; value: Uint8Array | null; prev: Uint8Array | null }> = [];
    for (const key of [...this.writes.keys()].sort()) {
      const value = this.writes.get(key) ?? null;
      const prev = this.base.get(key) ?? null;
      if (value === null && prev === null) continue;
      if (value !== null && prev !== null && Buffer.compare(value, prev) === 0) continue;
      out.push({ key, value, prev });
    }
    return out;
  }
}
