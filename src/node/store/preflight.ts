/**
 * Checks made before LevelDB opens a directory, because LevelDB's open writes (it
 * rotates its info log before it even tries the lock, rewrites MANIFEST and CURRENT,
 * and replays logs into new tables): a start that is going to be refused must be
 * refused before any of that, so it changes nothing on disk.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkLevelFiles } from './levelFiles.ts';
import { findLockHolder } from './lockHolder.ts';
import { corrupt, locked, permissionDenied, readOnly, storeErrorFrom } from './storeError.ts';

/**
 * Throws the StoreError that opening `dir` would meet: no permission, a read-only
 * file system, a lock held by another process, damaged or missing database files.
 */
export async function checkBeforeOpen(dir: string): Promise<void> {
  if (!(await checkAccessAndLock(dir))) return;
  const problems = await checkLevelFiles(dir);
  if (problems.length) throw corrupt(dir, problems.map((p) => `${p.file} ${p.problem}`).join('; '));
}

/**
 * The checks of checkBeforeOpen except the files': throws when this user may not use
 * `dir` or another process holds it. Returns false when the files cannot be checked
 * safely (a new directory, or a system that does not list locks).
 */
export async function checkAccessAndLock(dir: string): Promise<boolean> {
  const exists = await stat(dir).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw storeErrorFrom(err, dir, 'looking at the directory');
    },
  );
  if (!exists) {
    // LevelDB will create it: the nearest existing parent must take a new directory.
    await requireAccess(await nearestExisting(dir), constants.W_OK | constants.X_OK, dir, 'creating the directory');
    return false;
  }
  await requireAccess(dir, constants.R_OK | constants.W_OK | constants.X_OK, dir, 'opening the directory');
  for (const name of await readdir(dir)) await requireAccess(join(dir, name), constants.R_OK | constants.W_OK, dir, `opening ${name}`);

  const lock = await findLockHolder(join(dir, 'LOCK'));
  if (lock.held === true) throw locked(dir, lock.pid === process.pid ? undefined : lock.pid);
  // Where locks cannot be listed, a file check could race a running writer: LevelDB's own lock decides.
  return lock.held === false;
}

async function requireAccess(path: string, mode: number, dir: string, doing: string): Promise<void> {
  try {
    await access(path, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS') throw readOnly(dir, doing);
    if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(dir, doing);
    throw storeErrorFrom(err, dir, doing);
  }
}

async function nearestExisting(path: string): Promise<string> {
  for (let p = dirname(path); ; p = dirname(p)) {
    if (await stat(p).then(() => true, () => false)) return p;
    if (dirname(p) === p) return p;
  }
}
