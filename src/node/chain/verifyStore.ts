import { performance } from 'node:perf_hooks';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBlock, decodeHeader, headerHash } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { accumulateState, createGenesisBlock, createGenesisState, type Genesis } from '../../chain/genesis.ts';
import { ChainStore } from '../store/chainStore.ts';
import { DbKey } from '../store/layout.ts';
import { checkLevelFiles } from '../store/levelFiles.ts';
import { checkAccessAndLock } from '../store/preflight.ts';
import { StoreError, commandFor } from '../store/storeError.ts';
import { loadStoredState, type StoredState } from './loadStoredState.ts';
import { scanStrays } from './scanStrays.ts';
import { readOrDamage, type Damage } from './storeDamage.ts';
import { walkChain, type WalkResult } from './walkChain.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { BlockHeader } from '../../chain/types.ts';

/**
 * What `tesnode repair` does about the damage found:
 *   none      nothing is damaged
 *   files     LevelDB's own repair first (damaged or missing files), then one of the two below
 *   rollback  move the head back to the last intact block with the undo records, in one batch
 *   rebuild   replay the intact blocks from genesis and rewrite every index, receipt,
 *             undo record and the state
 */
export type RepairAction = 'none' | 'files' | 'rollback' | 'rebuild';

/** Progress of a verification: a phase and how far it is. */
export interface VerifyProgress {
  readonly phase: 'state' | 'blocks' | 'records';
  readonly done: number;
  /** 0 when the total is not known in advance. */
  readonly total: number;
}

/** What verify-store found. */
export interface VerifyStoreReport {
  readonly ok: boolean;
  readonly head: { readonly height: number; readonly hash: string } | null;
  /** Lowest height read back. */
  readonly checkedFrom: number;
  readonly blocks: number;
  readonly txs: number;
  readonly stateKeys: number;
  readonly damage: Damage[];
  /** Highest height up to which every block body is intact (the head when none is damaged). */
  readonly lastIntactHeight: number;
  readonly repair: RepairAction;
  readonly seconds: number;
  /** The time per 10,000 blocks read back: a bench figure. */
  readonly secondsPer10kBlocks: number;
}

/** A report with what repair needs to act on it. */
export interface StoreInspection {
  readonly report: VerifyStoreReport;
  readonly headHeight: number;
  /** The head's header, when it reads back. */
  readonly headHeader: BlockHeader | undefined;
  readonly hashes: Map<number, Uint8Array>;
  readonly walk: WalkResult;
  readonly state: StoredState | undefined;
}

/** The chain context and genesis hash of a genesis. */
export function genesisContext(genesis: Genesis): { ctx: ChainContext; genesisHash: Uint8Array } {
  const ctx: ChainContext = { chainId: genesis.chainId, genesisTime: genesis.timestamp, params: genesis.params, modules: genesis.modules };
  return { ctx, genesisHash: headerHash(createGenesisBlock(genesis, accumulateState(createGenesisState(genesis)).root()).header) };
}

/**
 * `tesnode verify-store`: reads back the whole database of a stopped node (see
 * docs/storage.md) and reports every damaged record. Changes nothing: damaged files are
 * reported without letting LevelDB open (and rewrite) them.
 */
export async function verifyStore(opts: { dbDir: string; genesis: Genesis; onProgress?: (p: VerifyProgress) => void }): Promise<VerifyStoreReport> {
  const started = performance.now();
  await requireDatabase(opts.dbDir);
  await checkAccessAndLock(opts.dbDir);
  const problems = await checkLevelFiles(opts.dbDir);
  if (problems.length) {
    const damage = problems.map((p): Damage => ({ kind: 'file', key: p.file, problem: p.problem }));
    return { ok: false, head: null, checkedFrom: 0, blocks: 0, txs: 0, stateKeys: 0, damage, lastIntactHeight: 0, repair: 'files', seconds: (performance.now() - started) / 1000, secondsPer10kBlocks: 0 };
  }
  const store = await ChainStore.open(opts.dbDir);
  try {
    return (await inspectStore(store, opts.genesis, { ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) })).report;
  } finally {
    await store.close();
  }
}

/** Refuses a directory that holds no database, without creating one (NOT_INITIALISED). */
export async function requireDatabase(dbDir: string): Promise<void> {
  try {
    await access(join(dbDir, 'CURRENT'));
  } catch {
    throw new StoreError('NOT_INITIALISED', `${dbDir} holds no chain database: start a node with this --datadir first (\`${commandFor(dbDir, 'start')}\`)`);
  }
}

/**
 * Reads back the whole store (or, with `downTo`, the blocks from there to the head):
 * the head and meta records, every state entry against the head's state root, every
 * canonical block's records with the undo walk (walkChain), and every other key for
 * records that should not exist.
 */
