import { performance } from 'node:perf_hooks';
import { ChainStore } from '../store/chainStore.ts';
import { checkLevelFiles } from '../store/levelFiles.ts';
import { checkAccessAndLock } from '../store/preflight.ts';
import { rebuildFromBlocks } from './rebuildFromBlocks.ts';
import { rollbackHead } from './rollbackHead.ts';
import { genesisContext, inspectStore, requireDatabase, type RepairAction, type VerifyProgress, type VerifyStoreReport } from './verifyStore.ts';
import type { Genesis } from '../../chain/genesis.ts';

/** What `tesnode repair` did. */
export interface RepairReport {
  /** The repair chosen from the damage found ('none' when there was none). */
  readonly action: RepairAction;
  /** LevelDB's file repair ran first (damaged or missing files, unreadable records). */
  readonly filesRepaired: boolean;
  /** Nothing was written (--dry-run). */
  readonly dryRun: boolean;
  /** What verification found before the repair. */
  readonly before: VerifyStoreReport;
  /** What it finds after (the same as before on a dry run). */
  readonly after: VerifyStoreReport;
  /** Canonical blocks removed above the last intact one; the node fetches them from its peers. */
  readonly removedBlocks: number;
  readonly seconds: number;
}

/** Progress of a repair: verification phases, then the blocks replayed. */
export type RepairProgress = VerifyProgress | { readonly phase: 'replay'; readonly done: number; readonly total: number };

/**
 * `tesnode repair`: verifies the store of a stopped node and restores a sound one with
 * the least change: LevelDB's file repair when files are damaged, then either a rollback
 * of the head to the last intact block (undo records, one batch) or a rebuild of every
 * derived record by replaying the intact blocks from genesis. Blocks lost above the
 * last intact one are fetched again from peers when the node starts. Verifies again
 * after, and reports both.
 */
export async function repairStore(opts: { dbDir: string; genesis: Genesis; dryRun?: boolean; onProgress?: (p: RepairProgress) => void }): Promise<RepairReport> {
  const started = performance.now();
  const { dbDir, genesis } = opts;
  const progress = opts.onProgress ? { onProgress: opts.onProgress } : {};
  await requireDatabase(dbDir);
  await checkAccessAndLock(dbDir);
  const done = (r: Omit<RepairReport, 'seconds'>): RepairReport => ({ ...r, seconds: (performance.now() - started) / 1000 });

  const fileProblems = await checkLevelFiles(dbDir);
  let before: VerifyStoreReport | undefined;
  let filesRepaired = false;
  if (fileProblems.length) {
    before = {
      ok: false, head: null, checkedFrom: 0, blocks: 0, txs: 0, stateKeys: 0, lastIntactHeight: 0, repair: 'files', seconds: 0, secondsPer10kBlocks: 0,
      damage: fileProblems.map((p) => ({ kind: 'file' as const, key: p.file, problem: p.problem })),
    };
    if (opts.dryRun) return done({ action: 'files', filesRepaired, dryRun: true, before, after: before, removedBlocks: 0 });
    await ChainStore.repairFiles(dbDir);
    filesRepaired = true;
  }

  let store = await ChainStore.open(dbDir);
  try {
    let inspection = await inspectStore(store, genesis, progress);
    before ??= inspection.report;
    if (inspection.report.repair === 'files' && !opts.dryRun) {
      // LevelDB cannot read some records: its own repair drops them, then the chain's repair can run.
      await store.close();
      await ChainStore.repairFiles(dbDir);
      filesRepaired = true;
      store = await ChainStore.open(dbDir);
      inspection = await inspectStore(store, genesis, progress);
    }
    const action = inspection.report.repair;
    const target = inspection.report.lastIntactHeight;
    if (opts.dryRun || action === 'none' || action === 'files') {
      return done({ action: filesRepaired && action === 'none' ? 'files' : action, filesRepaired, dryRun: opts.dryRun ?? false, before, after: inspection.report, removedBlocks: 0 });
    }
    let head = target;
    if (action === 'rollback') await rollbackHead(store, genesisContext(genesis).ctx, inspection, target);
    else head = await rebuildFromBlocks(store, genesis, inspection, target, (h, of) => opts.onProgress?.({ phase: 'replay', done: h, total: of }));
    const after = (await inspectStore(store, genesis, progress)).report;
    return done({ action, filesRepaired, dryRun: false, before, after, removedBlocks: inspection.headHeight - head });
  } finally {
    await store.close();
  }
}
