import { addressToBytes, isAddress } from '../chain/address.ts';
import { formatTes } from '../chain/units.ts';
import { listKeys, saveKey, scanKeystore } from '../wallet/keystore.ts';
import { resolvePassword } from '../wallet/password.ts';
import { CliError, emit, table, type OutputOptions } from './output.ts';

/**
 * The wallet commands that answer at once: new, list, address, balance (send is in
 * walletSend.ts, with the transaction code it needs). Key generation is imported only
 * by `wallet new` and the RPC client only by `wallet balance`, so listing wallets loads
 * neither curve arithmetic nor Node's HTTP stack.
 */

/** Options shared by wallet commands. */
export interface WalletOptions extends OutputOptions {
  keystore: string;
  passwordFile?: string;
  rpc: string;
}

/** `wallet new NAME`: a fresh key, encrypted in the keystore. */
export async function walletNew(name: string, opts: WalletOptions): Promise<void> {
  const password = await resolvePassword({ ...(opts.passwordFile !== undefined ? { passwordFile: opts.passwordFile } : {}), confirm: true, promptText: `New password for wallet '${name}': `, wallet: name });
  const { generateSecretKey, getPublicKey } = await import('../chain/crypto/ed25519.ts');
  const { addressFromPublicKey } = await import('../chain/address.ts');
  const secret = generateSecretKey();
  const address = addressFromPublicKey(getPublicKey(secret));
  const file = await saveKey({ dir: opts.keystore, name, secret, address, password });
  emit(opts, { name, address, file }, `created wallet '${name}'\naddress: ${address}\nfile:    ${file}`);
}

/** `wallet list`: names and addresses in the keystore. */
export async function walletList(opts: WalletOptions): Promise<void> {
  const { keys, problems } = await scanKeystore(opts.keystore);
  emit(opts, { keystore: opts.keystore, wallets: keys.map((k) => ({ name: k.name, address: k.address })), problems }, () => {
    if (!keys.length) return `no wallets in ${opts.keystore}: create one with \`tesnode wallet new NAME\``;
    const w = Math.max(...keys.map((k) => k.name.length));
    const lines = keys.map((k) => `${k.name.padEnd(w)}  ${k.address}`);
    for (const p of problems) lines.push(`(skipped ${p.file}: ${p.message})`);
    return lines.join('\n');
  });
}

/** Resolves a wallet name or a literal address to an address. */
export async function resolveAddress(nameOrAddress: string, keystore: string): Promise<string> {
  if (isAddress(nameOrAddress)) return nameOrAddress;
  if (nameOrAddress.startsWith('tes1')) addressToBytes(nameOrAddress); // throws the precise address error
  const found = (await listKeys(keystore)).find((k) => k.name === nameOrAddress);
  if (!found) throw new CliError('NOT_FOUND', `'${nameOrAddress}' is neither an address nor a wallet in ${keystore}: see \`tesnode wallet list\``);
  return found.address;
}

/** The wallet name of an address in the keystore, if there is one (for "buyer bea" in output). */
export async function walletNameOf(address: string, keystore: string): Promise<string | undefined> {
  try {
    return (await listKeys(keystore)).find((k) => k.address === address)?.name;
  } catch {
    return undefined; // no keystore: addresses stay addresses
  }
}

/** `wallet address NAME`. */
export async function walletAddress(name: string, opts: WalletOptions): Promise<void> {
  const address = await resolveAddress(name, opts.keystore);
  emit(opts, { name, address }, address);
}

/** An account as `state_account` returns it. */
export interface AccountJson {
  address: string;
  balance: string;
  nonce: number;
  pendingNonce: number;
  pendingTxs: number;
}

/** `wallet balance NAME|ADDRESS`: balance and nonce from the node. */
export async function walletBalance(who: string, opts: WalletOptions): Promise<void> {
  const address = await resolveAddress(who, opts.keystore);
  // The RPC client (and Node's HTTP stack) is loaded only by the commands that call the node.
  const { rpcCall } = await import('../rpc/client.ts');
  const acct = await rpcCall<AccountJson>(opts.rpc, 'state_account', { address });
  emit(opts, acct, table([
    ['address', acct.address],
    ['balance', `${formatTes(BigInt(acct.balance))} TES (${acct.balance} µTES)`],
    ['nonce', acct.nonce],
    ['pending', acct.pendingTxs],
  ]));
}

/** Fees on the command line are whole µTES. */
export function parseFee(text: string): bigint {
  if (!/^\d{1,18}$/.test(text)) throw new CliError('BAD_FEE', `--fee ${JSON.stringify(text)} must be a whole number of µTES, e.g. --fee 100`);
  return BigInt(text);
}
