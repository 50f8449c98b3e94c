/**
 * Read access to a state: a flat map from ASCII keys to canonical value bytes. The
 * state transition reads through this interface only, so it never touches storage.
 */
export interface StateReader {
  get(key: string): Uint8Array | undefined;
}

/** A state held in memory: the node's head state, or a test's hand-made state. */
export class MemoryState implements StateReader {
  readonly map: Map<string, Uint8Array>;
  constructor(entries?: Iterable<readonly [string, Uint8Array]>) {
    this.map = new Map(entries ?? []);
  }
  get(key: string): Uint8Array | undefined {
    return this.map.get(key);
  }
  /** Applies a set of writes (null deletes). */
  applyWrites(writes: Iterable<readonly [string, Uint8Array | null]>): void {
    for (const [k, v] of writes) {
      if (v === null) this.map.delete(k);
      else this.map.set(k, v);
    }
  }
}
