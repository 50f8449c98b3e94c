import { EventEmitter } from 'node:events';
import { ChainStore, encodeIndex, type BlockIndexEntry, type StoreOp } from '../store/chainStore.ts';
import { DbKey, SCHEMA_VERSION } from '../store/layout.ts';
import { decodeTrusted, encode } from '../../chain/codec.ts';
import { commandFor, corrupt, StoreError } from '../store/storeError.ts';
import { BlockError } from '../../chain/chainError.ts';
import { decodeBlock, decodeHeader, encodeBlock, encodeHeader, headerHash } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { accumulateState, createGenesisBlock, createGenesisState, type Genesis } from '../../chain/genesis.ts';
import { MemoryState } from '../../chain/state/stateReader.ts';
import { LtHash } from '../../chain/state/ltHash.ts';
import { getMinerCredit } from '../../chain/state/accounts.ts';
import { applyBlock, type ApplyBlockResult } from '../../chain/stf/applyBlock.ts';
import { blockWritesOps, stateWriteOps } from './blockWrites.ts';
import { validateBlockContextFree, validateBlockContextFreeParallel, validateHeaderContext, validateWork, type CheckedBlock } from '../../consensus/validateBlock.ts';
import { requireRootsMatch } from './rootsMatch.ts';
import { blockWork } from '../../consensus/work.ts';
import { planReorg, type ReorgPlan } from './reorg.ts';
import { checkRecentBlocks, DEFAULT_CHECK_BLOCKS } from './checkRecentBlocks.ts';
import { CheckedCache, readCheckedBlock, readCheckedBlockAt, readCheckedReceipts, readCheckedTxLocation } from './checkedReads.ts';
import type { Receipt } from '../../chain/module/receipt.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { Block, BlockHeader } from '../../chain/types.ts';

export type { HeadInfo } from './headInfo.ts';
import type { HeadInfo } from './headInfo.ts';

/** How an imported block was taken. */
export type ImportStatus = 'head' | 'reorg' | 'side' | 'known';

/** Result of `importBlock`. */
export interface ImportResult {
  readonly status: ImportStatus;
  readonly hash: Uint8Array;
  readonly height: number;
}

/** Emitted as 'head' whenever the canonical head moves. */
export interface HeadChange {
  readonly head: HeadInfo;
  /** Blocks that left the canonical chain, newest first (empty unless a reorg). */
  readonly disconnected: readonly Block[];
  /** Blocks that joined it, oldest first. */
  readonly connected: readonly Block[];
}

/** Options of one import. */
export interface ImportOptions {
  /**
   * This node built the block (its miner): the state transition already ran on the head
   * state and here is its result, and every transaction's signature was checked when the
   * mempool admitted it. The import then checks work, header and roots and commits,
   * without executing the block again. Ignored unless the block extends the head it was
   * built on.
   */
  readonly executed?: ApplyBlockResult;
}

/** Options of `Chain.open`. */
export interface ChainOptions {
  /** Directory of the LevelDB database. */
  readonly dbDir: string;
  readonly genesis: Genesis;
  /** The node's clock (ms): only for the future-timestamp bound, never inside the state transition. */
  readonly clock?: () => number;
  /** Blocks below the head read back at start (default DEFAULT_CHECK_BLOCKS; 0: none). */
  readonly checkBlocks?: number;
}

const HEADER_CACHE_MAX = 4096;

/**
 * The chain orchestrator: owns the store, the head state in memory, and the import
 * pipeline (context-free checks → checks against the parent → state transition →
 * one database batch). Imports run one at a time. Emits 'head' with a HeadChange, and
 * 'fault' once when the store turns out damaged, full or unwritable: from then on it
 * imports nothing (the error says what to do) and reads still check what they return.
 */
export class Chain extends EventEmitter<{ head: [HeadChange]; fault: [StoreError] }> {
  readonly store: ChainStore;
  readonly ctx: ChainContext;
  readonly genesisHash: Uint8Array;
  /** The state at the head, in memory; written to disk with each block. */
  readonly state: MemoryState;
  private accumulator: LtHash;
  private headInfo: HeadInfo;
  private readonly clock: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly headerCache = new Map<string, BlockIndexEntry>();
  private readonly checked = new CheckedCache();
  /** Blocks this chain executed on import (a block its own miner built is not executed again): for tests and benches. */
  executions = 0;
  /** The first store failure met while running, if any; imports are refused from then on. */
  fault: StoreError | undefined;

