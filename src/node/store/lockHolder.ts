/**
 * Who holds LevelDB's LOCK file, found without taking the lock: LevelDB locks it with
 * fcntl, and Linux lists every such lock in /proc/locks by device and inode. Asking
 * LevelDB instead would rename its info log before it even tries the lock.
 */
import { readFile, stat } from 'node:fs/promises';

/** The holder of a lock: a process id, or unknown where /proc/locks does not exist. */
export type LockState = { readonly held: false } | { readonly held: true; readonly pid: number } | { readonly held: 'unknown' };

/** Whether a process holds a POSIX lock on `lockFile` right now. */
export async function findLockHolder(lockFile: string): Promise<LockState> {
  let st;
  try {
    st = await stat(lockFile, { bigint: true });
  } catch {
    return { held: false }; // no LOCK file: no database has been opened here
  }
  let table: string;
  try {
    table = await readFile('/proc/locks', 'utf8');
  } catch {
    return { held: 'unknown' };
  }
  const { major, minor } = splitDev(st.dev);
  for (const line of table.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 4242 fd:00:1234567 0 EOF" (a "->" marks a blocked waiter)
    const m = /^\d+:\s+(?:->\s+)?POSIX\s+\S+\s+\S+\s+(\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (!m || line.includes('->')) continue;
    if (BigInt(m[4]!) === st.ino && parseInt(m[2]!, 16) === major && parseInt(m[3]!, 16) === minor) return { held: true, pid: Number(m[1]) };
  }
  return { held: false };
}

// glibc's gnu_dev_major/minor over the 64-bit st_dev.
function splitDev(dev: bigint): { major: number; minor: number } {
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return { major, minor };
}
