import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasKey, listKeys, loadKey, saveKey, scanKeystore } from '../../../src/wallet/keystore.ts';
import { WalletError } from '../../../src/wallet/walletError.ts';

// Low scrypt cost keeps the suite fast; one test exercises the default.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const ADDRESS = 'tes1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk35lkxyfqyrz4';
const isPosix = process.platform !== 'win32';

async function rejection(p: Promise<unknown>): Promise<WalletError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError, but the promise resolved');
}

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tesnode-keystore-'));
  dir = join(root, 'nested', 'keystore');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function save(name = 'alice', extra: Partial<Parameters<typeof saveKey>[0]> = {}): Promise<string> {
  return saveKey({ dir, name, secret: SECRET, address: ADDRESS, password: 'correct horse', kdf: FAST, ...extra });
}

async function editFile(file: string, edit: (json: any) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

describe('saveKey / loadKey', () => {
  it('round-trips the secret and address', async () => {
    const file = await save();
    expect(file).toBe(join(dir, 'alice.json'));
    const key = await loadKey({ dir, name: 'alice', password: 'correct horse' });
    expect(key.name).toBe('alice');
    expect(key.address).toBe(ADDRESS);
    expect(Array.from(key.secret)).toEqual(Array.from(SECRET));
  });

  it('writes the documented v1 format without the secret in clear', async () => {
    const file = await save();
    const text = await readFile(file, 'utf8');
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(['version', 'name', 'address', 'crypto', 'createdAt']);
    expect(json).toMatchObject({ version: 1, name: 'alice', address: ADDRESS });
    expect(json.crypto).toMatchObject({ kdf: 'scrypt', cipher: 'aes-256-gcm', kdfparams: { N: 1024, r: 8, p: 1, dklen: 32 } });
    expect(json.crypto.kdfparams.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(json.crypto.iv).toMatch(/^[0-9a-f]{24}$/);
    expect(json.crypto.ciphertext).toMatch(/^[0-9a-f]{64}$/);
    expect(json.crypto.tag).toMatch(/^[0-9a-f]{32}$/);
    expect(json.crypto.check).toMatch(/^[0-9a-f]{32}$/);
    expect(new Date(json.createdAt).toISOString()).toBe(json.createdAt);
    expect(text).not.toContain(Buffer.from(SECRET).toString('hex'));
  });

  it('uses fresh salt and iv for every key', async () => {
    await save('a');
    await save('b');
    const a = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8'));
    const b = JSON.parse(await readFile(join(dir, 'b.json'), 'utf8'));
    expect(a.crypto.kdfparams.salt).not.toBe(b.crypto.kdfparams.salt);
    expect(a.crypto.iv).not.toBe(b.crypto.iv);
    expect(a.crypto.ciphertext).not.toBe(b.crypto.ciphertext);
  });

  it('defaults to scrypt N=2^15 r=8 p=1', async () => {
    await saveKey({ dir, name: 'slow', secret: SECRET, address: ADDRESS, password: 'pw' });
    const json = JSON.parse(await readFile(join(dir, 'slow.json'), 'utf8'));
    expect(json.crypto.kdfparams).toMatchObject({ N: 32768, r: 8, p: 1, dklen: 32 });
    const key = await loadKey({ dir, name: 'slow', password: 'pw' });
    expect(Array.from(key.secret)).toEqual(Array.from(SECRET));
  });

  it.runIf(isPosix)('creates the directory 0700 and the file 0600', async () => {
    const file = await save();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp files behind', async () => {
    await save('a');
    await rejection(save('a'));
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('refuses to overwrite an existing name and keeps the old key', async () => {
    await save();
    const err = await rejection(save('alice', { password: 'other', secret: new Uint8Array(32) }));
    expect(err.code).toBe('EXISTS');
    expect(err.message).toContain("wallet 'alice' already exists");
    const key = await loadKey({ dir, name: 'alice', password: 'correct horse' });
    expect(Array.from(key.secret)).toEqual(Array.from(SECRET));
  });

  it('lets exactly one of two concurrent saves of the same name win', async () => {
    await mkdir(dir, { recursive: true });
    const results = await Promise.allSettled([save('race', { password: 'one' }), save('race', { password: 'two' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: 'EXISTS' });
    expect(await readdir(dir)).toEqual(['race.json']);
  });

  it.each(['', 'a b', '../evil', 'a/b', 'x.json', 'ünï', 'a'.repeat(65), '.hidden'])('rejects name %j', async (name) => {
    expect((await rejection(save(name))).code).toBe('BAD_NAME');
    expect((await rejection(loadKey({ dir, name, password: 'x' }))).code).toBe('BAD_NAME');
    expect((await rejection(hasKey(dir, name))).code).toBe('BAD_NAME');
  });

  it('accepts names at the limits of the pattern', async () => {
    await save('a');
    await save('Z_9-'.repeat(16));
    expect(await hasKey(dir, 'Z_9-'.repeat(16))).toBe(true);
  });

  it('validates secret, address, password and kdf params', async () => {
    expect((await rejection(save('s', { secret: new Uint8Array(31) }))).code).toBe('BAD_SECRET');
    expect((await rejection(save('s', { address: '' }))).code).toBe('BAD_ADDRESS');
    expect((await rejection(save('s', { address: 'has space' }))).code).toBe('BAD_ADDRESS');
    expect((await rejection(save('s', { password: '' }))).code).toBe('EMPTY_PASSWORD');
    expect((await rejection(save('s', { kdf: { N: 1000, r: 8, p: 1 } }))).code).toBe('BAD_KDF');
    expect((await rejection(save('s', { kdf: { N: 2 ** 20, r: 8, p: 1 } }))).code).toBe('BAD_KDF');
    expect((await rejection(save('s', { kdf: { N: 1024, r: 0, p: 1 } }))).code).toBe('BAD_KDF');
    expect(await hasKey(dir, 's')).toBe(false);
  });

  it('reports a wrong password as BAD_PASSWORD', async () => {
    await save();
    const err = await rejection(loadKey({ dir, name: 'alice', password: 'wrong horse' }));
    expect(err.code).toBe('BAD_PASSWORD');
    expect(err.message).toContain("wrong password for wallet 'alice'");
  });

  it('treats NFC and NFD spellings of a password as the same', async () => {
    await save('accent', { password: 'caf\u00e9' });
    const key = await loadKey({ dir, name: 'accent', password: 'cafe\u0301' });
    expect(key.address).toBe(ADDRESS);
  });

  it('reports a missing wallet as NOT_FOUND with the fix', async () => {
    const err = await rejection(loadKey({ dir, name: 'bob', password: 'x' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(`wallet 'bob' not found in ${dir}: create it with \`tesnode wallet new bob\` or pass --keystore DIR`);
  });
});

describe('loadKey on damaged files', () => {
  async function corruptCode(edit: (json: any) => void): Promise<WalletError> {
    const file = await save();
    await editFile(file, edit);
    const err = await rejection(loadKey({ dir, name: 'alice', password: 'correct horse' }));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain(file);
    return err;
  }

  it('fails to decrypt when the address was edited', async () => {
    const err = await corruptCode((j) => {
      j.address = 'tes1attackeraddress';
    });
    expect(err.message).toMatch(/altered/);
  });

  it('fails to decrypt when the ciphertext or tag was edited', async () => {
    await corruptCode((j) => {
      j.crypto.ciphertext = (j.crypto.ciphertext[0] === '0' ? '1' : '0') + j.crypto.ciphertext.slice(1);
    });
    await rm(join(dir, 'alice.json'));
    await corruptCode((j) => {
      j.crypto.tag = (j.crypto.tag[0] === '0' ? '1' : '0') + j.crypto.tag.slice(1);
    });
  });

  it.each<[string, (j: any) => void, RegExp]>([
    ['version', (j) => (j.version = 2), /unsupported version 2/],
    ['name', (j) => (j.name = 'mallory'), /"mallory"/],
    ['kdf', (j) => (j.crypto.kdf = 'pbkdf2'), /unsupported kdf/],
    ['cipher', (j) => (j.crypto.cipher = 'aes-128-cbc'), /unsupported cipher/],
    ['huge N', (j) => (j.crypto.kdfparams.N = 2 ** 30), /kdfparams: N=/],
    ['N not power of 2', (j) => (j.crypto.kdfparams.N = 1000), /power of two/],
    ['dklen', (j) => (j.crypto.kdfparams.dklen = 16), /dklen/],
    ['short iv', (j) => (j.crypto.iv = 'abcd'), /iv/],
    ['upper-case hex', (j) => (j.crypto.tag = j.crypto.tag.toUpperCase().replace(/^[0-9]/, 'A')), /tag/],
    ['long ciphertext', (j) => (j.crypto.ciphertext += '00'), /ciphertext/],
    ['missing crypto', (j) => delete j.crypto, /crypto/],
    ['missing check', (j) => delete j.crypto.check, /check/],
    ['address type', (j) => (j.address = 42), /address/],
  ])('rejects a bad %s', async (_label, edit, pattern) => {
    const err = await corruptCode(edit);
    expect(err.message).toMatch(pattern);
  });

  it('rejects non-JSON, non-object and oversized files', async () => {
    await mkdir(dir, { recursive: true });
    const cases: Array<[string, string | Buffer]> = [
      ['{"version":1,', 'not valid JSON'],
      ['[1,2]', 'not a JSON object'],
      ['null', 'not a JSON object'],
    ];
    for (const [text, why] of cases) {
      await writeFile(join(dir, 'x.json'), text);
      const err = await rejection(loadKey({ dir, name: 'x', password: 'pw' }));
      expect(err.code).toBe('CORRUPT');
      expect(err.message).toContain(why as string);
    }
    await writeFile(join(dir, 'x.json'), Buffer.alloc(65 * 1024, 0x20));
    const err = await rejection(loadKey({ dir, name: 'x', password: 'pw' }));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/bytes/);
  });
});

describe('listKeys / scanKeystore / hasKey', () => {
  it('returns [] for a missing directory', async () => {
    expect(await listKeys(join(root, 'nope'))).toEqual([]);
    expect(await scanKeystore(join(root, 'nope'))).toEqual({ keys: [], problems: [] });
    expect(await hasKey(join(root, 'nope'), 'alice')).toBe(false);
  });

  it('lists keys sorted by name with their addresses, without a password', async () => {
    await save('carol', { address: 'tes1carol' });
    await save('alice', { address: 'tes1alice' });
    await save('Bob', { address: 'tes1bob' });
    expect(await listKeys(dir)).toEqual([
      { name: 'Bob', address: 'tes1bob', file: join(dir, 'Bob.json') },
      { name: 'alice', address: 'tes1alice', file: join(dir, 'alice.json') },
      { name: 'carol', address: 'tes1carol', file: join(dir, 'carol.json') },
    ]);
  });

  it('skips but reports broken key files, and ignores other files', async () => {
    await save('good');
    await writeFile(join(dir, 'broken.json'), '{oops');
    await writeFile(join(dir, 'README.txt'), 'hello');
    await writeFile(join(dir, '.good.123.abc.tmp'), 'half a key');
    await writeFile(join(dir, 'bad name.json'), '{}');
    const { keys, problems } = await scanKeystore(dir);
    expect(keys.map((k) => k.name)).toEqual(['good']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: join(dir, 'broken.json'), code: 'CORRUPT' });
    expect(problems[0]?.message).toContain('not valid JSON');
    expect((await listKeys(dir)).map((k) => k.name)).toEqual(['good']);
  });

  it('hasKey reflects saved keys', async () => {
    expect(await hasKey(dir, 'alice')).toBe(false);
    await save();
    expect(await hasKey(dir, 'alice')).toBe(true);
  });
});
