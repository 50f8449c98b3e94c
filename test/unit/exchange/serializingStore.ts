import { deserialize, serialize } from 'node:v8';
import type { BookRecords, BookStore, RecordKind } from '../../../src/exchange/engine/index.ts';

/**
 * A BookStore shaped like the chain's state: one flat map of string keys to bytes, every
 * record encoded on write and decoded on read, so the engine cannot rely on object
 * identity or on mutating what it read. Counts reads and writes for cost checks.
 */
export class SerializingStore implements BookStore {
  readonly kv = new Map<string, Buffer>();
  reads = 0;
  writes = 0;

  get<K extends RecordKind>(kind: K, key: string): BookRecords[K] | undefined {
    this.reads += 1;
    const raw = this.kv.get(`${kind}/${key}`);
    return raw === undefined ? undefined : (deserialize(raw) as BookRecords[K]);
  }

  set<K extends RecordKind>(kind: K, key: string, value: BookRecords[K]): void {
    this.writes += 1;
    this.kv.set(`${kind}/${key}`, serialize(value));
  }

  delete(kind: RecordKind, key: string): void {
    this.writes += 1;
    this.kv.delete(`${kind}/${key}`);
  }

  /** The stored keys, sorted: two stores that did the same thing hold the same keys and bytes. */
  dump(): Array<[string, string]> {
    return [...this.kv.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, v.toString('hex')]);
  }
}
