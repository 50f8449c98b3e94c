/**
 * Range sync: when peers announce more cumulative work than ours, download their
 * canonical blocks in batches (several in flight, spread over the peers ahead of us),
 * import them strictly in order, and report progress. A batch that fails moves to another
 * peer; a peer that serves bad blocks is penalised. If our head is on a fork their chain
 * does not contain, the start height backs off exponentially until the blocks connect.
 */
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { classifyBlockError } from './verdicts.ts';
import { errorCode, errorText } from './p2pError.ts';
import { completeDownload, createBatch, failBatch, isExhausted, startDownload, type SyncBatch } from './syncBatch.ts';
import { RateMeter, type SyncProgress } from './syncProgress.ts';
import type { ChainPort } from './chainPort.ts';
import type { P2pLimits } from './config.ts';
import type { P2pLogger } from './logger.ts';
import type { Offence } from './peerScores.ts';
import type { StatusMessage } from './wire.ts';
import type { NetworkImporter } from './networkImporter.ts';

/** What range sync needs from the peer manager. */
export interface SyncPeers {
  withStatus(): Array<{ peerId: PeerId; status: StatusMessage }>;
  penalize(peer: PeerId, offence: Offence, why: string): void;
  requestStatus(peer: PeerId): Promise<StatusMessage | undefined>;
}

/** Options of a RangeSync. */
export interface RangeSyncOptions {
  readonly chain: ChainPort;
  readonly importer: NetworkImporter;
  readonly peers: SyncPeers;
  readonly download: (peer: PeerId, from: number, count: number) => Promise<Uint8Array[]>;
  readonly limits: P2pLimits;
  readonly log: P2pLogger;
  readonly onProgress?: (p: SyncProgress) => void;
}

type ImportVerdict = 'ok' | 'fork' | 'bad_peer' | 'stop';

const LOG_EVERY_MS = 5000;
const IDLE_RECHECK_MS = 1000;
// After a round gave up, the next one starts this soon if a peer is still ahead.
const RETRY_AFTER_FAILURE_MS = 1000;

/** The range sync driver; one round runs at a time. */
export class RangeSync {
  private readonly opts: RangeSyncOptions;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly meter = new RateMeter();
  private target = 0;
  private peersServing = 0;
  private lastLog = 0;
  private longRound = false;

  constructor(opts: RangeSyncOptions) {
    this.opts = opts;
  }

  /** True while a sync round runs. */
  isSyncing(): boolean {
    return this.running !== undefined;
  }

  /** Current progress. */
  progress(): SyncProgress {
    return { syncing: this.isSyncing(), height: this.opts.chain.status().height, target: Math.max(this.target, this.opts.chain.status().height), blocksPerSecond: this.meter.rate(), peers: this.peersServing };
  }

  /** Starts a round if a peer is ahead and none is running; called on every peer status. */
  maybeStart(): void {
    if (this.running || this.stopped || this.peersAhead().length === 0) return;
    this.running = this.runRound()
      .catch((err: unknown) => this.opts.log.error('p2p: sync round failed', { error: errorText(err) }))
      .finally(() => {
        this.running = undefined;
        this.report(true);
      });
  }

