/**
 * Orphans: a gossiped block whose parent we lack is kept, and its missing ancestors are
 * fetched by hash, walking back from the sender (then other peers) until a parent we
 * have; then the whole branch is imported oldest first. A gap deeper than
 * `maxAncestorWalk` is left to range sync, started by asking the sender for its status.
 */
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { bytesEqual, toHex } from '../chain/bytes.ts';
import { classifyBlockError } from './verdicts.ts';
import { errorCode, errorText } from './p2pError.ts';
import type { OrphanPool } from './orphanPool.ts';
import type { ChainPort, PrecheckedBlock } from './chainPort.ts';
import type { P2pLimits } from './config.ts';
import type { P2pLogger } from './logger.ts';
import type { NetworkImporter } from './networkImporter.ts';
import type { SyncPeers } from './rangeSync.ts';

/** Options of an AncestorFetcher. */
export interface AncestorFetcherOptions {
  readonly chain: ChainPort;
  readonly importer: NetworkImporter;
  readonly pool: OrphanPool;
  readonly peers: SyncPeers;
  readonly fetchByHash: (peer: PeerId, hashes: Uint8Array[]) => Promise<Uint8Array[]>;
  readonly isSyncing: () => boolean;
  readonly limits: P2pLimits;
  readonly log: P2pLogger;
}

// Other peers asked for a missing block after the sender, at most.
const OTHER_PEERS_TRIED = 3;

/** Fetches orphans' ancestors and connects pooled orphans when their parents arrive. */
export class AncestorFetcher {
  private readonly o: AncestorFetcherOptions;
  private readonly walking = new Set<string>();
  private connecting: Promise<void> | undefined;
  private connectAgain = false;

  constructor(opts: AncestorFetcherOptions) {
    this.o = opts;
  }

  /** A block arrived whose parent we do not have. */
  onOrphan(bytes: Uint8Array, info: PrecheckedBlock, from: PeerId): void {
    const { pool, chain, limits, isSyncing, peers } = this.o;
    pool.add(bytes, info, from.toString());
    // While range sync runs it brings the parents; the orphan connects afterwards.
    if (isSyncing()) return;
    if (info.height > chain.status().height + limits.maxAncestorWalk) {
      void peers.requestStatus(from);
      return;
    }
    void this.walk(info.parentHash, from);
  }

  /** Imports every pooled orphan whose parent is now stored, repeatedly; one run at a time. */
  connectOrphans(): Promise<void> {
    if (this.connecting) {
      this.connectAgain = true;
      return this.connecting;
    }
    this.connecting = (async () => {
      do {
        this.connectAgain = false;
        await this.connectPass();
      } while (this.connectAgain);
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connectPass(): Promise<void> {
    const { pool, chain, importer, log } = this.o;
    let progress = true;
    while (progress) {
      progress = false;
      for (const o of pool.list()) {
        if (!(await chain.hasBlock(o.info.parentHash))) continue;
        pool.remove(o.info.hash);
        progress = true;
        try {
          await importer.import(o.bytes);
        } catch (err) {
          const fault = classifyBlockError(err);
          if (fault === 'invalid') this.o.peers.penalize(peerIdFromString(o.from), 'invalid_block', `orphan ${o.info.height}: ${errorText(err)}`);
          else if (fault === 'local') log.error('p2p: importing an orphan failed', { height: o.info.height, error: errorText(err) });
        }
      }
    }
  }

  /** Walks back from `missing` until a stored parent, pooling what it fetches. */
  private async walk(missing: Uint8Array, from: PeerId): Promise<void> {
    const key = toHex(missing);
    if (this.walking.has(key)) return;
    this.walking.add(key);
    let cursor = missing;
    try {
      for (let depth = 0; depth < this.o.limits.maxAncestorWalk; depth++) {
        const pooled = this.o.pool.get(cursor);
        const info = pooled?.info ?? (await this.fetchOne(cursor, from));
        if (!info) return;
        if (await this.o.chain.hasBlock(info.parentHash)) {
          await this.connectOrphans();
          return;
        }
        cursor = info.parentHash;
      }
      // Deeper than a walk should go: range sync is the tool, if the sender is ahead.
      void this.o.peers.requestStatus(from);
    } finally {
      this.walking.delete(key);
    }
  }

  /** Fetches one block by hash from the sender or, failing that, a few other peers; pools it. */
  private async fetchOne(hash: Uint8Array, from: PeerId): Promise<PrecheckedBlock | undefined> {
    const { peers, chain, pool } = this.o;
    const others = peers.withStatus().map((p) => p.peerId).filter((p) => !p.equals(from)).slice(0, OTHER_PEERS_TRIED);
    for (const peer of [from, ...others]) {
      let blocks: Uint8Array[];
      try {
        blocks = await this.o.fetchByHash(peer, [hash]);
      } catch (err) {
        if (errorCode(err) === 'TIMEOUT') peers.penalize(peer, 'timeout', errorText(err));
        else if (errorCode(err) === 'BAD_RESPONSE') peers.penalize(peer, 'bad_response', errorText(err));
        continue;
      }
      const bytes = blocks[0];
      if (!bytes) {
        // The sender relayed the child, so it validated it against this parent: it should have it.
        if (peer.equals(from)) peers.penalize(peer, 'useless_response', `does not have ${toHex(hash).slice(0, 16)}`);
        continue;
      }
      try {
        const info = await chain.precheckBlock(bytes);
        if (!bytesEqual(info.hash, hash)) {
          peers.penalize(peer, 'bad_response', `sent block ${toHex(info.hash).slice(0, 16)} for ${toHex(hash).slice(0, 16)}`);
          continue;
        }
        pool.add(bytes, info, peer.toString());
        return info;
      } catch (err) {
        if (classifyBlockError(err) === 'invalid') peers.penalize(peer, 'invalid_block', errorText(err));
        else this.o.log.debug('p2p: fetched ancestor not usable', { error: errorText(err) });
      }
    }
    this.o.log.debug('p2p: no peer had a missing ancestor', { hash: toHex(hash).slice(0, 16) });
    return undefined;
  }
}
