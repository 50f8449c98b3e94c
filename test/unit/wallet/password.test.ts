import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePassword } from '../../../src/wallet/password.ts';
import { WalletError } from '../../../src/wallet/walletError.ts';

async function rejection(p: Promise<unknown>): Promise<WalletError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError, but the promise resolved');
}

/** A scripted prompt: returns the given answers in order and records the questions. */
function scripted(...answers: string[]): { ask: (q: string) => Promise<string>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (q) => {
      asked.push(q);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected prompt ${q}`);
      return a;
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tesnode-password-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolvePassword from --password-file', () => {
  it.each([
    ['hunter2', 'hunter2'],
    ['hunter2\n', 'hunter2'],
    ['hunter2\r\n', 'hunter2'],
    ['hunter2\n\n', 'hunter2\n'],
    ['  spaced  \n', '  spaced  '],
    ['pässwörd 🔑\n', 'pässwörd 🔑'],
  ])('reads %j as %j', async (content, expected) => {
    const file = join(dir, 'pw');
    await writeFile(file, content);
    expect(await resolvePassword({ passwordFile: file, env: {}, prompt: false })).toBe(expected);
  });

  it('wins over the environment and the prompt', async () => {
    const file = join(dir, 'pw');
    await writeFile(file, 'from-file\n');
    const { ask, asked } = scripted('typed');
    expect(await resolvePassword({ passwordFile: file, env: { TESNODE_PASSWORD: 'from-env' }, ask })).toBe('from-file');
    expect(asked).toEqual([]);
  });

  it('names a missing file and does not fall back', async () => {
    const file = join(dir, 'missing');
    const err = await rejection(resolvePassword({ passwordFile: file, env: { TESNODE_PASSWORD: 'from-env' } }));
    expect(err.code).toBe('PASSWORD_FILE');
    expect(err.message).toBe(`password file ${file} not found: create it or fix the --password-file path`);
  });

  it('rejects a directory, an empty file and an oversized file', async () => {
    expect((await rejection(resolvePassword({ passwordFile: dir, env: {} }))).code).toBe('PASSWORD_FILE');
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    expect((await rejection(resolvePassword({ passwordFile: empty, env: {} }))).code).toBe('EMPTY_PASSWORD');
    const big = join(dir, 'big');
    await writeFile(big, Buffer.alloc(65 * 1024, 0x61));
    const err = await rejection(resolvePassword({ passwordFile: big, env: {} }));
    expect(err.code).toBe('PASSWORD_FILE');
    expect(err.message).toMatch(/too large/);
  });
});

describe('resolvePassword from TESNODE_PASSWORD', () => {
  it('uses the variable verbatim', async () => {
    expect(await resolvePassword({ env: { TESNODE_PASSWORD: ' s3cret \n' }, prompt: false })).toBe(' s3cret \n');
  });

  it('wins over the prompt', async () => {
    const { ask, asked } = scripted('typed');
    expect(await resolvePassword({ env: { TESNODE_PASSWORD: 'from-env' }, ask, confirm: true })).toBe('from-env');
    expect(asked).toEqual([]);
  });

  it('treats an empty variable as unset', async () => {
    const { ask } = scripted('typed');
    expect(await resolvePassword({ env: { TESNODE_PASSWORD: '' }, ask })).toBe('typed');
  });
});

describe('resolvePassword from a prompt', () => {
  it('asks once with the given text', async () => {
    const { ask, asked } = scripted('typed');
    expect(await resolvePassword({ env: {}, ask, promptText: 'Password for alice: ' })).toBe('typed');
    expect(asked).toEqual(['Password for alice: ']);
  });

  it('with confirm, asks twice and requires a match', async () => {
    const ok = scripted('same', 'same');
    expect(await resolvePassword({ env: {}, ask: ok.ask, confirm: true })).toBe('same');
    expect(ok.asked).toHaveLength(2);
    const bad = scripted('one', 'two');
    expect((await rejection(resolvePassword({ env: {}, ask: bad.ask, confirm: true }))).code).toBe('PASSWORD_MISMATCH');
  });

  it('rejects an empty answer', async () => {
    const { ask } = scripted('');
    expect((await rejection(resolvePassword({ env: {}, ask }))).code).toBe('EMPTY_PASSWORD');
  });

  it('throws NO_PASSWORD listing all three ways when prompting is off', async () => {
    const { ask, asked } = scripted('typed');
    const err = await rejection(resolvePassword({ env: {}, prompt: false, ask }));
    expect(err.code).toBe('NO_PASSWORD');
    expect(err.message).toContain('--password-file');
    expect(err.message).toContain('TESNODE_PASSWORD');
    expect(err.message).toContain('interactive terminal');
    expect(asked).toEqual([]);
  });
});
