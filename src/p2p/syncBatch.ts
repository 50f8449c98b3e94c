/**
 * One batch of range sync, moving through explicit states as in Lodestar:
 *
 *   awaiting_download → downloading → awaiting_import → importing → imported
 *          ↑_______________|  (failed: another peer is tried)
 */

/** Where a batch is in its life. */
export type BatchState = 'awaiting_download' | 'downloading' | 'awaiting_import' | 'importing' | 'imported';

/** Heights start..start+count-1 of the chain being synced. */
export interface SyncBatch {
  readonly start: number;
  readonly count: number;
  state: BatchState;
  /** The peer downloading or that downloaded it. */
  peer: string | undefined;
  blocks: Uint8Array[];
  /** Failed downloads or imports so far. */
  attempts: number;
  /** Peers that failed this batch; tried again only when no one else can serve it. */
  readonly failedPeers: Set<string>;
}

/** After this many failures the sync round gives up and starts afresh later. */
export const MAX_BATCH_ATTEMPTS = 5;

/** A new batch awaiting download. */
export function createBatch(start: number, count: number): SyncBatch {
  return { start, count, state: 'awaiting_download', peer: undefined, blocks: [], attempts: 0, failedPeers: new Set() };
}

/** Marks a download as started by `peer`. */
export function startDownload(b: SyncBatch, peer: string): void {
  b.state = 'downloading';
  b.peer = peer;
}

/** Stores the downloaded blocks. */
export function completeDownload(b: SyncBatch, blocks: Uint8Array[]): void {
  b.state = 'awaiting_import';
  b.blocks = blocks;
}

/** A download or import failed: forget the blocks and try another peer. */
export function failBatch(b: SyncBatch): void {
  if (b.peer) b.failedPeers.add(b.peer);
  b.attempts++;
  b.state = 'awaiting_download';
  b.peer = undefined;
  b.blocks = [];
}

/** True when the batch has failed too often to go on. */
export function isExhausted(b: SyncBatch): boolean {
  return b.attempts >= MAX_BATCH_ATTEMPTS;
}
