/**
 * Imports blocks that came from the network (gossip, sync, ancestor fetch) and remembers
 * them, so the head publisher re-gossips only blocks this node made itself.
 */
import { sha256 } from '../chain/hash.ts';
import { toHex } from '../chain/bytes.ts';
import { RecentSet } from './recentSet.ts';
import type { ChainPort, ImportOutcome } from './chainPort.ts';

/** Imports network blocks through the chain port and tracks them. */
export class NetworkImporter {
  private readonly chain: ChainPort;
  private readonly seen = new RecentSet(8192);
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(chain: ChainPort) {
    this.chain = chain;
  }

  /**
   * Imports one block; errors are the chain's coded errors. After `close` nothing more
   * reaches the chain (the node is closing it): the call resolves as 'known'.
   */
  async import(bytes: Uint8Array): Promise<ImportOutcome> {
    if (this.closed) return 'known';
    // Marked before importing: the chain announces a new head before importBlock returns.
    this.seen.add(toHex(sha256(bytes)));
    const run = this.chain.importBlock(bytes);
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  /** Stops importing and waits for the imports under way, so the chain can close after. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** True when these exact bytes came from the network. */
  isFromNetwork(bytes: Uint8Array): boolean {
    return this.seen.has(toHex(sha256(bytes)));
  }

  /** True while an import is running (the transaction batcher yields to it). */
  busy(): boolean {
    return this.inFlight.size > 0;
  }
}
