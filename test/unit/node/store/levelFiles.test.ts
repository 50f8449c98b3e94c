/**
 * The checks made on LevelDB's files before it opens them: the log format's checksums,
 * the MANIFEST's list of tables, and a refused open that leaves every file as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '../../../../src/node/store/crc32c.ts';
import { readLevelLog } from '../../../../src/node/store/levelLog.ts';
import { checkLevelFiles } from '../../../../src/node/store/levelFiles.ts';
import { ChainStore } from '../../../../src/node/store/chainStore.ts';
import { makeTempDir, removeDir } from '../../../helpers/testChain.ts';
import { overwrite, snapshotFiles, tableFiles } from '../../../helpers/storeDamage.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A closed database with `batches` writes still in its log, and with `flushed` in a table. */
async function database(opts: { batches?: number; flushed?: boolean } = {}): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => removeDir(dir));
  let store = await ChainStore.open(dir);
  for (let i = 0; i < (opts.batches ?? 3); i++) await store.write([{ type: 'put', key: `k/${i}`, value: new Uint8Array(300).fill(i) }]);
  await store.close();
  if (opts.flushed) {
    store = await ChainStore.open(dir); // the reopen moves the log into a table
    await store.close();
  }
  return dir;
}

const logOf = async (dir: string) => join(dir, (await import('node:fs/promises').then((f) => f.readdir(dir))).find((n) => n.endsWith('.log') && n !== 'LOG')!);

describe('crc32c', () => {
  it('gives the standard check values', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
});

describe('readLevelLog', () => {
  it('reads every record of an intact log', async () => {
    const log = await readFile(await logOf(await database({ batches: 3 })));
    const r = readLevelLog(log);
    expect(r.records).toHaveLength(3);
    expect(r.problems).toEqual([]);
  });

  it('takes a record cut short at the end as a write a crash interrupted, not as damage', async () => {
    const log = await readFile(await logOf(await database({ batches: 3 })));
    const r = readLevelLog(log.subarray(0, log.length - 20));
    expect(r.records).toHaveLength(2);
    expect(r.problems).toEqual([]);
  });

  it('reports a damaged record that intact ones follow: LevelDB would drop committed writes', async () => {
    const log = Uint8Array.from(await readFile(await logOf(await database({ batches: 3 }))));
    log[40] = log[40]! ^ 0xff;
    const r = readLevelLog(log);
    expect(r.problems).toEqual([expect.objectContaining({ offset: 0, problem: 'checksum mismatch' })]);
  });
});

describe('checkLevelFiles', () => {
  it('finds nothing wrong with a sound database, or a directory that holds none yet', async () => {
    expect(await checkLevelFiles(await database({ flushed: true }))).toEqual([]);
    expect(await checkLevelFiles(join(await database(), 'not-yet'))).toEqual([]);
  });

  it.each([
    ['a truncated table', async (dir: string, t: string) => truncate(join(dir, t), 100), /is truncated: 100 of \d+ bytes/],
    ['a missing table', async (dir: string, t: string) => rm(join(dir, t)), /is missing \(the MANIFEST lists it/],
    ['a table whose end is overwritten', async (dir: string, t: string) => overwrite(join(dir, t), (await stat(join(dir, t))).size - 8, new Uint8Array(8)), /no valid table footer/],
  ])('reports %s, naming the file', async (_what, damage, problem) => {
    const dir = await database({ flushed: true });
    const [table] = await tableFiles(dir);
    await damage(dir, table!);
    expect(await checkLevelFiles(dir)).toEqual([{ file: table, problem: expect.stringMatching(problem) }]);
  });

  it('reports a missing CURRENT while database files are present', async () => {
    const dir = await database({ flushed: true });
    await rm(join(dir, 'CURRENT'));
    expect(await checkLevelFiles(dir)).toEqual([{ file: 'CURRENT', problem: expect.stringContaining('is missing') }]);
  });
});

describe('a refused open changes nothing on disk', () => {
  it.each([
    ['a truncated table', async (dir: string) => truncate(join(dir, (await tableFiles(dir))[0]!), 100), 'CORRUPT'],
    ['a deleted table', async (dir: string) => rm(join(dir, (await tableFiles(dir))[0]!)), 'CORRUPT'],
    ['a damaged log record', async (dir: string) => overwrite(await logOf(dir), 40, new Uint8Array([1, 2, 3])), 'CORRUPT'],
    ['a missing CURRENT', async (dir: string) => rm(join(dir, 'CURRENT')), 'CORRUPT'],
  ])('%s: refused before LevelDB writes a byte (MANIFEST, CURRENT, LOG and the logs untouched)', async (_what, damage, code) => {
    const dir = await database({ batches: 2, flushed: true });
    const store = await ChainStore.open(dir); // writes in the log beside the table
    await store.write([{ type: 'put', key: 'k/late', value: new Uint8Array(50) }]);
    await store.write([{ type: 'put', key: 'k/later', value: new Uint8Array(50) }]);
    await store.close();
    await damage(dir);
    const before = await snapshotFiles(dir);
    await expect(ChainStore.open(dir)).rejects.toMatchObject({ name: 'StoreError', code, message: expect.stringContaining('tesnode repair') });
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('another opener of this process: LOCKED, and the holder keeps its info log', async () => {
    const dir = await database();
    const holder = await ChainStore.open(dir);
    cleanups.push(() => holder.close());
    const before = await snapshotFiles(dir);
    await expect(ChainStore.open(dir)).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('--datadir') });
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('a file written in place of a database: refused, not overwritten', async () => {
    const dir = await makeTempDir();
    cleanups.push(() => removeDir(dir));
    await writeFile(join(dir, 'MANIFEST-000002'), 'not a manifest');
    await writeFile(join(dir, 'CURRENT'), 'MANIFEST-000002\n');
    const before = await snapshotFiles(dir);
    await expect(ChainStore.open(dir)).rejects.toMatchObject({ code: 'CORRUPT' });
    expect(await snapshotFiles(dir)).toEqual(before);
  });
});
