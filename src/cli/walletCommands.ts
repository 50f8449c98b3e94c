import { addressFromPublicKey, addressToBytes, isAddress } from '../chain/address.ts';
import { generateSecretKey, getPublicKey } from '../chain/crypto/ed25519.ts';
import { rpcCall } from '../rpc/client.ts';
import { formatTes, parseTes } from '../chain/units.ts';
import { listKeys, saveKey, scanKeystore } from '../wallet/keystore.ts';
import { resolvePassword } from '../wallet/password.ts';
import { CliError, emit, table, type OutputOptions } from './output.ts';
import { describeSend, sendTx } from './sendTx.ts';
import { unlockWallet } from './unlock.ts';

/** Options shared by wallet commands. */
export interface WalletOptions extends OutputOptions {
  keystore: string;
  passwordFile?: string;
  rpc: string;
}

/** `wallet new NAME`: a fresh key, encrypted in the keystore. */
export async function walletNew(name: string, opts: WalletOptions): Promise<void> {
  const password = await resolvePassword({ ...(opts.passwordFile !== undefined ? { passwordFile: opts.passwordFile } : {}), confirm: true, promptText: `New password for wallet '${name}': ` });
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

/** `wallet address NAME`. */
export async function walletAddress(name: string, opts: WalletOptions): Promise<void> {
  const address = await resolveAddress(name, opts.keystore);
  emit(opts, { name, address }, address);
}

/** `wallet balance NAME|ADDRESS`: balance and nonce from the node. */
export async function walletBalance(who: string, opts: WalletOptions): Promise<void> {
  const address = await resolveAddress(who, opts.keystore);
  const acct = await rpcCall<{ address: string; balance: string; nonce: number; pendingTxs: number }>(opts.rpc, 'state_account', { address });
  emit(opts, acct, table([
    ['address', acct.address],
    ['balance', `${formatTes(BigInt(acct.balance))} TES (${acct.balance} µTES)`],
    ['nonce', acct.nonce],
    ['pending', acct.pendingTxs],
  ]));
}

/** `wallet send --from NAME --to ADDR --amount TES`. */
export async function walletSend(opts: WalletOptions & { from: string; to: string; amount: string; fee?: string; wait: boolean }): Promise<void> {
  const to = await resolveAddress(opts.to, opts.keystore);
  const amount = parseTes(opts.amount);
  const fee = opts.fee !== undefined ? parseFee(opts.fee) : undefined;
  const key = await unlockWallet(opts.from, opts);
  const r = await sendTx(key.secret, 'transfer', { to: addressToBytes(to), amount }, { rpc: opts.rpc, wait: opts.wait, ...(fee !== undefined ? { fee } : {}) });
  emit(opts, { ...r, from: key.address, to, amount: amount.toString() }, describeSend(r));
  if (r.status === 'failed') process.exitCode = 1;
}

/** Fees on the command line are whole µTES. */
export function parseFee(text: string): bigint {
  if (!/^\d{1,18}$/.test(text)) throw new CliError('BAD_FEE', `--fee ${JSON.stringify(text)} must be a whole number of µTES, e.g. --fee 100`);
  return BigInt(text);
}
