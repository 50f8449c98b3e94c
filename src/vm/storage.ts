/**
 * A contract's own storage: int64 keys to int64 values, 0 meaning "unset" (setting 0
 * deletes the entry). The chain implements it over its state (one namespace per contract),
 * so a failed run's writes roll back with the chain's checkpoint like any other effect.
 * SGET and SSET are the only ways a contract reaches it.
 */
export interface VmStorage {
  get(key: bigint): bigint;
  set(key: bigint, value: bigint): void;
}

/** A storage in memory with checkpoints: for tools, dry runs and tests. */
export interface MemoryStorage extends VmStorage {
  /** The entries, sorted by key. */
  entries(): Array<[bigint, bigint]>;
  /** Marks the current contents; revert(mark) returns to them. */
  checkpoint(): number;
  revert(mark: number): void;
}

/**
 * Creates a MemoryStorage, optionally with entries. Writes are journaled so that
 * revert() undoes them, the same protocol the chain follows with its state overlay.
 */
export function createMemoryStorage(initial: Iterable<readonly [bigint, bigint]> = []): MemoryStorage {
  const map = new Map<bigint, bigint>();
  for (const [k, v] of initial) if (v !== 0n) map.set(k, v);
  const journal: Array<[bigint, bigint | undefined]> = [];
  return {
    get: (key) => map.get(key) ?? 0n,
    set(key, value) {
      journal.push([key, map.get(key)]);
      if (value === 0n) map.delete(key);
      else map.set(key, value);
    },
    entries: () => [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    checkpoint: () => journal.length,
    revert(mark) {
      while (journal.length > mark) {
        const [k, old] = journal.pop()!;
        if (old === undefined) map.delete(k);
        else map.set(k, old);
      }
    },
  };
}