  private constructor(store: ChainStore, ctx: ChainContext, genesisHash: Uint8Array, state: MemoryState, acc: LtHash, head: HeadInfo, clock: () => number) {
    super();
    this.store = store;
    this.ctx = ctx;
    this.genesisHash = genesisHash;
    this.state = state;
    this.accumulator = acc;
    this.headInfo = head;
    this.clock = clock;
    store.onFault = (err) => {
      if (this.fault) return;
      this.fault = err;
      this.emit('fault', err);
    };
  }

  /**
   * Opens a data directory: initialises it from the genesis when empty, refuses one of
   * another chain, and checks that the stored state matches the head's state root.
   */
  static async open(opts: ChainOptions): Promise<Chain> {
    const { genesis } = opts;
    const ctx: ChainContext = { chainId: genesis.chainId, genesisTime: genesis.timestamp, params: genesis.params, modules: genesis.modules };
    const gState = createGenesisState(genesis);
    const gAcc = accumulateState(gState);
    const gBlock = createGenesisBlock(genesis, gAcc.root());
    const gHash = headerHash(gBlock.header);
    const store = await ChainStore.open(opts.dbDir);
    try {
      const storedGenesis = await store.get(DbKey.genesis);
      if (storedGenesis) await requireLayout(store, opts.dbDir);
      if (await store.get(DbKey.repairMarker)) {
        throw new StoreError('REPAIR_UNFINISHED', `a \`tesnode repair\` of ${opts.dbDir} stopped before it finished: run \`${commandFor(opts.dbDir, 'repair')}\` again to finish it`);
      }
      if (!storedGenesis) {
        if (await store.get(DbKey.head)) throw corrupt(opts.dbDir, 'it has a head but no genesis record');
        await initialise(store, gBlock, gHash, gState, gAcc);
      } else if (!bytesEqual(storedGenesis, gHash)) {
        throw new StoreError('WRONG_CHAIN', `${opts.dbDir} holds chain ${toHex(storedGenesis).slice(0, 16)}…, not the genesis given (${toHex(gHash).slice(0, 16)}…): use another --datadir or the matching genesis file`);
      }
      const { state, acc, head } = await loadHead(store, opts.dbDir);
      await checkRecentBlocks({ store, ctx, genesisHash: gHash, head, state, acc, count: opts.checkBlocks ?? DEFAULT_CHECK_BLOCKS });
      return new Chain(store, ctx, gHash, state, acc, head, opts.clock ?? Date.now);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** The canonical head. */
  get head(): HeadInfo {
    return this.headInfo;
  }

  /** The LtHash accumulator of the head state. */
  get acc(): LtHash {
    return this.accumulator;
  }

  /** Current time by the node's clock. */
  now(): number {
    return this.clock();
  }

  /**
   * Imports a block received from a peer or the miner. Throws BlockError when it is
   * invalid (UNKNOWN_PARENT when its parent is missing: fetch the ancestors first).
   */
  importBlock(block: Block, opts: ImportOptions = {}): Promise<ImportResult> {
    // Over a damaged or unwritable store, an import could build on, or undo, records that are wrong.
    if (this.fault) return Promise.reject(this.fault);
    const run = this.queue.then(() => this.importOne(block, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Imports encoded block bytes (decode, then importBlock). */
  importBlockBytes(bytes: Uint8Array): Promise<ImportResult> {
    return this.importBlock(decodeBlock(bytes, this.ctx.modules, this.ctx.params.maxBlockBytes, this.ctx.params.maxBlockTxs));
  }

  private async importOne(block: Block, opts: ImportOptions): Promise<ImportResult> {
    const hash = headerHash(block.header);
    const known = await this.getIndex(hash);
    if (known) {
      if (known.status === 'invalid') throw new BlockError('KNOWN_INVALID', `block ${toHex(hash).slice(0, 16)} was already found invalid: ${known.reason ?? ''}`);
      return { status: 'known', hash, height: known.height };
    }
    // A block this node built holds only transactions whose signatures the mempool checked.
    const checked = opts.executed ? validateBlockContextFree(block, this.ctx, { signatures: false }) : await validateBlockContextFreeParallel(block, this.ctx);
    const parent = await this.getIndex(block.header.parentHash);
    if (!parent) throw new BlockError('UNKNOWN_PARENT', `parent ${toHex(block.header.parentHash).slice(0, 16)} of block ${toHex(hash).slice(0, 16)} is unknown`);
    if (parent.status === 'invalid') {
      await this.markInvalid(checked, parent.cumulativeWork, 'its parent is invalid');
      throw new BlockError('KNOWN_INVALID', 'the parent block is invalid');
    }
    try {
      validateHeaderContext(block.header, await this.parentContext(block.header.parentHash, parent), this.ctx, this.clock());
    } catch (err) {
      // A block from the future may become valid later: not remembered as invalid.
      if (err instanceof BlockError && err.code !== 'TIME_TOO_NEW') await this.markInvalid(checked, parent.cumulativeWork, err.message);
      throw err;
    }
    if (bytesEqual(block.header.parentHash, this.headInfo.hash)) return this.extendHead(checked, parent, opts.executed);
    return this.importSide(checked, parent);
  }

  /** The common case: the block builds on the head. */
  private async extendHead(checked: CheckedBlock, parent: BlockIndexEntry, executed: ApplyBlockResult | undefined): Promise<ImportResult> {
    const { block, hash } = checked;
    let work: bigint;
    let result;
    try {
      work = validateWork(hash, block.header, getMinerCredit(this.state, block.header.miner), this.ctx);
      // The head state is what the miner executed on (the block extends this head), so its result stands.
      result = executed ?? applyBlock(this.state, this.accumulator, block, this.ctx, checked.txHashes);
      this.executions += executed ? 0 : 1;
      requireRootsMatch(block.header, result);
    } catch (err) {
      if (err instanceof BlockError) await this.markInvalid(checked, parent.cumulativeWork, err.message);
      throw err;
    }
    const cumulativeWork = parent.cumulativeWork + work;
    const index: BlockIndexEntry = { height: block.header.height, parentHash: block.header.parentHash, cumulativeWork, status: 'applied', headerBytes: encodeHeader(block.header) };
    const ops: StoreOp[] = [
      ...blockWritesOps(checked, index, result.changes, result.receipts),
      ...stateWriteOps(result.changes),
      { type: 'put', key: DbKey.head, value: hash },
      { type: 'put', key: DbKey.acc, value: result.acc.toBytes() },
    ];
    await this.store.write(ops);
    this.state.applyWrites(result.changes.map((c) => [c.key, c.value] as const));
    this.accumulator = result.acc;
    this.cacheIndex(hash, index);
    this.headInfo = { hash, header: block.header, work: cumulativeWork };
    this.emit('head', { head: this.headInfo, disconnected: [], connected: [block] });
    return { status: 'head', hash, height: block.header.height };
  }

  /**
   * A block off the head: stored as a side block, and if its branch may outweigh the
   * head (its work is at most that of boost 1), the branch is applied in an overlay and
   * becomes canonical only when its exact proven work is greater. Ties keep the head
   * seen first.
   */
  private async importSide(checked: CheckedBlock, parent: BlockIndexEntry): Promise<ImportResult> {
    const { block, hash } = checked;
    const upperBound = parent.cumulativeWork + blockWork(block.header.baseTarget);
    const index: BlockIndexEntry = { height: block.header.height, parentHash: block.header.parentHash, cumulativeWork: upperBound, status: 'side', headerBytes: encodeHeader(block.header) };
    await this.store.write([
      { type: 'put', key: DbKey.block(hash), value: encodeBlock(block) },
      { type: 'put', key: DbKey.index(hash), value: encodeIndex(index) },
    ]);
    this.cacheIndex(hash, index);
    if (upperBound <= this.headInfo.work) return { status: 'side', hash, height: block.header.height };

    const plan = await planReorg(this, hash);
    for (const [h, e] of plan.indexUpdates) this.cacheIndex(h, e);
    if (!plan.commit) {
      await this.store.write(plan.sideOps);
      this.throwIfMarkedInvalid(plan, hash);
      return { status: 'side', hash, height: block.header.height };
    }
    await this.store.write(plan.commit.ops);
    this.state.applyWrites(plan.commit.stateWrites);
    this.accumulator = plan.commit.acc;
    this.headInfo = plan.commit.head;
    this.emit('head', { head: this.headInfo, disconnected: plan.commit.disconnected, connected: plan.commit.connected });
    this.throwIfMarkedInvalid(plan, hash);
    return { status: bytesEqual(this.headInfo.hash, hash) ? 'reorg' : 'side', hash, height: block.header.height };
  }

  /** The block being imported is invalid if the reorg attempt found it or an ancestor invalid. */
  private throwIfMarkedInvalid(plan: ReorgPlan, hash: Uint8Array): void {
    if (!plan.error) return;
    if (bytesEqual(plan.error.hash, hash)) throw plan.error.err;
    const mine = plan.indexUpdates.find(([h, e]) => e.status === 'invalid' && bytesEqual(h, hash));
    if (mine) throw new BlockError('KNOWN_INVALID', mine[1].reason ?? 'the block descends from an invalid block');
  }

  private async markInvalid(checked: CheckedBlock, parentWork: bigint, reason: string): Promise<void> {
    const { block, hash } = checked;
    const index: BlockIndexEntry = { height: block.header.height, parentHash: block.header.parentHash, cumulativeWork: parentWork, status: 'invalid', reason, headerBytes: encodeHeader(block.header) };
    await this.store.write([{ type: 'put', key: DbKey.index(hash), value: encodeIndex(index) }]);
    this.cacheIndex(hash, index);
  }

  /** The index entry of any stored block (canonical, side or invalid). */
  async getIndex(hash: Uint8Array): Promise<BlockIndexEntry | undefined> {
    const key = toHex(hash);
    const cached = this.headerCache.get(key);
    if (cached) return cached;
    const e = await this.store.getIndex(hash);
    if (e) this.cacheIndex(hash, e);
    return e;
  }

  /** Remembers an index entry; the cache is bounded, oldest entries leave first. */
  cacheIndex(hash: Uint8Array, e: BlockIndexEntry): void {
    const key = toHex(hash);
    this.headerCache.delete(key);
    this.headerCache.set(key, e);
    if (this.headerCache.size > HEADER_CACHE_MAX) this.headerCache.delete(this.headerCache.keys().next().value!);
  }

  /** The header of any stored block. */
  async getHeader(hash: Uint8Array): Promise<BlockHeader | undefined> {
    const e = await this.getIndex(hash);
    return e ? decodeHeader(e.headerBytes) : undefined;
  }

  /** Parent header and the timestamps of it and up to 10 of its ancestors. */
  async parentContext(parentHash: Uint8Array, parent?: BlockIndexEntry) {
    const p = parent ?? (await this.getIndex(parentHash));
    if (!p) throw new BlockError('UNKNOWN_PARENT', `parent ${toHex(parentHash).slice(0, 16)} is unknown`);
    const header = decodeHeader(p.headerBytes);
    const recentTimestamps = [header.timestamp];
    let cursor = header;
    while (recentTimestamps.length < 11 && cursor.height > 0) {
      const up = await this.getIndex(cursor.parentHash);
      if (!up) break;
      cursor = decodeHeader(up.headerBytes);
      recentTimestamps.push(cursor.timestamp);
    }
    return { header, recentTimestamps };
  }

  /** A canonical block by height, or undefined above the head. Damaged records throw (see checkedReads.ts). */
  async getBlockByHeight(height: number): Promise<Block | undefined> {
    if (height < 0 || height > this.headInfo.header.height) return undefined;
    return readCheckedBlockAt(this.store, this.ctx, height, this.checked);
  }

  /** Any stored block by hash, checked against its hash, tx root and signature. */
  async getBlockByHash(hash: Uint8Array): Promise<Block | undefined> {
    return (await readCheckedBlock(this.store, this.ctx, hash, this.checked))?.block;
  }

  /** A stored block's encoding (what peers are sent), checked like getBlockByHash. */
  async getBlockBytes(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return (await readCheckedBlock(this.store, this.ctx, hash, this.checked))?.bytes;
  }

  /** The canonical hash at a height; its index entry must be of that height. */
  async getCanonicalHash(height: number): Promise<Uint8Array | undefined> {
    const hash = await this.store.getCanonicalHash(height);
    const index = hash && (await this.getIndex(hash));
    if (hash && index?.height !== height) throw this.store.damaged(DbKey.height(height), `names block ${toHex(hash).slice(0, 16)}…, ${index ? `of height ${index.height}` : 'which has no index entry'}`);
    return hash;
  }

  /** A canonical block's receipts, checked against its header's receipt root. */
  async getReceipts(hash: Uint8Array): Promise<Receipt[] | undefined> {
    return readCheckedReceipts(this.store, hash, await this.getHeader(hash), this.checked);
  }

  /** Where a canonical transaction is, checked against that block. */
  async getTxLocation(hash: Uint8Array): Promise<{ blockHash: Uint8Array; index: number } | undefined> {
    return readCheckedTxLocation(this.store, this.ctx, hash, this.checked);
  }

  /** True when the block is on the canonical chain. */
  async isCanonical(hash: Uint8Array, height: number): Promise<boolean> {
    const at = await this.store.getCanonicalHash(height);
    return at !== undefined && bytesEqual(at, hash);
  }

  /** Waits for in-flight imports and closes the database. */
  async close(): Promise<void> {
    await this.queue;
    await this.store.close();
  }
}

async function initialise(store: ChainStore, block: Block, hash: Uint8Array, state: MemoryState, acc: LtHash): Promise<void> {
  const index: BlockIndexEntry = { height: 0, parentHash: block.header.parentHash, cumulativeWork: 0n, status: 'applied', headerBytes: encodeHeader(block.header) };
  const ops: StoreOp[] = [
    { type: 'put', key: DbKey.block(hash), value: encodeBlock(block) },
    { type: 'put', key: DbKey.index(hash), value: encodeIndex(index) },
    { type: 'put', key: DbKey.height(0), value: hash },
    ...[...state.map].map(([k, v]): StoreOp => ({ type: 'put', key: DbKey.state(k), value: v })),
    { type: 'put', key: DbKey.acc, value: acc.toBytes() },
    { type: 'put', key: DbKey.head, value: hash },
    { type: 'put', key: DbKey.genesis, value: hash },
    { type: 'put', key: DbKey.schema, value: encode(SCHEMA_VERSION) },
  ];
  await store.write(ops);
}

/** Refuses a directory written with another database layout, saying what to do. */
async function requireLayout(store: ChainStore, dir: string): Promise<void> {
  const raw = await store.get(DbKey.schema);
  const version = raw ? (decodeTrusted(raw) as number) : 1;
  if (version !== SCHEMA_VERSION) {
    throw new StoreError(
      'OLD_LAYOUT',
      `${dir} was written by a tesnode with database layout ${version}; this version uses layout ${SCHEMA_VERSION} (blocks commit to receipts): remove the directory, or use another --datadir, and sync again`,
    );
  }
}

/** Loads the head and its state, refusing a directory whose state does not match the head. */
async function loadHead(store: ChainStore, dir: string): Promise<{ state: MemoryState; acc: LtHash; head: HeadInfo }> {
  const headHash = await store.get(DbKey.head);
  const index = headHash && (await store.getIndex(headHash));
  if (!headHash || !index) throw corrupt(dir, 'it has no readable head block');
  const header = decodeHeader(index.headerBytes);
  const state = new MemoryState();
  for await (const [k, v] of store.iterateState()) state.map.set(k, v);
  const acc = accumulateState(state);
  const storedAcc = await store.get(DbKey.acc);
  if (!storedAcc || !acc.equals(LtHash.fromBytes(storedAcc)) || !bytesEqual(acc.root(), header.stateRoot)) {
    throw corrupt(dir, `the state does not match head block ${header.height} (state root ${toHex(acc.root()).slice(0, 16)}…, the header says ${toHex(header.stateRoot).slice(0, 16)}…)`);
  }
  return { state, acc, head: { hash: headHash, header, work: index.cumulativeWork } };
}