export async function inspectStore(store: ChainStore, genesis: Genesis, opts: { onProgress?: (p: VerifyProgress) => void } = {}): Promise<StoreInspection> {
  const started = performance.now();
  const { ctx, genesisHash } = genesisContext(genesis);
  const damage: Damage[] = [];
  const head = await findHead(store, ctx, genesisHash, damage);

  const state = await loadStoredState(store, head.header?.stateRoot ?? new Uint8Array(32), (n) => opts.onProgress?.({ phase: 'state', done: n, total: 0 }));
  damage.push(...state.damage);

  const walk = await walkChain({
    store,
    ctx,
    genesisHash,
    headHash: head.hash,
    headHeight: head.height,
    downTo: 0,
    ...(state.sound ? { headState: { state: state.state, acc: state.acc } } : {}),
    onHeight: (h) => opts.onProgress?.({ phase: 'blocks', done: head.height - h + 1, total: head.height + 1 }),
  });
  damage.push(...walk.damage);
  damage.push(...(await scanStrays(store, ctx, { headHeight: head.height, genesisHash, hashes: walk.hashes, txs: walk.txs }, (n) => opts.onProgress?.({ phase: 'records', done: n, total: 0 }))));

  const seconds = (performance.now() - started) / 1000;
  const lastIntactHeight = Math.max(0, walk.lowestBadBlock === undefined ? head.height : walk.lowestBadBlock - 1);
  const report: VerifyStoreReport = {
    ok: damage.length === 0,
    head: { height: head.height, hash: toHex(head.hash) },
    checkedFrom: 0,
    blocks: walk.blocks,
    txs: walk.txs,
    stateKeys: state.state.map.size,
    damage,
    lastIntactHeight,
    repair: chooseRepair(damage, walk, state, lastIntactHeight),
    seconds,
    secondsPer10kBlocks: walk.blocks ? (seconds * 10_000) / walk.blocks : 0,
  };
  return { report, headHeight: head.height, headHeader: head.header, hashes: walk.hashes, walk, state };
}

/**
 * The least repair that restores a sound store: a rollback when only blocks above the
 * last intact one are damaged and the state and their undo records are sound; LevelDB's
 * file repair first when it cannot read some records; otherwise a rebuild from blocks.
 */
export function chooseRepair(damage: readonly Damage[], walk: WalkResult, state: StoredState, lastIntact: number): RepairAction {
  if (damage.length === 0) return 'none';
  if (damage.some((d) => d.kind === 'file' || d.unreadable)) return 'files';
  const aboveIntact = (d: Damage) => d.height !== undefined && d.height > lastIntact && d.kind !== 'undo';
  const rewrittenByRollback = (d: Damage) => d.kind === 'meta' && d.key === DbKey.acc;
  const canRollback = state.sound && walk.undoVerifiedTo <= lastIntact && damage.every((d) => aboveIntact(d) || rewrittenByRollback(d));
  return canRollback ? 'rollback' : 'rebuild';
}

/** The head the store names, or else the highest height it indexes, or else genesis. */
async function findHead(store: ChainStore, ctx: ChainContext, genesisHash: Uint8Array, damage: Damage[]): Promise<{ hash: Uint8Array; height: number; header: BlockHeader | undefined }> {
  const raw = await readOrDamage(damage, 'meta', undefined, DbKey.head, () => store.get(DbKey.head));
  if (raw?.length === 32) {
    const header = await headerOf(store, ctx, raw);
    if (header) return { hash: raw, height: header.height, header };
    damage.push({ kind: 'meta', key: DbKey.head, problem: 'names a block whose header cannot be read' });
  } else if (!damage.some((d) => d.key === DbKey.head)) {
    damage.push({ kind: 'meta', key: DbKey.head, problem: raw ? `holds ${raw.length} bytes, not a block hash` : 'missing' });
  }
  // Fall back to the highest indexed height that still reads.
  let last: string | undefined;
  await readOrDamage(damage, 'height', undefined, 'h/', async () => {
    for await (const key of store.keys('h/')) last = key;
  });
  const height = last ? Number(last.slice(2)) : 0;
  for (let h = height; h > 0; h--) {
    const hash = await store.getCanonicalHash(h).catch(() => undefined);
    const header = hash && (await headerOf(store, ctx, hash));
    if (hash && header) return { hash, height: h, header };
  }
  return { hash: genesisHash, height: 0, header: await headerOf(store, ctx, genesisHash) };
}

/** A block's header from its index entry, or else from its body. */
async function headerOf(store: ChainStore, ctx: ChainContext, hash: Uint8Array): Promise<BlockHeader | undefined> {
  const index = await store.getIndex(hash).catch(() => undefined);
  if (index) return decodeHeader(index.headerBytes);
  const bytes = await store.getBlockBytes(hash).catch(() => undefined);
  try {
    const header = bytes && decodeBlock(bytes, ctx.modules).header;
    return header && bytesEqual(headerHash(header), hash) ? header : undefined;
  } catch {
    return undefined;
  }
}
