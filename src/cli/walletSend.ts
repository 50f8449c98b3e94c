import { addressToBytes } from '../chain/address.ts';
import { formatTes, parseTes } from '../chain/units.ts';
import { rpcCall } from '../rpc/client.ts';
import { CliError, emit } from './output.ts';
import { describeSend, sendTx } from './sendTx.ts';
import { unlockWallet } from './unlock.ts';
import { parseFee, resolveAddress, type AccountJson, type WalletOptions } from './walletCommands.ts';

/** Options of `wallet send`. */
export interface WalletSendOptions extends WalletOptions {
  from: string;
  to: string;
  amount: string;
  fee?: string;
  wait: boolean;
}

/**
 * `wallet send --from NAME --to ADDR --amount TES`. Everything that can be known before
 * signing is checked first, in the unit the user typed: a zero amount, and whether the
 * balance covers amount + fee (the error says the most that can be sent). Nothing is
 * signed, and no password asked for, when the transfer would fail.
 */
export async function walletSend(opts: WalletSendOptions): Promise<void> {
  const amount = parseTes(opts.amount);
  if (amount === 0n) throw new CliError('BAD_AMOUNT', '--amount must be more than 0 TES: a transfer of nothing would still cost the fee');
  const to = await resolveAddress(opts.to, opts.keystore);
  const fromAddress = await resolveAddress(opts.from, opts.keystore);
  const info = await rpcCall<{ params: { minFee: string } }>(opts.rpc, 'node_info');
  const fee = opts.fee !== undefined ? parseFee(opts.fee) : BigInt(info.params.minFee);
  const acct = await rpcCall<AccountJson>(opts.rpc, 'state_account', { address: fromAddress });
  requireFunds(opts.from, BigInt(acct.balance), amount, fee);
  const key = await unlockWallet(opts.from, opts);
  const r = await sendTx(key.secret, 'transfer', { to: addressToBytes(to), amount }, { rpc: opts.rpc, wait: opts.wait, fee });
  emit(opts, { ...r, from: key.address, to, amount: amount.toString() }, describeSend(r));
  if (r.status === 'failed') process.exitCode = 1;
}

/** Refuses a transfer the balance cannot cover, saying in TES the most that can be sent. */
export function requireFunds(who: string, balance: bigint, amount: bigint, fee: bigint): void {
  if (amount + fee <= balance) return;
  const most = balance > fee ? balance - fee : 0n;
  const can = most > 0n ? `the most it can send is ${formatTes(most)} TES` : `it cannot even pay the fee of ${formatTes(fee)} TES`;
  throw new CliError('INSUFFICIENT_FUNDS', `insufficient funds: '${who}' holds ${formatTes(balance)} TES and sending ${formatTes(amount)} TES costs a fee of ${formatTes(fee)} TES on top; ${can}`);
}
