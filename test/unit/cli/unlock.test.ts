/**
 * The dev-wallet rule: `dev` and `authority` open with the empty password whatever
 * TESNODE_PASSWORD says, so one TESNODE_PASSWORD serves the user's own wallets; a
 * dev-named wallet that has a password gets a wrong-password message stating the rule;
 * an empty TESNODE_PASSWORD for a wallet with a password says what to do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveKey } from '../../../src/wallet/keystore.ts';
import { unlockWallet } from '../../../src/cli/unlock.ts';
import { addressFromPublicKey } from '../../../src/chain/address.ts';
import { getPublicKey } from '../../../src/chain/crypto/ed25519.ts';

// Cheap scrypt: these tests are about which password is tried, not about the KDF.
const KDF = { N: 2 ** 4, r: 8, p: 1 };

async function save(dir: string, name: string, password: string, seed: number): Promise<string> {
  const secret = new Uint8Array(32).fill(seed);
  const address = addressFromPublicKey(getPublicKey(secret));
  await saveKey({ dir, name, secret, address, password, allowEmptyPassword: true, kdf: KDF });
  return address;
}

describe('dev-wallet rule', () => {
  let dir: string;
  const saved = process.env.TESNODE_PASSWORD;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tesnode-unlock-'));
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.TESNODE_PASSWORD;
    else process.env.TESNODE_PASSWORD = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('one TESNODE_PASSWORD opens the user\'s wallet while dev and authority open with the empty one', async () => {
    const dev = await save(dir, 'dev', '', 1);
    const authority = await save(dir, 'authority', '', 2);
    const alice = await save(dir, 'alice', 'alice-secret', 3);
    process.env.TESNODE_PASSWORD = 'alice-secret';
    expect((await unlockWallet('alice', { keystore: dir })).address).toBe(alice);
    expect((await unlockWallet('dev', { keystore: dir })).address).toBe(dev);
    expect((await unlockWallet('authority', { keystore: dir })).address).toBe(authority);
  });

  it('a dev wallet made with a password still opens with it, and a wrong one is told the rule', async () => {
    await save(dir, 'dev', 'old-password', 1);
    process.env.TESNODE_PASSWORD = 'old-password';
    await expect(unlockWallet('dev', { keystore: dir })).resolves.toBeDefined();
    process.env.TESNODE_PASSWORD = 'something-else';
    await expect(unlockWallet('dev', { keystore: dir })).rejects.toThrow(/wrong password for wallet 'dev': the dev and authority wallets that `tesnode start --dev` creates have the empty password, but this one was made with a password/);
  });

  it('an empty TESNODE_PASSWORD for a wallet with a password says so, and what to do', async () => {
    await save(dir, 'alice', 'alice-secret', 3);
    process.env.TESNODE_PASSWORD = '';
    const err = await unlockWallet('alice', { keystore: dir }).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code: 'NO_PASSWORD' });
    expect((err as Error).message).toMatch(/^TESNODE_PASSWORD is set but empty, and wallet 'alice' has a password/);
    expect((err as Error).message).toMatch(/set TESNODE_PASSWORD to its password, or pass --password-file FILE/);
  });
});
