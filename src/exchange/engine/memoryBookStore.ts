import type { BookRecords, BookStore, RecordKind } from './bookStore.ts';

/**
 * The engine's store in process memory: one map per record kind. Records are kept by
 * reference, which is safe because the engine never mutates a record. Used by the tests
 * and the benchmark; the chain implements BookStore over its state instead.
 */
export class MemoryBookStore implements BookStore {
  private readonly maps: { [K in RecordKind]: Map<string, BookRecords[K]> } = {
    order: new Map(),
    level: new Map(),
    ladder: new Map(),
    chunk: new Map(),
    tops: new Map(),
    callSide: new Map(),
    meta: new Map(),
  };

  get<K extends RecordKind>(kind: K, key: string): BookRecords[K] | undefined {
    return (this.maps[kind] as Map<string, BookRecords[K]>).get(key);
  }

  set<K extends RecordKind>(kind: K, key: string, value: BookRecords[K]): void {
    (this.maps[kind] as Map<string, BookRecords[K]>).set(key, value);
  }

  delete(kind: RecordKind, key: string): void {
    this.maps[kind].delete(key);
  }

  /** How many records of each kind are stored: lets tests check nothing is left behind. */
  counts(): { [K in RecordKind]: number } {
    const out = {} as { [K in RecordKind]: number };
    for (const kind of Object.keys(this.maps) as RecordKind[]) out[kind] = this.maps[kind].size;
    return out;
  }
}
