/** The requesting side of blocks_by_range and blocks_by_hash. */
import type { PeerId } from '@libp2p/interface';
import { sendRequest } from './reqResp.ts';
import { encodeHashRequest, encodeRangeRequest } from './wire.ts';
import type { P2pLimits, ProtocolIds } from './config.ts';
import type { P2pHost } from './libp2pHost.ts';

/** Asks `peer` for its canonical blocks from height `from`, at most `count` (≤ maxBlocksPerRequest). */
export function requestBlocksByRange(host: P2pHost, protocols: ProtocolIds, limits: P2pLimits, peer: PeerId, from: number, count: number): Promise<Uint8Array[]> {
  return sendRequest(host, peer, protocols.blocksByRange, encodeRangeRequest({ from, count: Math.min(count, limits.maxBlocksPerRequest) }), {
    maxItems: count,
    maxItemBytes: limits.maxBlockMessageBytes,
    maxTotalBytes: limits.maxResponseBytes + limits.maxBlockMessageBytes,
    timeoutMs: limits.requestTimeoutMs,
  });
}

/** Asks `peer` for the blocks with these hashes; it answers with those it has, in order. */
export function requestBlocksByHash(host: P2pHost, protocols: ProtocolIds, limits: P2pLimits, peer: PeerId, hashes: readonly Uint8Array[]): Promise<Uint8Array[]> {
  return sendRequest(host, peer, protocols.blocksByHash, encodeHashRequest(hashes), {
    maxItems: hashes.length,
    maxItemBytes: limits.maxBlockMessageBytes,
    maxTotalBytes: limits.maxResponseBytes + limits.maxBlockMessageBytes,
    timeoutMs: limits.requestTimeoutMs,
  });
}
