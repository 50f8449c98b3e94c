import { encode, decodeCanonical, CodecError, type Encodable } from './codec.ts';
import { sha256 } from './hash.ts';
import { bigintToBytes, bytesToBigint, concatBytes, toHex, utf8 } from './bytes.ts';
import { ShapeError, readBytes, readList, readTimeMs, readTuple, readU32, readU63 } from './shape.ts';
import { BlockError, TxError } from './chainError.ts';
import { txFromWire, txHash, txToWire, MAX_TX_BYTES, type KindSchemas } from './tx.ts';
import { merkleRoot } from './merkle.ts';
import { sign, verify } from './crypto/ed25519.ts';
import type { Block, BlockHeader, Tx } from './types.ts';

/**
 * Header format version. 2: the header commits to the block's receipts (`receiptRoot`),
 * and receipts carry each operation's result and events (docs/protocol.md).
 */
export const BLOCK_VERSION = 2;
/** Hard cap on an encoded block, before the genesis limit is even read. */
export const MAX_BLOCK_BYTES_HARD = 8 * 1024 * 1024;
// Domain tag for the miner's signature over the header hash.
const HEADER_SIGN_DOMAIN = utf8('tesnode/header/v1');

function headerArray(h: BlockHeader): Encodable[] {
  return [
    h.version,
    h.parentHash,
    h.height,
    BigInt(h.timestamp),
    h.txRoot,
    h.stateRoot,
    h.receiptRoot,
    bigintToBytes(h.baseTarget, 32),
    h.miner,
    h.nonce, // last, and always int64: the miner rewrites only the final 8 bytes
  ];
}

/**
 * A header for a block not yet sealed: roots and nonce empty, the given height, time,
 * parent, base target and miner. The miner fills in the roots once it has executed the
 * block; the mempool's dry runs use it as "the next block".
 */
export function createDraftHeader(h: Pick<BlockHeader, 'height' | 'timestamp'> & Partial<Pick<BlockHeader, 'parentHash' | 'baseTarget' | 'miner'>>): BlockHeader {
  return {
    version: BLOCK_VERSION,
    parentHash: h.parentHash ?? new Uint8Array(32),
    height: h.height,
    timestamp: h.timestamp,
    txRoot: new Uint8Array(32),
    stateRoot: new Uint8Array(32),
    receiptRoot: new Uint8Array(32),
    baseTarget: h.baseTarget ?? 1n,
    miner: h.miner ?? new Uint8Array(32),
    nonce: 0n,
  };
}

/** Canonical encoding of a header (without the miner's signature). */
export function encodeHeader(h: BlockHeader): Uint8Array {
  return encode(headerArray(h));
}

/** The block hash: SHA-256 of the encoded header. It is also the proof-of-work hash. */
export function headerHash(h: BlockHeader): Uint8Array {
  return sha256(encodeHeader(h));
}

/**
 * The header encoding minus its trailing 8 nonce bytes: the miner hashes
 * `prefix || nonce(8 bytes big-endian)`, which equals headerHash for that nonce.
 */
export function miningPrefix(h: BlockHeader): Uint8Array {
  const bytes = encodeHeader({ ...h, nonce: 0n });
  return bytes.subarray(0, bytes.length - 8);
}

/** The message the miner signs: a domain tag and the block hash. */
export function headerSigningMessage(hash: Uint8Array): Uint8Array {
  return concatBytes(HEADER_SIGN_DOMAIN, hash);
}

/** Signs a mined header with the miner's secret key. */
export function signHeader(h: BlockHeader, secret: Uint8Array): Uint8Array {
  return sign(headerSigningMessage(headerHash(h)), secret);
}

/** True when the block's signature is the header miner's. */
export function isMinerSignatureValid(block: Block, hash = headerHash(block.header)): boolean {
  return verify(block.sig, headerSigningMessage(hash), block.header.miner);
}

/** The transaction root a header must carry for these transactions. */
export function computeTxRoot(txs: readonly Tx[], hashes?: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(hashes ?? txs.map(txHash));
}

/** Canonical encoding of a whole block. */
export function encodeBlock(b: Block): Uint8Array {
  return encode([headerArray(b.header), b.sig, b.txs.map(txToWire)]);
}

function headerFromWire(v: unknown): BlockHeader {
  const [version, parentHash, height, timestamp, txRoot, stateRoot, receiptRoot, baseTarget, miner, nonce] = readTuple(v, 10, 'header');
  return {
    version: readU32(version, 'version'),
    parentHash: readBytes(parentHash, 'parentHash', 32),
    height: readU32(height, 'height'),
    timestamp: readTimeMs(timestamp, 'timestamp'),
    txRoot: readBytes(txRoot, 'txRoot', 32),
    stateRoot: readBytes(stateRoot, 'stateRoot', 32),
    receiptRoot: readBytes(receiptRoot, 'receiptRoot', 32),
    baseTarget: bytesToBigint(readBytes(baseTarget, 'baseTarget', 32)),
    miner: readBytes(miner, 'miner', 32),
    nonce: readU63(nonce, 'nonce'),
  };
}

/**
 * Decodes a block and checks its shape: canonical encoding, size limits, every
 * transaction's shape. Signatures, work and state are checked by later layers.
 */
export function decodeBlock(bytes: Uint8Array, kinds: KindSchemas, maxBlockBytes = MAX_BLOCK_BYTES_HARD, maxTxs = 100_000): Block {
  let v: unknown;
  try {
    v = decodeCanonical(bytes, Math.min(maxBlockBytes, MAX_BLOCK_BYTES_HARD), 'block');
  } catch (err) {
    if (err instanceof CodecError) throw new BlockError(err.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'MALFORMED', err.message);
    throw err;
  }
  try {
    const [header, sig, txs] = readTuple(v, 3, 'block');
    const list = readList(txs, maxTxs, 'block transactions');
    const parsed = list.map((t, i) => {
      try {
        const tx = txFromWire(t, kinds);
        if (encode(txToWire(tx)).length > MAX_TX_BYTES) throw new TxError('TOO_LARGE', `over ${MAX_TX_BYTES} bytes`);
        return tx;
      } catch (err) {
        if (err instanceof TxError) throw new BlockError('BAD_TX', `transaction ${i}: ${err.message}`);
        throw err;
      }
    });
    return { header: headerFromWire(header), sig: readBytes(sig, 'miner signature', 64), txs: parsed };
  } catch (err) {
    if (err instanceof ShapeError) throw new BlockError('MALFORMED', `malformed block: ${err.message}`);
    throw err;
  }
}

/** Decodes a header alone (the same bytes encodeHeader makes). */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  try {
    return headerFromWire(decodeCanonical(bytes, 1024, 'header'));
  } catch (err) {
    if (err instanceof ShapeError || err instanceof CodecError) throw new BlockError('MALFORMED', `malformed header: ${err.message}`);
    throw err;
  }
}

/** Plain JSON view of a header for RPC and CLI output. */
export function headerToJson(h: BlockHeader): Record<string, unknown> {
  return {
    hash: toHex(headerHash(h)),
    version: h.version,
    parentHash: toHex(h.parentHash),
    height: h.height,
    timestamp: h.timestamp,
    txRoot: toHex(h.txRoot),
    stateRoot: toHex(h.stateRoot),
    receiptRoot: toHex(h.receiptRoot),
    baseTarget: '0x' + h.baseTarget.toString(16),
    miner: toHex(h.miner),
    nonce: h.nonce.toString(),
  };
}
