import { loadKey, type LoadedKey } from '../wallet/keystore.ts';
import { resolvePassword, PASSWORD_ENV } from '../wallet/password.ts';
import { isWalletError } from '../wallet/walletError.ts';

/** Where a command finds a wallet and its password. */
export interface UnlockOptions {
  keystore: string;
  passwordFile?: string;
}

/**
 * Decrypts a wallet: with --password-file or TESNODE_PASSWORD when given; otherwise the
 * empty password of a dev wallet is tried first, and only then is the user prompted.
 */
export async function unlockWallet(name: string, opts: UnlockOptions): Promise<LoadedKey> {
  const explicit = opts.passwordFile !== undefined || (process.env[PASSWORD_ENV] ?? '') !== '';
  if (!explicit) {
    try {
      return await loadKey({ dir: opts.keystore, name, password: '' });
    } catch (err) {
      if (!isWalletError(err, 'BAD_PASSWORD')) throw err;
    }
  }
  const password = await resolvePassword({ ...(opts.passwordFile !== undefined ? { passwordFile: opts.passwordFile } : {}), promptText: `Password for wallet '${name}': ` });
  return loadKey({ dir: opts.keystore, name, password });
}
