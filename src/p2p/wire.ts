/**
 * Encodings of tesnode's network messages, all in the chain's canonical msgpack
 * (src/chain/codec.ts). Decoders take untrusted bytes, check their size first, and throw
 * P2pError('BAD_REQUEST' | 'BAD_RESPONSE') naming what is wrong.
 */
import { CodecError, encode, decodeCanonical } from '../chain/codec.ts';
import { bigintToBytes, bytesToBigint } from '../chain/bytes.ts';
import { ShapeError, readBytes, readList, readString, readTuple, readU32 } from '../chain/shape.ts';
import { P2pError, type P2pErrorCode } from './p2pError.ts';
import type { ChainStatus } from './chainPort.ts';

/** The status handshake: which chain a node is on and where its head is. */
export interface StatusMessage extends ChainStatus {
  readonly chainId: string;
  readonly genesisHash: Uint8Array;
}

/** A request for canonical blocks at heights from..from+count-1. */
export interface RangeRequest {
  readonly from: number;
  readonly count: number;
}

const MAX_STATUS_BYTES = 512;
const MAX_RANGE_REQUEST_BYTES = 32;

function decodeWith<T>(bytes: Uint8Array, max: number, what: string, code: P2pErrorCode, read: (v: unknown) => T): T {
  try {
    return read(decodeCanonical(bytes, max, what));
  } catch (err) {
    if (err instanceof ShapeError || err instanceof CodecError) {
      throw new P2pError(code, `malformed ${what}: ${(err as Error).message}`);
    }
    throw err;
  }
}

/** Encodes a status message; the work goes as 32 big-endian bytes since it can pass 2^64. */
export function encodeStatus(s: StatusMessage): Uint8Array {
  return encode([s.chainId, s.genesisHash, s.headHash, s.height, bigintToBytes(s.cumulativeWork, 32)]);
}

/** Decodes a status message from a peer. */
export function decodeStatus(bytes: Uint8Array, code: P2pErrorCode): StatusMessage {
  return decodeWith(bytes, MAX_STATUS_BYTES, 'status', code, (v) => {
    const [chainId, genesisHash, headHash, height, work] = readTuple(v, 5, 'status');
    return {
      chainId: readString(chainId, 'chainId', 64),
      genesisHash: readBytes(genesisHash, 'genesisHash', 32),
      headHash: readBytes(headHash, 'headHash', 32),
      height: readU32(height, 'height'),
      cumulativeWork: bytesToBigint(readBytes(work, 'cumulativeWork', 32)),
    };
  });
}

/** Encodes a blocks_by_range request. */
export function encodeRangeRequest(r: RangeRequest): Uint8Array {
  return encode([r.from, r.count]);
}

/** Decodes a blocks_by_range request; `count` must be 1..maxCount. */
export function decodeRangeRequest(bytes: Uint8Array, maxCount: number): RangeRequest {
  const r = decodeWith(bytes, MAX_RANGE_REQUEST_BYTES, 'blocks_by_range request', 'BAD_REQUEST', (v) => {
    const [from, count] = readTuple(v, 2, 'blocks_by_range request');
    return { from: readU32(from, 'from'), count: readU32(count, 'count') };
  });
  if (r.count < 1 || r.count > maxCount) throw new P2pError('BAD_REQUEST', `blocks_by_range count ${r.count} is not in 1..${maxCount}`);
  return r;
}

/** Encodes a blocks_by_hash request. */
export function encodeHashRequest(hashes: readonly Uint8Array[]): Uint8Array {
  return encode([...hashes]);
}

/** Decodes a blocks_by_hash request of 1..maxHashes 32-byte hashes. */
export function decodeHashRequest(bytes: Uint8Array, maxHashes: number): Uint8Array[] {
  const hashes = decodeWith(bytes, 8 + maxHashes * 34, 'blocks_by_hash request', 'BAD_REQUEST', (v) =>
    readList(v, maxHashes, 'hashes').map((h, i) => readBytes(h, `hash ${i}`, 32)),
  );
  if (hashes.length === 0) throw new P2pError('BAD_REQUEST', 'blocks_by_hash request has no hashes');
  return hashes;
}

/** Encodes a transaction batch: one gossip message carrying many encoded transactions. */
export function encodeTxBatch(txs: readonly Uint8Array[]): Uint8Array {
  return encode([...txs]);
}

/** Decodes a transaction batch; each item stays encoded (the chain decodes and checks it). */
export function decodeTxBatch(bytes: Uint8Array, maxBytes: number, maxTxs: number): Uint8Array[] {
  const txs = decodeWith(bytes, maxBytes, 'transaction batch', 'BAD_REQUEST', (v) =>
    readList(v, maxTxs, 'transaction batch').map((t, i) => readBytes(t, `transaction ${i}`, undefined, maxBytes)),
  );
  if (txs.length === 0) throw new P2pError('BAD_REQUEST', 'transaction batch is empty');
  return txs;
}

/** Size of a batch's encoding before it is built: array header plus each item's bin header. */
export function txBatchOverhead(count: number): number {
  return 5 + count * 5;
}
