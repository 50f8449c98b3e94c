import { loadKey, type LoadedKey } from '../wallet/keystore.ts';
import { resolvePassword, DEV_WALLET_NAMES, DEV_WALLET_RULE, PASSWORD_ENV } from '../wallet/password.ts';
import { WalletError, isWalletError } from '../wallet/walletError.ts';

/** Where a command finds a wallet and its password. */
export interface UnlockOptions {
  keystore: string;
  passwordFile?: string;
}

/**
 * Decrypts a wallet.
 * - `dev` and `authority` (the wallets of `tesnode start --dev`) are opened with the empty
 *   password, whatever TESNODE_PASSWORD says: one TESNODE_PASSWORD then serves the user's
 *   own wallets, with no switching per command. Only if such a wallet was made with a
 *   password (by hand, or by an older tesnode) are the usual sources tried, and a wrong
 *   password is reported with the rule.
 * - Any other wallet: --password-file, else TESNODE_PASSWORD, else a prompt. With neither
 *   given, the empty password is tried first (wallets a devnet made without a password).
 */
export async function unlockWallet(name: string, opts: UnlockOptions): Promise<LoadedKey> {
  const dev = DEV_WALLET_NAMES.includes(name);
  const explicit = opts.passwordFile !== undefined || (process.env[PASSWORD_ENV] ?? '') !== '';
  if (dev || !explicit) {
    try {
      return await loadKey({ dir: opts.keystore, name, password: '' });
    } catch (err) {
      if (!isWalletError(err, 'BAD_PASSWORD')) throw err;
    }
  }
  const password = await resolvePassword({ ...(opts.passwordFile !== undefined ? { passwordFile: opts.passwordFile } : {}), promptText: `Password for wallet '${name}': `, wallet: name });
  try {
    return await loadKey({ dir: opts.keystore, name, password });
  } catch (err) {
    if (dev && isWalletError(err, 'BAD_PASSWORD')) {
      throw new WalletError(
        'BAD_PASSWORD',
        `wrong password for wallet '${name}': ${DEV_WALLET_RULE}, but this one was made with a password (by hand, or by an older tesnode), and the one given does not open it: pass its password with --password-file FILE, or remove the dev chain's wallets and data (${opts.keystore}/dev.json, ${opts.keystore}/authority.json and the dev data directory) to start over`,
        { cause: err },
      );
    }
    throw err;
  }
}
