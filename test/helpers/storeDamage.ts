/**
 * Helpers for tests that damage a stopped node's LevelDB directory: a chain stored in
 * several table files (so damage to one leaves the others), byte-level damage to those
 * files, and snapshots of a directory's files to prove a refused open changed nothing.
 */
import { createHash } from 'node:crypto';
import { cp, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../src/chain/bytes.ts';
import { headerHash } from '../../src/chain/block.ts';
import { accumulateState, createGenesisState } from '../../src/chain/genesis.ts';
import { createTestGenesis, generateChain, makeTempDir, makeTransfer, openTestChain, type TestKey } from './testChain.ts';
import type { Genesis } from '../../src/chain/genesis.ts';
import type { Block } from '../../src/chain/types.ts';

/** A closed chain on disk and what a node that never crashed knows of it. */
export interface StoredChain {
  readonly dir: string;
  readonly genesis: Genesis;
  readonly keys: TestKey[];
  /** Blocks 1..head, oldest first. */
  readonly blocks: Block[];
  /** State root (hex) after each height, index = height. */
  readonly roots: string[];
  readonly headHeight: number;
}

/**
 * Mines `stages` × `perStage` blocks with transfers, closing and reopening the chain
 * between stages: each reopen flushes LevelDB's log into a new table file, so the chain
 * ends up in several .ldb files (LevelDB merges them only from four on). With
 * `flushLast: false` the last stage stays in the write-ahead log.
 */
export async function buildStoredChain(opts: { stages?: number; perStage?: number; flushLast?: boolean } = {}): Promise<StoredChain> {
  const { genesis, keys } = createTestGenesis();
  const dir = await makeTempDir('tesnode-store-');
  const blocks: Block[] = [];
  let nonce = 0;
  for (let stage = 0; stage < (opts.stages ?? 3); stage++) {
    const tc = await openTestChain(genesis, dir);
    blocks.push(...(await generateChain(tc.chain, opts.perStage ?? 12, () => [makeTransfer(keys[1]!, keys[2]!, 10n, nonce++), makeTransfer(keys[2]!, keys[3]!, 5n, nonce - 1)])));
    await tc.close();
  }
  // One more open and close moves the last stage's writes from the log into a table too.
  if (opts.flushLast !== false) await (await openTestChain(genesis, dir)).close();
  const genesisRoot = toHex(accumulateState(createGenesisState(genesis)).root());
  return { dir, genesis, keys, blocks, roots: [genesisRoot, ...blocks.map((b) => toHex(b.header.stateRoot))], headHeight: blocks.length };
}

/** A copy of a stored chain's directory, for one test to damage. */
export async function copyStore(chain: StoredChain): Promise<string> {
  const dir = await makeTempDir('tesnode-damaged-');
  await cp(chain.dir, dir, { recursive: true });
  return dir;
}

/** The database's table files, oldest first. */
export async function tableFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.ldb')).sort();
}

/** Where `needle` occurs in the directory's table and log files (the first match). */
export async function findBytes(dir: string, needle: Uint8Array): Promise<{ file: string; offset: number } | undefined> {
  for (const name of (await readdir(dir)).filter((n) => /\.(ldb|log)$/.test(n)).sort()) {
    const offset = (await readFile(join(dir, name))).indexOf(needle);
    if (offset >= 0) return { file: name, offset };
  }
  return undefined;
}

/** Overwrites bytes of a file in place (its size stays). */
export async function overwrite(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.write(bytes, 0, bytes.length, offset);
  } finally {
    await fh.close();
  }
}

/** Each file of a directory: size, mtime and SHA-256 of its bytes. */
export async function snapshotFiles(dir: string): Promise<Record<string, { size: number; mtimeMs: number; sha256: string }>> {
  const out: Record<string, { size: number; mtimeMs: number; sha256: string }> = {};
  for (const name of (await readdir(dir)).sort()) {
    const st = await stat(join(dir, name));
    if (!st.isFile()) continue;
    // Never open LOCK: closing any descriptor of it drops this process's fcntl lock (POSIX), LevelDB's included.
    const bytes = name === 'LOCK' ? new Uint8Array(0) : await readFile(join(dir, name));
    out[name] = { size: st.size, mtimeMs: st.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  return out;
}

/** The hash of a block, hex. */
export function hashOf(block: Block): string {
  return toHex(headerHash(block.header));
}
