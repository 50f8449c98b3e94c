import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { LtHash } from '../../chain/state/ltHash.ts';
import { MemoryState } from '../../chain/state/stateReader.ts';
import { DbKey } from '../store/layout.ts';
import { readOrDamage, type Damage } from './storeDamage.ts';
import type { ChainStore } from '../store/chainStore.ts';

/** The stored head state, recomputed from every entry. */
export interface StoredState {
  readonly state: MemoryState;
  readonly acc: LtHash;
  /** Root recomputed from the entries. */
  readonly computedRoot: Uint8Array;
  /** Root of the accumulator stored beside them (zeros when it is missing or unreadable). */
  readonly storedRoot: Uint8Array;
  /** Every entry read back, and both roots equal `headRoot`. */
  readonly sound: boolean;
  readonly damage: Damage[];
}

/**
 * Reads every state entry, recomputes the LtHash accumulator from scratch, and compares
 * it with the stored accumulator and with the head header's state root.
 */
export async function loadStoredState(store: ChainStore, headRoot: Uint8Array, onEntry?: (n: number) => void): Promise<StoredState> {
  const damage: Damage[] = [];
  const state = new MemoryState();
  const acc = LtHash.empty();
  const read = await readOrDamage(damage, 'state', undefined, 's/', async () => {
    for await (const [k, v] of store.iterateState()) {
      state.map.set(k, v);
      acc.add(k, v);
      if (state.map.size % 10_000 === 0) onEntry?.(state.map.size);
    }
    return true;
  });
  const rawAcc = await readOrDamage(damage, 'meta', undefined, DbKey.acc, () => store.get(DbKey.acc));
  let storedRoot: Uint8Array = new Uint8Array(32);
  if (rawAcc && rawAcc.length === 2048) storedRoot = LtHash.fromBytes(rawAcc).root();
  else if (!damage.some((d) => d.key === DbKey.acc)) damage.push({ kind: 'meta', key: DbKey.acc, problem: rawAcc ? `holds ${rawAcc.length} bytes, not a 2048-byte accumulator` : 'missing' });
  const computedRoot = acc.root();
  if (read && !bytesEqual(computedRoot, headRoot)) {
    damage.push({ kind: 'state', key: 's/', problem: `the ${state.map.size} state entries give root ${toHex(computedRoot).slice(0, 16)}…, the head block says ${toHex(headRoot).slice(0, 16)}…` });
  }
  if (rawAcc?.length === 2048 && !bytesEqual(storedRoot, headRoot)) {
    damage.push({ kind: 'meta', key: DbKey.acc, problem: `the stored accumulator gives root ${toHex(storedRoot).slice(0, 16)}…, the head block says ${toHex(headRoot).slice(0, 16)}…` });
  }
  const sound = read === true && bytesEqual(computedRoot, headRoot);
  return { state, acc, computedRoot, storedRoot, sound, damage };
}
