import { createHash } from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * SHA-256, the one hash of tesnode (docs/protocol/encoding.md). Node's OpenSSL implementation is used for
 * speed; it computes the same function as @noble/hashes, which a unit test pins.
 */
export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/** SHA-256 over several parts without concatenating them first. */
export function sha256Parts(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** The pure-JS SHA-256, kept for the test that pins both implementations together. */
export const sha256Reference = nobleSha256;
