/**
 * What an error from the chain says about the peer that sent the data. Only provably bad
 * data counts against a peer; a local fault (store error, bug) never does.
 */
import type { BlockErrorCode, TxErrorCode } from '../chain/chainError.ts';
import { errorCode } from './p2pError.ts';

/** How a block error is treated. */
export type BlockFault =
  | 'invalid' // the block breaks a rule anyone can check: the sender is at fault
  | 'unknown_parent' // fetch its ancestors
  | 'not_yet' // from the future: may become valid, not misbehaviour
  | 'known_invalid' // already judged; an honest relay may not have known yet
  | 'local'; // our own failure

const INVALID_BLOCK: ReadonlySet<BlockErrorCode> = new Set<BlockErrorCode>([
  'MALFORMED',
  'TOO_LARGE',
  'BAD_TX',
  'BAD_TX_ROOT',
  'BAD_POW',
  'BAD_MINER_SIG',
  'BAD_HEIGHT',
  'TIME_TOO_OLD',
  'BAD_TARGET',
  'BAD_STATE_ROOT',
  'BAD_VERSION',
  'INVALID_TX',
]);

/** Classifies an error thrown by ChainPort.importBlock or precheckBlock. */
export function classifyBlockError(err: unknown): BlockFault {
  const code = errorCode(err) as BlockErrorCode | undefined;
  if (code === 'UNKNOWN_PARENT') return 'unknown_parent';
  if (code === 'TIME_TOO_NEW') return 'not_yet';
  if (code === 'KNOWN_INVALID') return 'known_invalid';
  if (code !== undefined && INVALID_BLOCK.has(code) && (err as Error).name !== 'StoreError') return 'invalid';
  return 'local';
}

/** How a transaction error is treated. */
export type TxFault =
  | 'invalid' // malformed or badly signed: the sender is at fault
  | 'ignore' // valid but unwanted now (duplicate, stale nonce, pool full…)
  | 'local';

// Rules that hold whatever the state: a transaction failing them was never valid.
const INVALID_TX: ReadonlySet<TxErrorCode> = new Set<TxErrorCode>(['MALFORMED', 'TOO_LARGE', 'BAD_SIGNATURE', 'WRONG_CHAIN', 'UNKNOWN_KIND']);

/**
 * Classifies an error thrown by ChainPort.submitTx. Any other coded rule error (nonce,
 * funds, fee, full pool, or an operation's own check such as a market rule) depends on
 * the state and is ignored; an uncoded error or a store error is our own fault.
 */
export function classifyTxError(err: unknown): TxFault {
  const code = errorCode(err);
  if (code === undefined || (err as Error).name === 'StoreError') return 'local';
  if (INVALID_TX.has(code as TxErrorCode)) return 'invalid';
  return 'ignore';
}
