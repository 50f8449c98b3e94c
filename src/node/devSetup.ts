import { access } from 'node:fs/promises';
import { MODULES } from './modules.ts';
import { addressFromPublicKey } from '../chain/address.ts';
import { generateSecretKey, getPublicKey } from '../chain/crypto/ed25519.ts';
import { genesisToJson, paramsToJson, parseGenesis, type Genesis } from '../chain/genesis.ts';
import { DEVNET_DEFAULTS } from '../chain/params.ts';
import { createDevMarketGenesis, marketGenesisToJson } from '../market/index.ts';
import { certGenesisToJson } from '../certificates/config.ts';
import { createDevCertGenesis } from '../certificates/devGenesis.ts';
import { hasKey, listKeys, saveKey } from '../wallet/keystore.ts';
import { DEV_WALLET_NAMES } from '../wallet/password.ts';
import { ensureDataDir, writeFileAtomic, type DataDir } from './datadir.ts';
import type { Logger } from './logger.ts';

/** Names of the wallets a dev chain creates (src/wallet/password.ts: they have the empty password). */
export const DEV_WALLET = DEV_WALLET_NAMES[0]!;
export const AUTHORITY_WALLET = DEV_WALLET_NAMES[1]!;

/** µTES given to the dev wallet (1,000,000 TES) and the authority wallet (100,000 TES). */
const DEV_BALANCE = 1_000_000_000_000n;
const AUTHORITY_BALANCE = 100_000_000_000n;

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Creates a dev wallet, with the empty password, if the keystore has none of that name; returns its address. */
async function ensureWallet(keystore: string, name: string, log: Logger): Promise<string> {
  if (!(await hasKey(keystore, name))) {
    const secret = generateSecretKey();
    const address = addressFromPublicKey(getPublicKey(secret));
    await saveKey({ dir: keystore, name, secret, address, password: '', allowEmptyPassword: true });
    log.info(`created dev wallet '${name}' (empty password: dev chains only)`, { address, keystore });
  }
  const found = (await listKeys(keystore)).find((k) => k.name === name);
  if (!found) throw new Error(`wallet '${name}' could not be read back from ${keystore}`);
  return found.address;
}

/** The dev genesis: dev parameters, both wallets funded, every authority role on `authority`, a usable market. */
export function createDevGenesis(devAddress: string, authorityAddress: string, timestamp: number, chainId = 'tesnode-dev'): Genesis {
  return parseGenesis({
    chainId,
    timestamp,
    params: paramsToJson(DEVNET_DEFAULTS),
    alloc: [
      { address: devAddress, balance: DEV_BALANCE.toString() },
      { address: authorityAddress, balance: AUTHORITY_BALANCE.toString() },
    ],
    authorities: [{ address: authorityAddress, roles: ['validator', 'dispatcher', 'regulator', 'creditAgency', 'meter'] }],
    // Three regions in a line, the authority as the reserve, 30-second periods.
    market: marketGenesisToJson(createDevMarketGenesis(authorityAddress)),
    // Green certificates on dev time: compliance periods of one minute, fined a minute after they end.
    certificates: certGenesisToJson(createDevCertGenesis()),
  }, MODULES);
}

/**
 * Makes a dev chain usable on first start and reuses it afterwards: the `dev` and
 * `authority` wallets in the keystore, always with the empty password whatever
 * TESNODE_PASSWORD says (the dev-wallet rule of src/wallet/password.ts: a dev chain's
 * funds protect nothing, and one TESNODE_PASSWORD then serves the user's own wallets),
 * and a genesis.json funding them. Returns whether it created the genesis.
 */
export async function ensureDevSetup(opts: { dir: DataDir; keystore: string; log: Logger; now: number }): Promise<{ created: boolean }> {
  const { dir, keystore, log } = opts;
  const devAddress = await ensureWallet(keystore, DEV_WALLET, log);
  const authorityAddress = await ensureWallet(keystore, AUTHORITY_WALLET, log);
  await ensureDataDir(opts.dir);
  if (await exists(dir.genesisFile)) return { created: false };
  const genesis = createDevGenesis(devAddress, authorityAddress, opts.now);
  await writeFileAtomic(dir.genesisFile, JSON.stringify(genesisToJson(genesis), null, 2) + '\n');
  log.info('created dev genesis', { file: dir.genesisFile });
  return { created: true };
}
