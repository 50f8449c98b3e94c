/**
 * Base of every error a consensus rule raises for a bad transaction (TxError, MarketError,
 * VmError…). Inside a block such an error fails only that transaction (a receipt with
 * its code); any other exception out of the state transition marks the block invalid.
 */
export class RuleError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RuleError';
    this.code = code;
  }
}

/** Error codes for transactions: what is wrong and, in the message, how to fix it. */
export type TxErrorCode =
  | 'MALFORMED'
  | 'TOO_LARGE'
  | 'BAD_SIGNATURE'
  | 'WRONG_CHAIN'
  | 'UNKNOWN_KIND'
  | 'NONCE_TOO_LOW'
  | 'NONCE_GAP'
  | 'INSUFFICIENT_FUNDS'
  | 'FEE_TOO_LOW'
  | 'MEMPOOL_FULL'
  | 'ALREADY_KNOWN'
  | 'BAD_PAYLOAD'
  | 'NOT_FOUND';

/** A transaction was rejected; the message names the problem and the fix. */
export class TxError extends RuleError {
  declare readonly code: TxErrorCode;
  constructor(code: TxErrorCode, message: string) {
    super(code, message);
    this.name = 'TxError';
  }
}

/** Error codes for blocks, by validation layer. */
export type BlockErrorCode =
  | 'MALFORMED'
  | 'TOO_LARGE'
  | 'BAD_TX'
  | 'BAD_TX_ROOT'
  | 'BAD_POW'
  | 'BAD_MINER_SIG'
  | 'UNKNOWN_PARENT'
  | 'BAD_HEIGHT'
  | 'TIME_TOO_OLD'
  | 'TIME_TOO_NEW'
  | 'BAD_TARGET'
  | 'BAD_STATE_ROOT'
  | 'BAD_RECEIPT_ROOT'
  | 'BAD_VERSION'
  | 'INVALID_TX'
  | 'KNOWN_INVALID';

/** A block was rejected. */
export class BlockError extends Error {
  readonly code: BlockErrorCode;
  constructor(code: BlockErrorCode, message: string) {
    super(message);
    this.name = 'BlockError';
    this.code = code;
  }
}
