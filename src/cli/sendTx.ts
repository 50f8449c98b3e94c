import { addressFromPublicKey } from '../chain/address.ts';
import { toHex } from '../chain/bytes.ts';
import { getPublicKey } from '../chain/crypto/ed25519.ts';
import { encodeTx, signTx } from '../chain/tx.ts';
import { rpcCall } from '../rpc/client.ts';
import { CliError } from './output.ts';
import type { Payload } from '../chain/types.ts';

/** How a command signs and submits a transaction. */
export interface SendOptions {
  rpc: string;
  /** Fee in µTES; the node's minimum when absent. */
  fee?: bigint;
  /** Return once the node accepted it, without waiting for a block. */
  wait?: boolean;
  /** Give up waiting after this long. */
  timeoutMs?: number;
}

/** What happened to a submitted transaction. */
export interface SendResult {
  hash: string;
  status: 'pending' | 'included' | 'failed';
  blockHeight?: number;
  blockHash?: string;
  /** Position in the block: with the height, what market records use to name their origin. */
  index?: number;
  error?: string;
  message?: string;
  /** What the operation returned (ids it created, amounts), from the receipt. */
  result?: Record<string, unknown>;
  /** What happened, from the receipt. */
  events?: Array<Record<string, unknown>>;
}

/**
 * Builds, signs and submits a transaction through RPC: the chain id and minimum fee
 * come from node_info, the nonce from the account's pending nonce. By default it waits
 * until the transaction is in a block and reports whether it succeeded there.
 */
export async function sendTx(secret: Uint8Array, kind: string, payload: Payload, opts: SendOptions): Promise<SendResult> {
  const info = await rpcCall<{ chainId: string; params: { minFee: string } }>(opts.rpc, 'node_info');
  const pub = getPublicKey(secret);
  const acct = await rpcCall<{ pendingNonce: number }>(opts.rpc, 'state_account', { address: addressFromPublicKey(pub) });
  const tx = signTx({ chainId: info.chainId, from: pub, nonce: acct.pendingNonce, fee: opts.fee ?? BigInt(info.params.minFee), kind, payload }, secret);
  const { hash } = await rpcCall<{ hash: string }>(opts.rpc, 'tx_send', { tx: toHex(encodeTx(tx)) });
  if (opts.wait === false) return { hash, status: 'pending' };
  return waitForTx(opts.rpc, hash, opts.timeoutMs ?? 120_000);
}

/** Polls tx_get until the transaction is in a block, or the deadline passes. */
export async function waitForTx(rpc: string, hash: string, timeoutMs: number): Promise<SendResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await rpcCall<SendResult>(rpc, 'tx_get', { hash });
    if (r.status !== 'pending') {
      return { hash, status: r.status, blockHeight: r.blockHeight!, blockHash: r.blockHash!, index: r.index!, result: r.result ?? {}, events: r.events ?? [], ...(r.error ? { error: r.error, message: r.message! } : {}) };
    }
    if (Date.now() > deadline) {
      throw new CliError('TIMEOUT', `transaction ${hash} is still pending after ${Math.round(timeoutMs / 1000)} s: is the node mining? Check later with \`tesnode tx ${hash}\``);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One line describing a send's outcome. */
export function describeSend(r: SendResult): string {
  if (r.status === 'pending') return `submitted ${r.hash} (not waiting for a block)`;
  if (r.status === 'failed') return `transaction ${r.hash} was mined in block ${r.blockHeight} but FAILED: ${r.error}: ${r.message}`;
  return `transaction ${r.hash} included in block ${r.blockHeight}`;
}
