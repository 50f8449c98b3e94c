import { sha256Parts } from './hash.ts';

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/**
 * Merkle root over 32-byte leaves (transaction hashes). Leaves and inner nodes are
 * domain-separated, and an odd node is carried up unpaired rather than duplicated, so
 * no two different lists share a root (the duplication flaw of CVE-2012-2459 cannot occur).
 * The root of an empty list is SHA-256 of the leaf tag alone.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256Parts(LEAF);
  let level = leaves.map((l) => sha256Parts(LEAF, l));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1];
      next.push(right ? sha256Parts(NODE, left, right) : left);
    }
    level = next;
  }
  return level[0]!;
}