  /** Stops syncing; resolves when the current round has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private peersAhead(): Array<{ peerId: PeerId; status: StatusMessage }> {
    const ours = this.opts.chain.status().cumulativeWork;
    return this.opts.peers.withStatus().filter((p) => p.status.cumulativeWork > ours);
  }

  private async runRound(): Promise<void> {
    const { chain, limits, log } = this.opts;
    this.meter.reset();
    let ahead = this.peersAhead();
    this.target = Math.max(...ahead.map((p) => p.status.height));
    let start = Math.max(1, Math.min(chain.status().height + 1, this.target));
    let backoff = limits.syncBatchSize;
    let batches: SyncBatch[] = [];
    let next = start;
    const active = new Map<string, number>();
    // Whether a batch of this round has connected to our chain since the last back-off.
    let connected = false;
    // A round for a block or two happens all the time at the tip: logged only when long.
    this.longRound = this.target - chain.status().height >= limits.syncBatchSize;
    log[this.longRound ? 'info' : 'debug']('p2p: sync started', { height: chain.status().height, target: this.target, peers: ahead.length });

    while (!this.stopped) {
      ahead = this.peersAhead();
      if (ahead.length > 0) this.target = Math.max(this.target, ...ahead.map((p) => p.status.height));
      while (batches.length < limits.syncBatchesAhead && next <= this.target) {
        const count = Math.min(limits.syncBatchSize, this.target - next + 1);
        batches.push(createBatch(next, count));
        next += count;
      }
      if (batches.length === 0) {
        // Reached the announced target: ask again, peers kept mining while we synced.
        await Promise.all(ahead.map((p) => this.opts.peers.requestStatus(p.peerId)));
        const still = this.peersAhead();
        // Nobody ahead, or only a heavier branch below our height: a fresh round will start lower.
        if (still.length === 0 || Math.max(...still.map((p) => p.status.height)) < next) return;
        continue;
      }
      if (batches.some(isExhausted)) {
        log.warn('p2p: sync batch failed on every peer; retrying later', { from: batches.find(isExhausted)!.start });
        // Not only at the next status (every statusIntervalMs): a batch fails on every peer
        // when the round began on a peer of our own branch and the heavier peers are on
        // another one; a new round, whose first batch can find the fork, follows them.
        setTimeout(() => this.maybeStart(), RETRY_AFTER_FAILURE_MS).unref();
        return;
      }
      const started = this.assignDownloads(batches, ahead, active);
      const front = batches[0]!;
      if (front.state === 'awaiting_import') {
        front.state = 'importing';
        const verdict = await this.importBatch(front, !connected);
        if (verdict === 'ok') {
          connected = true;
          batches.shift();
          // A short answer (byte cap, or the peer's chain ends there): the rest goes first next.
          if (front.blocks.length < front.count) batches.unshift(createBatch(front.start + front.blocks.length, front.count - front.blocks.length));
          this.meter.sample(chain.status().height);
          this.report(false);
        } else if (verdict === 'fork') {
          // Our head is on a branch their chain does not contain: look further back.
          start = Math.max(1, start - backoff);
          backoff *= 2;
          batches = [];
          next = start;
          connected = false;
          log.info('p2p: sync found a fork, backing off', { from: start });
        } else if (verdict === 'bad_peer') {
          failBatch(front);
        } else {
          return;
        }
        continue;
      }
      if (!started && ![...active.values()].some((n) => n > 0)) {
        if (ahead.length === 0) return;
      }
      await this.sleepUntilWoken(IDLE_RECHECK_MS);
    }
  }

  /** Gives each batch awaiting download to the least busy peer ahead of us that can serve it. */
  private assignDownloads(batches: SyncBatch[], ahead: Array<{ peerId: PeerId; status: StatusMessage }>, active: Map<string, number>): boolean {
    let started = false;
    const { limits } = this.opts;
    this.peersServing = ahead.length;
    for (const b of batches) {
      if (b.state !== 'awaiting_download') continue;
      const able = ahead.filter((p) => p.status.height >= b.start && (active.get(p.peerId.toString()) ?? 0) < limits.syncDownloadsPerPeer);
      const fresh = able.filter((p) => !b.failedPeers.has(p.peerId.toString()));
      const pool = fresh.length > 0 ? fresh : able;
      if (pool.length === 0) continue;
      pool.sort((x, y) => (active.get(x.peerId.toString()) ?? 0) - (active.get(y.peerId.toString()) ?? 0));
      const peer = pool[0]!.peerId;
      const id = peer.toString();
      active.set(id, (active.get(id) ?? 0) + 1);
      startDownload(b, id);
      started = true;
      this.opts
        .download(peer, b.start, b.count)
        .then((blocks) => {
          if (blocks.length === 0) {
            this.opts.peers.penalize(peer, 'useless_response', `no blocks from height ${b.start}`);
            failBatch(b);
          } else {
            completeDownload(b, blocks);
          }
        })
        .catch((err: unknown) => {
          const code = errorCode(err);
          if (code === 'TIMEOUT') this.opts.peers.penalize(peer, 'timeout', errorText(err));
          else if (code === 'BAD_RESPONSE') this.opts.peers.penalize(peer, 'bad_response', errorText(err));
          failBatch(b);
        })
        .finally(() => {
          active.set(id, (active.get(id) ?? 1) - 1);
          this.wake?.();
        });
    }
    return started;
  }

  /**
   * Imports a batch's blocks in order and says what to do next. `first` is true for the
   * first batch since the round (re)started: only there does a missing parent mean a fork
   * below our head; later it means this peer's chain differs from the one we follow.
   */
  private async importBatch(b: SyncBatch, first: boolean): Promise<ImportVerdict> {
    const peer = peerIdFromString(b.peer!);
    for (let i = 0; i < b.blocks.length; i++) {
      try {
        await this.opts.importer.import(b.blocks[i]!);
      } catch (err) {
        const fault = classifyBlockError(err);
        if (fault === 'unknown_parent' && i === 0 && b.start > 1) {
          if (first) return 'fork';
          // Another peer's branch: not misbehaviour, but this batch must come from elsewhere.
          return 'bad_peer';
        }
        if (fault === 'unknown_parent' || fault === 'invalid' || fault === 'known_invalid') {
          this.opts.peers.penalize(peer, fault === 'unknown_parent' ? 'bad_response' : 'invalid_block', `sync block ${b.start + i}: ${errorText(err)}`);
          return 'bad_peer';
        }
        if (fault === 'not_yet') this.opts.log.info('p2p: sync paused at a block from the future', { height: b.start + i });
        else this.opts.log.error('p2p: sync import failed', { height: b.start + i, error: errorText(err) });
        return 'stop';
      }
    }
    b.state = 'imported';
    return 'ok';
  }

  private sleepUntilWoken(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private report(final: boolean): void {
    const p = this.progress();
    this.opts.onProgress?.(p);
    const now = Date.now();
    if (final) this.opts.log[this.longRound ? 'info' : 'debug']('p2p: sync round ended', { height: p.height, target: p.target });
    else if (this.longRound && now - this.lastLog >= LOG_EVERY_MS) {
      this.lastLog = now;
      this.opts.log.info('p2p: syncing', { height: p.height, target: p.target, blocksPerSecond: Math.round(p.blocksPerSecond), peers: p.peers });
    }
  }
}
