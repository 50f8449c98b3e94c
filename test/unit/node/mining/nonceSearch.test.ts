import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { createNonceSearcher } from '../../../../src/node/mining/nonceSearch.ts';
import type { NonceSearcher } from '../../../../src/node/mining/nonceSearch.ts';
import { hashMeetsTarget, hashToBigInt } from '../../../../src/consensus/work.ts';

const NONCE_LIMIT = 2n ** 63n;
// No 256-bit hash is <= 0 except all-zero: a job that never finishes.
const IMPOSSIBLE = 0n;

/** Deterministic test prefix. */
function makePrefix(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = (i * 31 + seed * 17 + 7) & 0xff;
  return out;
}

/** sha256(prefix || nonce as 8 bytes big-endian), computed independently with @noble/hashes. */
function powHash(prefix: Uint8Array, nonce: bigint): Uint8Array {
  const buf = new Uint8Array(prefix.length + 8);
  buf.set(prefix);
  new DataView(buf.buffer).setBigUint64(prefix.length, nonce, false);
  return sha256(buf);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Wait until `cond` holds, polling; the test timeout bounds it. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(5);
}

/** A condition true once the hash count did not move since the previous poll ~50 ms earlier. */
function stable(s: NonceSearcher): () => boolean {
  let last = -1;
  let lastAt = 0;
  let polls = 0;
  return () => {
    polls++;
    // Compare every 10th poll (~50 ms apart): a finished chunk takes a few ms.
    if (polls - lastAt < 10) return false;
    lastAt = polls;
    const now = s.totalHashes();
    const same = now === last;
    last = now;
    return same;
  };
}

const searchers: NonceSearcher[] = [];
function searcher(): NonceSearcher {
  const s = createNonceSearcher();
  searchers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(searchers.splice(0).map((s) => s.close()));
});

