import { basename, dirname } from 'node:path';

/**
 * Error codes for the data directory, one per thing the operator must do:
 *   PERMISSION_DENIED  this user may not read or write the files
 *   READ_ONLY          the file system is mounted read-only
 *   DISK_FULL          no space left for the next write
 *   LOCKED             another process has the database open
 *   CORRUPT            records or files are damaged (verify-store, then repair)
 *   REPAIR_UNFINISHED  a `tesnode repair` stopped half way
 *   IO_ERROR           the disk failed a read or write for another reason
 *   OPEN_FAILED        LevelDB refused to open for a reason not listed above
 *   WRONG_CHAIN, NOT_INITIALISED, OLD_LAYOUT: the directory is not this chain's
 */
export type StoreErrorCode =
  | 'OPEN_FAILED'
  | 'LOCKED'
  | 'PERMISSION_DENIED'
  | 'READ_ONLY'
  | 'DISK_FULL'
  | 'CORRUPT'
  | 'REPAIR_UNFINISHED'
  | 'IO_ERROR'
  | 'WRONG_CHAIN'
  | 'NOT_INITIALISED'
  | 'OLD_LAYOUT';

/** The data directory cannot be used as it is; the message says what to do. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** For damage: what is damaged, in a few words (the message adds what to do). */
  readonly detail: string | undefined;
  constructor(code: StoreErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.detail = detail;
  }
}

/**
 * The command an operator runs on the data directory holding the database `dbDir`
 * (`<datadir>/db`), e.g. `tesnode repair --datadir /srv/tes`.
 */
export function commandFor(dbDir: string, command: string): string {
  return basename(dbDir) === 'db' ? `tesnode ${command} --datadir ${dirname(dbDir)}` : `tesnode ${command}`;
}

/** Messages of the codes that do not depend on what was damaged. */
export function permissionDenied(dir: string, doing: string): StoreError {
  return new StoreError(
    'PERMISSION_DENIED',
    `permission denied ${doing} in ${dir}: this user (uid ${process.getuid?.() ?? '?'}) may not read and write the database; run tesnode as the user that owns the directory, or give this user access (chown -R USER ${dir}, or chmod -R u+rwX ${dir})`,
  );
}

/** The file system holding the database is mounted read-only. */
export function readOnly(dir: string, doing: string): StoreError {
  return new StoreError('READ_ONLY', `${dir} is on a read-only file system (${doing}): remount it read-write, or copy the data directory to writable storage and pass its path with --datadir`);
}

/** No space is left for LevelDB's next file or write. */
export function diskFull(dir: string, doing: string): StoreError {
  return new StoreError(
    'DISK_FULL',
    `the disk holding ${dir} is full (no space left on device while ${doing}): nothing of that write was committed; free space on that disk (or move the data directory to a larger one and pass --datadir), then restart tesnode`,
  );
}

/** Another process holds LevelDB's lock. */
export function locked(dir: string, pid?: number): StoreError {
  return new StoreError('LOCKED', `the database in ${dir} is in use by another process${pid ? ` (pid ${pid})` : ''}: stop the other tesnode, or use another --datadir`);
}

/** Records or files of the database are damaged; `detail` is `what` without the record's key. */
export function corrupt(dir: string, what: string, detail = what): StoreError {
  return new StoreError('CORRUPT', `the database in ${dir} is damaged: ${what}; run \`${commandFor(dir, 'verify-store')}\` to see every damaged record, then \`${commandFor(dir, 'repair')}\``, detail);
}

/**
 * The StoreError for an error LevelDB or the file system raised while `doing`
 * something in `dir`. LevelDB reports a lock file it may not open as a lock error, so
 * the system's own words are read first: a read-only directory is not "in use".
 */
export function storeErrorFrom(err: unknown, dir: string, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code ?? '';
  const text = `${e.message ?? String(err)} ${e.cause?.message ?? ''}`;
  const detail = (e.cause?.message ?? e.message ?? String(err)).trim();
  if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left on device|Disk quota exceeded/i.test(text)) return withCause(diskFull(dir, doing), err);
  if (code === 'EROFS' || /Read-only file system/i.test(text)) return withCause(readOnly(dir, doing), err);
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied|Operation not permitted/i.test(text)) return withCause(permissionDenied(dir, doing), err);
  if (code === 'LEVEL_LOCKED') return withCause(locked(dir), err);
  if (code === 'LEVEL_CORRUPTION') return withCause(corrupt(dir, `LevelDB cannot read it (${doing}: ${detail})`), err);
  if (code === 'LEVEL_IO_ERROR') {
    const what = `LevelDB cannot read it (${doing}: ${detail})`;
    return withCause(new StoreError('IO_ERROR', `the disk failed while ${doing} in ${dir} (${detail}): check the disk and its kernel log (dmesg); if it is sound, run \`${commandFor(dir, 'verify-store')}\` and \`${commandFor(dir, 'repair')}\``, what), err);
  }
  return withCause(new StoreError('OPEN_FAILED', `cannot use the database in ${dir} (${doing}): ${detail}`), err);
}

function withCause(e: StoreError, cause: unknown): StoreError {
  Object.defineProperty(e, 'cause', { value: cause, enumerable: false });
  return e;
}
