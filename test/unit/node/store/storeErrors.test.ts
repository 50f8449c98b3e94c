/**
 * Each storage failure gets its own code and a message naming the fix, and a write
 * that fails (a full disk, injected at the store boundary as LevelDB reports it) leaves
 * the chain where it was and stops it building on the store.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Level } from 'level';
import { storeErrorFrom, StoreError } from '../../../../src/node/store/storeError.ts';
import { ChainStore } from '../../../../src/node/store/chainStore.ts';
import { verifyStore } from '../../../../src/node/chain/verifyStore.ts';
import { createTestGenesis, generateChain, makeTempDir, mineBlock, openTestChain, removeDir, DEFAULT_MINER } from '../../../helpers/testChain.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

/** An error shaped as classic-level raises it: a LEVEL_* code and LevelDB's own words. */
const levelError = (code: string, message: string) => Object.assign(new Error(message), { code });
/** classic-level's open failure wraps the cause. */
const openError = (code: string, message: string) => Object.assign(new Error('Database failed to open'), { code: 'LEVEL_DATABASE_NOT_OPEN', cause: levelError(code, message) });

describe('storeErrorFrom', () => {
  const dir = '/srv/tes/db';
  it.each([
    ['a lock file this user may not open (LevelDB calls it a lock error)', openError('LEVEL_LOCKED', `IO error: lock ${dir}/LOCK: Permission denied`), 'PERMISSION_DENIED', /chown|chmod/],
    ['a lock another process holds', openError('LEVEL_LOCKED', `IO error: lock ${dir}/LOCK: Resource temporarily unavailable`), 'LOCKED', /stop the other tesnode/],
    ['a read-only file system', openError('LEVEL_IO_ERROR', `IO error: ${dir}/000012.log: Read-only file system`), 'READ_ONLY', /remount it read-write/],
    ['a full disk on write', levelError('LEVEL_IO_ERROR', `IO error: ${dir}/000012.log: No space left on device`), 'DISK_FULL', /free space/],
    ['a full disk reported by the system', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 'DISK_FULL', /free space/],
    ['a damaged table', levelError('LEVEL_CORRUPTION', 'Corruption: corrupted compressed block contents'), 'CORRUPT', /tesnode verify-store --datadir \/srv\/tes.*tesnode repair --datadir \/srv\/tes/],
    ['another disk failure', levelError('LEVEL_IO_ERROR', `IO error: ${dir}/000005.ldb: Input/output error`), 'IO_ERROR', /dmesg/],
  ])('%s → %s, naming the fix', (_what, err, code, fix) => {
    const e = storeErrorFrom(err, dir, 'writing 12 records');
    expect(e).toBeInstanceOf(StoreError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(fix);
    expect(e.message).toContain(dir);
  });
});

describe('a full disk at the store boundary', () => {
  it('fails the import with DISK_FULL, keeps the head, and refuses further imports until a restart', async () => {
    const { genesis } = createTestGenesis();
    const dir = await makeTempDir();
    cleanups.push(() => removeDir(dir));
    const tc = await openTestChain(genesis, dir);
    await generateChain(tc.chain, 2);
    const head = tc.chain.head;
    const block = await mineBlock(tc.chain, undefined, DEFAULT_MINER.secret);
    const faults: StoreError[] = [];
    tc.chain.on('fault', (e) => faults.push(e));

    const batch = vi.spyOn(Level.prototype as unknown as { _batch: () => Promise<void> }, '_batch').mockRejectedValue(levelError('LEVEL_IO_ERROR', `IO error: ${dir}/000005.log: No space left on device`));
    await expect(tc.chain.importBlock(block)).rejects.toMatchObject({ name: 'StoreError', code: 'DISK_FULL', message: expect.stringMatching(/free space.*restart tesnode/) });
    expect(tc.chain.head).toBe(head);
    expect(faults.map((f) => f.code)).toEqual(['DISK_FULL']);
    batch.mockRestore();
    // LevelDB refuses every write after a failed one until it is reopened: so does the chain.
    await expect(tc.chain.importBlock(block)).rejects.toMatchObject({ code: 'DISK_FULL' });
    await tc.close();

    expect((await verifyStore({ dbDir: dir, genesis })).ok).toBe(true);
    const again = await openTestChain(genesis, dir);
    expect(again.chain.head.hash).toEqual(head.hash);
    expect((await again.chain.importBlock(block)).status).toBe('head');
    await again.close();
  });

  it('reports a failed plain write as DISK_FULL too', async () => {
    const dir = await makeTempDir();
    cleanups.push(() => removeDir(dir));
    const store = await ChainStore.open(dir);
    cleanups.push(() => store.close());
    vi.spyOn(Level.prototype as unknown as { _batch: () => Promise<void> }, '_batch').mockRejectedValue(levelError('LEVEL_IO_ERROR', `IO error: ${dir}/000003.log: No space left on device`));
    await expect(store.write([{ type: 'put', key: 'x', value: new Uint8Array([1]) }])).rejects.toMatchObject({ code: 'DISK_FULL' });
  });
});