describe('nonce searcher', () => {
  it('finds the first nonce meeting an easy target, with the right hash', async () => {
    const s = searcher();
    const prefix = makePrefix(150, 1);
    const target = 2n ** 244n;
    const start = 1_000n;
    const r = await s.search({ prefix, target, startNonce: start });
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.hash).toEqual(powHash(prefix, r.nonce));
    expect(hashMeetsTarget(r.hash, target)).toBe(true);
    expect(BigInt(r.hashes)).toBe(r.nonce - start + 1n);
    for (let n = start; n < r.nonce; n++) expect(hashMeetsTarget(powHash(prefix, n), target)).toBe(false);
  });

  it('hashes only the bytes of a prefix view, not its whole buffer', async () => {
    const s = searcher();
    const backing = makePrefix(300, 2);
    const prefix = backing.subarray(40, 120);
    const r = await s.search({ prefix, target: 2n ** 248n, startNonce: 0n });
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.hash).toEqual(powHash(prefix, r.nonce));
  });

  it('wraps nonces from 2^63 - 1 back to 0', async () => {
    const s = searcher();
    const target = 2n ** 250n;
    const start = NONCE_LIMIT - 3n;
    // Pick a prefix whose last three nonces all miss, so the hit must come after the wrap.
    let seed = 0;
    let prefix = makePrefix(64, seed);
    const missesTail = (p: Uint8Array): boolean => {
      for (let n = start; n < NONCE_LIMIT; n++) if (hashMeetsTarget(powHash(p, n), target)) return false;
      return true;
    };
    while (!missesTail(prefix)) prefix = makePrefix(64, ++seed);
    const r = await s.search({ prefix, target, startNonce: start });
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.nonce < start).toBe(true);
    expect(r.hash).toEqual(powHash(prefix, r.nonce));
    expect(BigInt(r.hashes)).toBe(r.nonce + 3n + 1n);
  });

  it('returns null when aborted, and the worker is free for the next job', async () => {
    const s = searcher();
    const ac = new AbortController();
    const p = s.search({ prefix: makePrefix(80, 3), target: IMPOSSIBLE, startNonce: 0n }, ac.signal);
    await until(() => s.totalHashes() > 0);
    ac.abort();
    expect(await p).toBeNull();
    const r = await s.search({ prefix: makePrefix(80, 3), target: 2n ** 248n, startNonce: 0n });
    expect(r).not.toBeNull();
  });

  it('stops hashing after an abort', async () => {
    const s = searcher();
    const ac = new AbortController();
    const p = s.search({ prefix: makePrefix(80, 4), target: IMPOSSIBLE, startNonce: 0n }, ac.signal);
    await until(() => s.totalHashes() > 0);
    ac.abort();
    await p;
    // The worker finishes at most the chunk it was in; then the count freezes for good.
    await until(stable(s));
    const settled = s.totalHashes();
    await sleep(200);
    expect(s.totalHashes()).toBe(settled);
  });

  it('returns null at once for an already aborted signal', async () => {
    const s = searcher();
    const ac = new AbortController();
    ac.abort();
    expect(await s.search({ prefix: makePrefix(10, 5), target: 2n ** 255n, startNonce: 0n }, ac.signal)).toBeNull();
  });

  it('lets a new search supersede the running one', async () => {
    const s = searcher();
    const prefix = makePrefix(100, 6);
    const first = s.search({ prefix, target: IMPOSSIBLE, startNonce: 0n });
    await until(() => s.totalHashes() > 0);
    const second = s.search({ prefix, target: 2n ** 248n, startNonce: 5n });
    expect(await first).toBeNull();
    const r = await second;
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.nonce >= 5n).toBe(true);
    expect(r.hash).toEqual(powHash(prefix, r.nonce));
  });

  it('supersedes a job that is sleeping under a hash-rate cap', async () => {
    const s = searcher();
    const prefix = makePrefix(100, 7);
    const first = s.search({ prefix, target: IMPOSSIBLE, startNonce: 0n, hashrateCap: 1 });
    await until(() => s.totalHashes() > 0);
    // With a cap of 1 hash/s the worker is now asleep; the new job must wake it.
    const r = await s.search({ prefix, target: 2n ** 250n, startNonce: 0n });
    expect(await first).toBeNull();
    expect(r).not.toBeNull();
  });

  it('holds the hash-rate cap (correctness bound, not a speed test)', async () => {
    const s = searcher();
    const cap = 2000;
    const p = s.search({ prefix: makePrefix(120, 8), target: IMPOSSIBLE, startNonce: 0n, hashrateCap: cap });
    await until(() => s.totalHashes() > 0);
    const h0 = s.totalHashes();
    const t0 = performance.now();
    await sleep(1000);
    const h1 = s.totalHashes();
    const seconds = Math.max(1, (performance.now() - t0) / 1000);
    expect(h1 - h0).toBeGreaterThan(0);
    // Twice the budget for the window actually elapsed: generous, yet an uncapped
    // worker (hundreds of thousands per second) would blow far past it.
    expect(h1 - h0).toBeLessThan(2 * cap * seconds);
    const rate = s.hashrate();
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(2 * cap);
    await s.close();
    expect(await p).toBeNull();
  });

  it('holds the cap across a stream of easy jobs each solved within one chunk', async () => {
    const s = searcher();
    const cap = 500;
    const prefix = makePrefix(50, 11);
    const h0 = s.totalHashes();
    const t0 = performance.now();
    let jobs = 0;
    // Target 2^255: about every other hash wins, far inside one chunk (cap/100 = 5).
    while (performance.now() - t0 < 1000) {
      const r = await s.search({ prefix, target: 2n ** 255n, startNonce: BigInt(jobs), hashrateCap: cap });
      expect(r).not.toBeNull();
      jobs++;
    }
    const hashes = s.totalHashes() - h0;
    const seconds = Math.max(1, (performance.now() - t0) / 1000);
    expect(jobs).toBeGreaterThan(0);
    expect(hashes).toBeLessThan(2 * cap * seconds);
  });

  it('close() cancels the job, ends the worker, and refuses new jobs', async () => {
    const s = searcher();
    const p = s.search({ prefix: makePrefix(90, 9), target: IMPOSSIBLE, startNonce: 0n });
    await until(() => s.totalHashes() > 0);
    await s.close();
    expect(await p).toBeNull();
    const settled = s.totalHashes();
    await sleep(100);
    expect(s.totalHashes()).toBe(settled);
    await expect(s.search({ prefix: makePrefix(1, 1), target: 1n, startNonce: 0n })).rejects.toThrow(/closed/);
    await s.close();
  });

  it('rejects invalid jobs', async () => {
    const s = searcher();
    const prefix = makePrefix(8, 10);
    await expect(s.search({ prefix, target: 1n, startNonce: -1n })).rejects.toThrow(RangeError);
    await expect(s.search({ prefix, target: 1n, startNonce: NONCE_LIMIT })).rejects.toThrow(RangeError);
    await expect(s.search({ prefix, target: -1n, startNonce: 0n })).rejects.toThrow(RangeError);
    await expect(s.search({ prefix, target: 1n, startNonce: 0n, hashrateCap: 0 })).rejects.toThrow(RangeError);
    await expect(s.search({ prefix, target: 1n, startNonce: 0n, hashrateCap: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('loads its worker under plain node too (outside vitest)', () => {
    const mod = fileURLToPath(new URL('../../../../src/node/mining/nonceSearch.ts', import.meta.url));
    const script = `
      const { createNonceSearcher } = await import(${JSON.stringify(mod)});
      const s = createNonceSearcher();
      const r = await s.search({ prefix: new Uint8Array([1, 2, 3]), target: 2n ** 250n, startNonce: 0n });
      await s.close();
      console.log(String(r.nonce));
    `;
    // A script file, not --eval: workers inherit execArgv, and --input-type would break them.
    const dir = mkdtempSync(join(tmpdir(), 'tesnode-nonce-'));
    const file = join(dir, 'run.mjs');
    writeFileSync(file, script);
    let out: string;
    try {
      out = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const nonce = BigInt(out.trim());
    expect(hashToBigInt(powHash(new Uint8Array([1, 2, 3]), nonce)) <= 2n ** 250n).toBe(true);
  });
});
