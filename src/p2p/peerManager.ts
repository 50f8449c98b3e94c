/**
 * Knows the peers: runs the status handshake on every new connection and again every
 * `statusIntervalMs`, disconnects and bans peers of another chain, turns offences into
 * scores and bans, and keeps the bootstrap peers connected.
 */
import { KEEP_ALIVE, type PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import type { Multiaddr } from '@multiformats/multiaddr';
import { bytesEqual, toHex } from '../chain/bytes.ts';
import { serveProtocol, sendRequest } from './reqResp.ts';
import { decodeStatus, encodeStatus, type StatusMessage } from './wire.ts';
import { errorText, P2pError } from './p2pError.ts';
import type { BanList } from './banList.ts';
import type { PeerScoreBook, Offence } from './peerScores.ts';
import type { ChainPort } from './chainPort.ts';
import type { P2pLimits, ProtocolIds } from './config.ts';
import { GOSSIP_THRESHOLDS, type P2pHost } from './libp2pHost.ts';
import type { P2pLogger } from './logger.ts';

/** A connected peer as `tesnode peers` shows it. */
export interface PeerInfo {
  readonly peerId: string;
  readonly addresses: string[];
  readonly direction: 'inbound' | 'outbound' | undefined;
  /** Its last status, when the handshake has completed. */
  readonly status: StatusMessage | undefined;
  /** Best height known for it: its status, or a block it relayed since. */
  readonly height: number | undefined;
  /** Application score (0 = clean; the ban score is -100 by default). */
  readonly score: number;
  /** Gossipsub's score of the peer. */
  readonly gossipScore: number;
}

interface PeerRecord {
  status?: StatusMessage;
  /** Highest block height it has shown us since its last status (gossip). */
  seenHeight: number;
}

/** Options of a PeerManager. */
export interface PeerManagerOptions {
  readonly host: P2pHost;
  readonly chain: ChainPort;
  readonly protocols: ProtocolIds;
  readonly limits: P2pLimits;
  readonly bans: BanList;
  readonly scores: PeerScoreBook;
  readonly bootstrap: readonly Multiaddr[];
  readonly log: P2pLogger;
}

const MAX_STATUS_BYTES = 512;

/** The peer table and its policies. */
export class PeerManager {
  private readonly opts: PeerManagerOptions;
  private readonly peers = new Map<string, PeerRecord>();
  private readonly statusListeners: Array<(peer: PeerId, status: StatusMessage) => void> = [];
  private timers: NodeJS.Timeout[] = [];

  constructor(opts: PeerManagerOptions) {
    this.opts = opts;
  }

  /** Registers the status protocol and the connection events; call before the host starts. */
  async register(): Promise<void> {
    const { host, protocols, limits } = this.opts;
    await serveProtocol(host, protocols.status, (req, peer) => this.serveStatus(req, peer), {
      maxRequestBytes: MAX_STATUS_BYTES,
      timeoutMs: limits.requestTimeoutMs,
      onError: (peer, err) => this.opts.log.warn('p2p: serving status failed', { peer: peer.toString(), error: errorText(err) }),
    });
    // Both sides ask on connect: each learns the other's head without waiting to be asked.
    host.addEventListener('peer:connect', (evt) => {
      this.peers.set(evt.detail.toString(), { seenHeight: 0 });
      void this.requestStatus(evt.detail);
    });
    host.addEventListener('peer:disconnect', (evt) => {
      this.peers.delete(evt.detail.toString());
    });
    host.services.pubsub.addEventListener('gossipsub:heartbeat', () => this.sweep());
  }

  /** Starts the periodic re-status and the bootstrap dials; call after the host starts. */
  start(): void {
    const { limits } = this.opts;
    this.timers.push(setInterval(() => this.restatusAll(), limits.statusIntervalMs).unref());
    this.timers.push(setInterval(() => void this.dialBootstrap(), limits.redialIntervalMs).unref());
    void this.dialBootstrap();
  }

  /** Stops the timers. */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** Calls `cb` with every status a peer tells us (after the chain check passed). */
  onStatus(cb: (peer: PeerId, status: StatusMessage) => void): void {
    this.statusListeners.push(cb);
  }

  /** Peers that completed the handshake, with their last status. */
  withStatus(): Array<{ peerId: PeerId; status: StatusMessage; seenHeight: number }> {
    const out: Array<{ peerId: PeerId; status: StatusMessage; seenHeight: number }> = [];
    for (const [id, rec] of this.peers) {
      if (!rec.status || this.opts.bans.isBanned(id)) continue;
      const peerId = peerIdFromString(id);
      if (this.opts.host.getConnections(peerId).length > 0) out.push({ peerId, status: rec.status, seenHeight: rec.seenHeight });
    }
    return out;
  }

  /** Records that a peer relayed a block of this height (it has it). */
  noteHeight(peer: PeerId, height: number): void {
    const rec = this.peers.get(peer.toString());
    if (rec && height > rec.seenHeight) rec.seenHeight = height;
  }

  /** Asks a peer for its status; returns undefined when it failed (and acts on why). */
  async requestStatus(peer: PeerId): Promise<StatusMessage | undefined> {
    const { host, protocols, limits } = this.opts;
    let items: Uint8Array[];
    try {
      items = await sendRequest(host, peer, protocols.status, encodeStatus(this.ownStatus()), {
        maxItems: 1,
        maxItemBytes: MAX_STATUS_BYTES,
        maxTotalBytes: MAX_STATUS_BYTES,
        timeoutMs: limits.requestTimeoutMs,
      });
    } catch (err) {
      // A peer that cannot even negotiate our status protocol speaks another chain id.
      if ((err as P2pError).cause instanceof Error && ((err as P2pError).cause as Error).name === 'UnsupportedProtocolError') {
        this.banWrongChain(peer, 'does not speak this chain\'s status protocol');
      } else if ((err as P2pError).code === 'TIMEOUT') {
        this.penalize(peer, 'timeout', 'status request timed out');
      } else if ((err as P2pError).code === 'BAD_RESPONSE') {
        this.penalize(peer, 'bad_response', errorText(err));
      } else {
        this.opts.log.debug('p2p: status request failed', { peer: peer.toString(), error: errorText(err) });
      }
      return undefined;
    }
    try {
      if (items.length !== 1) throw new P2pError('BAD_RESPONSE', `status response has ${items.length} items`);
      const status = decodeStatus(items[0]!, 'BAD_RESPONSE');
      return this.acceptStatus(peer, status) ? status : undefined;
    } catch (err) {
      this.penalize(peer, 'bad_response', errorText(err));
      return undefined;
    }
  }

  /** Applies an offence; a peer whose score falls to the ban score is disconnected and banned. */
  penalize(peer: PeerId, offence: Offence, why: string): void {
    const id = peer.toString();
    const score = this.opts.scores.penalize(id, offence);
    this.opts.log.debug('p2p: peer penalised', { peer: id, offence, score: Math.round(score), why });
    if (score <= this.opts.limits.banScore) this.ban(peer, this.opts.limits.banMs, `${offence}: ${why}`);
  }

  /**
   * Once a second (gossipsub's heartbeat): a peer graylisted by gossipsub stops being
   * heard, so its app score would stop falling short of a ban. One that is graylisted and
   * has also sent provably bad data (half the ban score) is banned now. Graylisting alone
   * is not enough: gossipsub's behaviour penalties can hit an honest peer under overload.
   */
  private sweep(): void {
    const pubsub = this.opts.host.services.pubsub;
    for (const peer of pubsub.getPeers()) {
      const id = peer.toString();
      const app = this.opts.scores.get(id);
      if (app > this.opts.limits.banScore / 2) continue;
      const gossip = pubsub.getScore?.(id) ?? 0;
      if (gossip <= GOSSIP_THRESHOLDS.graylistThreshold) this.ban(peer, this.opts.limits.banMs, `graylisted by gossip (score ${Math.round(gossip)}) after invalid messages`);
    }
  }

  /** Bans a peer for `ms` and closes its connections. */
  ban(peer: PeerId, ms: number, reason: string): void {
    const id = peer.toString();
    if (this.opts.bans.isBanned(id)) return;
    this.opts.bans.ban(id, ms, reason);
    this.opts.scores.forget(id);
    this.opts.log.warn('p2p: peer banned', { peer: id, minutes: Math.round(ms / 60_000), reason });
    this.opts.host.hangUp(peer).catch((err: unknown) => this.opts.log.debug('p2p: hang-up failed', { peer: id, error: errorText(err) }));
  }

  /** The connected peers, for `tesnode peers` and node_info. */
  list(): PeerInfo[] {
    const { host, scores } = this.opts;
    const pubsub = host.services.pubsub;
    return host.getPeers().map((peerId) => {
      const id = peerId.toString();
      const conns = host.getConnections(peerId);
      return {
        peerId: id,
        addresses: conns.map((c) => c.remoteAddr.toString()),
        direction: conns[0]?.direction,
        status: this.peers.get(id)?.status,
        height: this.peers.get(id)?.status ? Math.max(this.peers.get(id)!.status!.height, this.peers.get(id)!.seenHeight) : undefined,
        score: scores.get(id),
        gossipScore: pubsub.getScore?.(id) ?? 0,
      };
    });
  }

  private ownStatus(): StatusMessage {
    const { chain } = this.opts;
    return { chainId: chain.chainId, genesisHash: chain.genesisHash, ...chain.status() };
  }

  private async serveStatus(request: Uint8Array, peer: PeerId): Promise<Uint8Array[]> {
    // Answered either way, so a peer of another chain learns why we hang up.
    this.acceptStatus(peer, decodeStatus(request, 'BAD_REQUEST'));
    return [encodeStatus(this.ownStatus())];
  }

  /** Checks a status is of our chain and records it; a peer of another chain is banned. */
  private acceptStatus(peer: PeerId, status: StatusMessage): boolean {
    const { chain } = this.opts;
    if (status.chainId !== chain.chainId || !bytesEqual(status.genesisHash, chain.genesisHash)) {
      this.banWrongChain(peer, `is on chain ${status.chainId} with genesis ${toHex(status.genesisHash).slice(0, 16)}…`);
      return false;
    }
    const id = peer.toString();
    const rec = this.peers.get(id) ?? { seenHeight: 0 };
    rec.status = status;
    this.peers.set(id, rec);
    for (const cb of this.statusListeners) cb(peer, status);
    return true;
  }

  private banWrongChain(peer: PeerId, why: string): void {
    this.opts.log.info(`p2p: peer ${peer.toString()} ${why}: disconnecting`);
    // Give our own status response a moment to leave before the connection closes.
    const { bans, limits } = this.opts;
    bans.ban(peer.toString(), limits.wrongChainBanMs, `other chain: ${why}`);
    setTimeout(() => this.opts.host.hangUp(peer).catch(() => undefined), 200).unref();
  }

  private restatusAll(): void {
    for (const id of this.peers.keys()) void this.requestStatus(peerIdFromString(id));
  }

  private async dialBootstrap(): Promise<void> {
    const { host, bootstrap, log } = this.opts;
    for (const ma of bootstrap) {
      const idText = ma.getComponents().find((c) => c.name === 'p2p')?.value;
      if (idText && host.getConnections(peerIdFromString(idText)).length > 0) continue;
      if (idText && this.opts.bans.isBanned(idText)) continue;
      try {
        const conn = await host.dial(ma, { signal: AbortSignal.timeout(this.opts.limits.requestTimeoutMs) });
        // Tagged keep-alive, libp2p redials it by itself when the connection drops.
        await host.peerStore.merge(conn.remotePeer, { tags: { [KEEP_ALIVE]: {} } });
      } catch (err) {
        log.debug('p2p: bootstrap dial failed', { addr: ma.toString(), error: errorText(err) });
      }
    }
  }
}
