import { ChainStore } from '../store/chainStore.ts';
import { DbKey } from '../store/layout.ts';
import { StoreError } from '../store/storeError.ts';
import { LtHash } from '../../chain/state/ltHash.ts';
import { decodeHeader } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';

/** Result of recomputing the state root of a data directory from scratch. */
export interface VerifyStateReport {
  readonly ok: boolean;
  readonly height: number;
  readonly headHash: string;
  /** Root recomputed from every state entry. */
  readonly computedRoot: string;
  /** Root the head block's header commits to. */
  readonly headerRoot: string;
  /** Root of the accumulator stored with the head (the incremental one). */
  readonly storedRoot: string;
  readonly stateKeys: number;
}

/**
 * Recomputes the state root from every stored state entry and compares it with the
 * head header's root and the incrementally maintained accumulator. The node must be
 * stopped (LevelDB allows one process).
 */
export async function verifyStoredState(dbDir: string): Promise<VerifyStateReport> {
  const store = await ChainStore.open(dbDir);
  try {
    const headHash = await store.get(DbKey.head);
    const index = headHash && (await store.getIndex(headHash));
    if (!headHash || !index) throw new StoreError('NOT_INITIALISED', `${dbDir} holds no chain: start a node with this --datadir first`);
    const header = decodeHeader(index.headerBytes);
    const acc = LtHash.empty();
    let stateKeys = 0;
    for await (const [k, v] of store.iterateState()) {
      acc.add(k, v);
      stateKeys++;
    }
    const storedAcc = await store.get(DbKey.acc);
    const storedRoot = storedAcc ? LtHash.fromBytes(storedAcc).root() : new Uint8Array(32);
    const computed = acc.root();
    return {
      ok: bytesEqual(computed, header.stateRoot) && bytesEqual(computed, storedRoot),
      height: header.height,
      headHash: toHex(headHash),
      computedRoot: toHex(computed),
      headerRoot: toHex(header.stateRoot),
      storedRoot: toHex(storedRoot),
      stateKeys,
    };
  } finally {
    await store.close();
  }
}
