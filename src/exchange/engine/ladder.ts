import type { BookStore, LadderRecord } from './bookStore.ts';

// A chunk splits in two when it grows past LADDER_CHUNK keys and merges with a neighbour
// when it shrinks below a quarter of that and both fit in one, so a book of n price
// levels has about n/32 chunks (at worst about n/8), and every insert or removal rewrites
// one chunk (two on a split or merge) and, rarely, the small directory record.
/** Most keys one ladder chunk holds. */
export const LADDER_CHUNK = 64;
const MERGE_BELOW = LADDER_CHUNK / 4;

/**
 * A book's sorted price index over a key→record store: ascending bigint keys (best price
 * first, see ladderKey), in chunks listed by a directory record. Finding the best key
 * reads two records; inserting or removing one reads and writes about three.
 */

/** The smallest key of a book's ladder, or undefined when the book is empty. */
export function ladderFirst(store: BookStore, book: string): bigint | undefined {
  const dir = store.get('ladder', book);
  if (!dir) return undefined;
  return readChunk(store, book, dir.chunks[0]!)[0];
}

/**
 * How an insert or removal changed a ladder's smallest key: undefined when it did not,
 * null when the ladder is now empty, else the new smallest key.
 */
export type FirstChange = bigint | null | undefined;

/** Adds a key (absent from the ladder). */
export function ladderInsert(store: BookStore, book: string, key: bigint): FirstChange {
  const dir = store.get('ladder', book);
  if (!dir) {
    store.set('ladder', book, { bounds: [], chunks: [0], nextChunk: 1 });
    store.set('chunk', `${book}/0`, [key]);
    return key;
  }
  const c = chunkIndexOf(dir, key);
  const id = dir.chunks[c]!;
  const keys = readChunk(store, book, id);
  const at = lowerBound(keys, key);
  const grown = keys.slice();
  grown.splice(at, 0, key);
  const change = c === 0 && at === 0 ? key : undefined;
  if (grown.length <= LADDER_CHUNK) {
    store.set('chunk', `${book}/${id}`, grown);
    return change;
  }
  const half = grown.length >> 1;
  const right = grown.slice(half);
  store.set('chunk', `${book}/${id}`, grown.slice(0, half));
  store.set('chunk', `${book}/${dir.nextChunk}`, right);
  store.set('ladder', book, {
    bounds: [...dir.bounds.slice(0, c), right[0]!, ...dir.bounds.slice(c)],
    chunks: [...dir.chunks.slice(0, c + 1), dir.nextChunk, ...dir.chunks.slice(c + 1)],
    nextChunk: dir.nextChunk + 1,
  });
  return change;
}

/** Removes a key (present in the ladder). */
export function ladderRemove(store: BookStore, book: string, key: bigint): FirstChange {
  const change = removeKey(store, book, key);
  // A removal that emptied chunk 0 or merged it knows only that the first key changed.
  return change === true ? ladderFirst(store, book) : change;
}

/** Removes a key; the FirstChange, or true when the first key changed to one not at hand. */
function removeKey(store: BookStore, book: string, key: bigint): FirstChange | true {
  const dir = store.get('ladder', book);
  if (!dir) throw corrupt(book, key);
  const c = chunkIndexOf(dir, key);
  const id = dir.chunks[c]!;
  const keys = readChunk(store, book, id);
  const at = lowerBound(keys, key);
  if (keys[at] !== key) throw corrupt(book, key);
  const shrunk = keys.slice();
  shrunk.splice(at, 1);
  const first = c === 0 && at === 0 ? true : undefined;
  if (shrunk.length === 0) {
    store.delete('chunk', `${book}/${id}`);
    if (dir.chunks.length === 1) {
      store.delete('ladder', book);
      return null;
    }
    // Dropping chunk c drops the bound below it (or, for chunk 0, the bound above it:
    // the next chunk becomes the one that holds everything below its keys).
    const b = c === 0 ? 0 : c - 1;
    store.set('ladder', book, {
      bounds: [...dir.bounds.slice(0, b), ...dir.bounds.slice(b + 1)],
      chunks: [...dir.chunks.slice(0, c), ...dir.chunks.slice(c + 1)],
      nextChunk: dir.nextChunk,
    });
    return first;
  }
  if (shrunk.length < MERGE_BELOW) {
    // Merge with the next chunk if both fit in one, else with the previous: a small
    // chunk then never has a neighbour it could have merged with at the time.
    if (c + 1 < dir.chunks.length) {
      const next = readChunk(store, book, dir.chunks[c + 1]!);
      if (shrunk.length + next.length <= LADDER_CHUNK) return merge(store, book, dir, c, [...shrunk, ...next]) ?? first;
    }
    if (c > 0) {
      const prev = readChunk(store, book, dir.chunks[c - 1]!);
      if (prev.length + shrunk.length <= LADDER_CHUNK) return merge(store, book, dir, c - 1, [...prev, ...shrunk]) ?? first;
    }
  }
  store.set('chunk', `${book}/${id}`, shrunk);
  return first && shrunk[0];
}

/** Replaces chunks `left` and `left + 1` by one holding `keys`. */
function merge(store: BookStore, book: string, dir: LadderRecord, left: number, keys: readonly bigint[]): undefined {
  store.set('chunk', `${book}/${dir.chunks[left]!}`, keys);
  store.delete('chunk', `${book}/${dir.chunks[left + 1]!}`);
  store.set('ladder', book, {
    bounds: [...dir.bounds.slice(0, left), ...dir.bounds.slice(left + 1)],
    chunks: [...dir.chunks.slice(0, left + 1), ...dir.chunks.slice(left + 2)],
    nextChunk: dir.nextChunk,
  });
  return undefined;
}

/**
 * Walks a ladder's keys in ascending order without writing. The store must not change
 * while a cursor is in use.
 */
export class LadderCursor {
  private readonly store: BookStore;
  private readonly book: string;
  private readonly dir: LadderRecord | undefined;
  private chunkAt = 0;
  private keys: readonly bigint[] = [];
  private pos = 0;

  constructor(store: BookStore, book: string) {
    this.store = store;
    this.book = book;
    this.dir = store.get('ladder', book);
    if (this.dir) this.keys = readChunk(store, book, this.dir.chunks[0]!);
  }

  /** The current key, or undefined past the end. */
  get key(): bigint | undefined {
    return this.keys[this.pos];
  }

  /** Moves to the next key. */
  advance(): void {
    this.pos += 1;
    if (this.pos < this.keys.length || !this.dir) return;
    this.chunkAt += 1;
    if (this.chunkAt >= this.dir.chunks.length) return;
    this.keys = readChunk(this.store, this.book, this.dir.chunks[this.chunkAt]!);
    this.pos = 0;
  }
}

/** Index of the chunk a key belongs in: how many bounds are at or below it. */
function chunkIndexOf(dir: LadderRecord, key: bigint): number {
  let lo = 0;
  let hi = dir.bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dir.bounds[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose key is >= `key`. */
function lowerBound(keys: readonly bigint[], key: bigint): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function readChunk(store: BookStore, book: string, id: number): readonly bigint[] {
  const keys = store.get('chunk', `${book}/${id}`);
  if (!keys) throw new Error(`exchange store: ladder chunk ${book}/${id} is missing`);
  return keys;
}

function corrupt(book: string, key: bigint): Error {
  return new Error(`exchange store: key ${key} is not in the ladder of ${book}`);
}
