/**
 * Micro-benchmark for the LtHash state accumulator: prints elements/s for
 * `LtHash.add` (Node's native SHAKE128) and for the same element hash +
 * lane addition computed with @noble/hashes' pure-JS SHAKE128, for comparison.
 * Run: npx node bench/ltHash.bench.ts
 */
import { shake128 } from '@noble/hashes/sha3.js';
import { LTHASH_BYTES, LTHASH_LANES, LtHash, encodeElement } from '../src/chain/state/ltHash.ts';

const N_KEYS = 2000;
const keys: string[] = [];
const values: Uint8Array[] = [];
for (let i = 0; i < N_KEYS; i++) {
  keys.push('a/' + i.toString(16).padStart(40, '0'));
  // Deterministic filler resembling a small msgpack record.
  values.push(Uint8Array.from({ length: 48 }, (_, j) => (i * 31 + j * 7) & 0xff));
}

function measure(name: string, minMs: number, step: (i: number) => void): void {
  for (let i = 0; i < 500; i++) step(i % N_KEYS); // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  let ns = 0n;
  while (ns < BigInt(minMs) * 1_000_000n) {
    for (let i = 0; i < 1000; i++) step((n + i) % N_KEYS);
    n += 1000;
    ns = process.hrtime.bigint() - t0;
  }
  const perSec = (BigInt(n) * 1_000_000_000n) / ns;
  console.log(`${name.padEnd(40)} ${perSec.toString().padStart(9)} elements/s`);
}

const h = LtHash.empty();
measure('LtHash.add (node:crypto shake128)', 1500, (i) => h.add(keys[i]!, values[i]!));
measure('LtHash.update (2 element hashes/call)', 1500, (i) => h.update(keys[i]!, values[i]!, values[(i + 1) % N_KEYS]!));

const acc = new Uint16Array(LTHASH_LANES);
measure('noble shake128 + lane add', 1500, (i) => {
  const d = shake128(encodeElement(keys[i]!, values[i]!), { dkLen: LTHASH_BYTES });
  // Little-endian host assumed (bench only); copy if the digest is not 2-byte aligned.
  const e = new Uint16Array((d.byteOffset & 1) === 0 ? d.buffer : d.slice().buffer, (d.byteOffset & 1) === 0 ? d.byteOffset : 0, LTHASH_LANES);
  for (let j = 0; j < LTHASH_LANES; j++) acc[j] = acc[j]! + e[j]!;
});
measure('root() (SHA-256 of 2048 bytes)', 500, () => h.root());
