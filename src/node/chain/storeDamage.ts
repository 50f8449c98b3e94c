import { StoreError } from '../store/storeError.ts';

/**
 * What a damaged record is:
 *   file      a database file (missing, truncated, a damaged log)
 *   meta      the head, accumulator, genesis or layout record
 *   block     a block body (missing, unreadable, or not the block its key names)
 *   index     a block's index entry (header, height, work, status)
 *   height    the canonical hash at a height
 *   tx        where a transaction is
 *   receipts  a block's receipts (their root must be the header's receiptRoot)
 *   undo      a block's undo record (undoing it must give the parent's state root)
 *   state     the state entries (their LtHash must be the head's state root)
 *   stray     a record that should not exist (an index of a block no longer canonical…)
 */
export type DamageKind = 'file' | 'meta' | 'block' | 'index' | 'height' | 'tx' | 'receipts' | 'undo' | 'state' | 'stray';

/** One damaged record, as verify-store reports it. */
export interface Damage {
  readonly kind: DamageKind;
  /** Canonical height the record belongs to, when it belongs to one. */
  readonly height?: number;
  /** Database key or file name. */
  readonly key?: string;
  readonly problem: string;
  /** LevelDB itself could not read it: the files need LevelDB's repair before records can be rebuilt. */
  readonly unreadable?: true;
}

/**
 * Runs a read and turns a StoreError about the record into a Damage entry (returned
 * in `damage`) instead of throwing; any other error is a bug and is thrown.
 */
export async function readOrDamage<T>(damage: Damage[], kind: DamageKind, height: number | undefined, key: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof StoreError) || (err.code !== 'CORRUPT' && err.code !== 'IO_ERROR')) throw err;
    const unreadable = isLevelReadError(err);
    damage.push({ kind, ...(height !== undefined ? { height } : {}), key, problem: err.detail ?? err.message, ...(unreadable ? { unreadable: true as const } : {}) });
    return undefined;
  }
}

/** True when LevelDB itself failed to read (as opposed to a record that reads but is wrong). */
export function isLevelReadError(err: StoreError): boolean {
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('LEVEL_');
}

/** One line per damage, for people: "height 25 block b/ab12…: does not decode". */
export function describeDamage(d: Damage): string {
  const where = [d.height !== undefined ? `height ${d.height}` : '', d.kind, d.key ? shortKey(d.key) : ''].filter(Boolean).join(' ');
  return `${where}: ${d.problem}`;
}

function shortKey(key: string): string {
  return /^[a-z]\/[0-9a-f]{64}$/.test(key) ? `${key.slice(0, 14)}…` : key;
}
