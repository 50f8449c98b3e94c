import { ChainStore } from '../store/chainStore.ts';
import { toHex } from '../../chain/bytes.ts';
import { inspectStore, requireDatabase, type VerifyProgress, type VerifyStoreReport } from './verifyStore.ts';
import type { Genesis } from '../../chain/genesis.ts';

/** Result of recomputing the state root of a data directory from scratch, with the block store's check. */
export interface VerifyStateReport {
  /** The state matches the head and the block store reads back intact. */
  readonly ok: boolean;
  /** The state entries, the stored accumulator and the head header agree. */
  readonly stateOk: boolean;
  readonly height: number;
  readonly headHash: string;
  /** Root recomputed from every state entry. */
  readonly computedRoot: string;
  /** Root the head block's header commits to. */
  readonly headerRoot: string;
  /** Root of the accumulator stored with the head (the incremental one). */
  readonly storedRoot: string;
  readonly stateKeys: number;
  /** verify-store's report: blocks, index entries, undo records, receipts, height and tx indexes. */
  readonly store: VerifyStoreReport;
}

/**
 * `tesnode verify-state`: recomputes the state root from every stored state entry and
 * compares it with the head header's root and the incrementally maintained
 * accumulator, and reads back the block store the state was built from (verify-store),
 * so a state that matches its head over damaged blocks, undo records or indexes is not
 * reported as sound. The node must be stopped (LevelDB allows one process); damaged
 * database files are refused with a CORRUPT StoreError naming verify-store and repair.
 */
export async function verifyStoredState(dbDir: string, genesis: Genesis, onProgress?: (p: VerifyProgress) => void): Promise<VerifyStateReport> {
  await requireDatabase(dbDir);
  const store = await ChainStore.open(dbDir);
  try {
    const { report, headHeader, state } = await inspectStore(store, genesis, onProgress ? { onProgress } : {});
    const computedRoot = state ? toHex(state.computedRoot) : '';
    const headerRoot = headerHex(headHeader?.stateRoot);
    const storedRoot = state ? toHex(state.storedRoot) : '';
    const stateOk = computedRoot === headerRoot && storedRoot === headerRoot;
    return {
      ok: stateOk && report.ok,
      stateOk,
      height: report.head?.height ?? 0,
      headHash: report.head?.hash ?? '',
      computedRoot,
      headerRoot,
      storedRoot,
      stateKeys: report.stateKeys,
      store: report,
    };
  } finally {
    await store.close();
  }
}

function headerHex(root: Uint8Array | undefined): string {
  return root ? toHex(root) : '';
}
