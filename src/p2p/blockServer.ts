/**
 * Serves blocks to peers: canonical blocks by range (sync) and any stored block by hash
 * (an orphan's ancestors). Like geth's servers it caps what one request may cost: blocks
 * per request, bytes per response, and blocks per second per peer.
 */
import type { PeerId } from '@libp2p/interface';
import { serveProtocol } from './reqResp.ts';
import { decodeHashRequest, decodeRangeRequest } from './wire.ts';
import { P2pError, errorText } from './p2pError.ts';
import type { ChainPort } from './chainPort.ts';
import type { P2pLimits, ProtocolIds } from './config.ts';
import type { P2pHost } from './libp2pHost.ts';
import type { P2pLogger } from './logger.ts';

/** A token bucket per peer: `rate` tokens a second, holding at most `burst`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(rate: number, burst: number, now: () => number = Date.now) {
    this.rate = rate;
    this.burst = burst;
    this.now = now;
  }

  /** Takes `n` tokens from the peer's bucket; false (nothing taken) when it has fewer. */
  take(peer: string, n: number): boolean {
    const t = this.now();
    const b = this.buckets.get(peer) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    this.buckets.set(peer, b);
    if (this.buckets.size > 1024) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens < n) return false;
    b.tokens -= n;
    return true;
  }
}

/** Counters of what this node served. */
export interface BlockServerStats {
  rangeRequests: number;
  hashRequests: number;
  blocksServed: number;
  rateLimited: number;
}

/** Options of `serveBlocks`. */
export interface BlockServerOptions {
  readonly host: P2pHost;
  readonly chain: ChainPort;
  readonly protocols: ProtocolIds;
  readonly limits: P2pLimits;
  readonly log: P2pLogger;
}

/** Registers blocks_by_range and blocks_by_hash; call before the host starts. */
export async function serveBlocks(opts: BlockServerOptions): Promise<BlockServerStats> {
  const { host, chain, protocols, limits, log } = opts;
  const stats: BlockServerStats = { rangeRequests: 0, hashRequests: 0, blocksServed: 0, rateLimited: 0 };
  const limiter = new RateLimiter(limits.serveBlocksPerSecond, 2 * limits.serveBlocksPerSecond);
  const onError = (peer: PeerId, err: unknown) => log.warn('p2p: serving blocks failed', { peer: peer.toString(), error: errorText(err) });
  const charge = (peer: PeerId, n: number) => {
    if (!limiter.take(peer.toString(), n)) {
      stats.rateLimited++;
      throw new P2pError('RATE_LIMITED', `more than ${limits.serveBlocksPerSecond} blocks/s requested`);
    }
  };

  await serveProtocol(
    host,
    protocols.blocksByRange,
    async (req, peer) => {
      const { from, count } = decodeRangeRequest(req, limits.maxBlocksPerRequest);
      charge(peer, count);
      stats.rangeRequests++;
      return capBytes(await chain.getCanonicalBlocks(from, count), limits, stats);
    },
    { maxRequestBytes: 64, timeoutMs: limits.requestTimeoutMs, onError },
  );

  await serveProtocol(
    host,
    protocols.blocksByHash,
    async (req, peer) => {
      const hashes = decodeHashRequest(req, limits.maxHashesPerRequest);
      charge(peer, hashes.length);
      stats.hashRequests++;
      const found: Uint8Array[] = [];
      for (const h of hashes) {
        const bytes = await chain.getBlockBytesByHash(h);
        if (bytes) found.push(bytes);
      }
      return capBytes(found, limits, stats);
    },
    { maxRequestBytes: 64 + 34 * limits.maxHashesPerRequest, timeoutMs: limits.requestTimeoutMs, onError },
  );
  return stats;
}

// Stops before the response would pass the byte cap; the requester asks again for the rest.
function capBytes(blocks: Uint8Array[], limits: P2pLimits, stats: BlockServerStats): Uint8Array[] {
  let total = 0;
  const out: Uint8Array[] = [];
  for (const b of blocks) {
    if (b.length > limits.maxBlockMessageBytes) break;
    if (out.length > 0 && total + b.length > limits.maxResponseBytes) break;
    total += b.length;
    out.push(b);
  }
  stats.blocksServed += out.length;
  return out;
}
