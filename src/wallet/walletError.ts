/**
 * Machine-readable reasons a wallet operation can fail. The CLI maps these to exit
 * codes and `--json` output; the message is for humans.
 */
export type WalletErrorCode =
  | 'BAD_AMOUNT'
  | 'BAD_NAME'
  | 'BAD_ADDRESS'
  | 'BAD_SECRET'
  | 'BAD_KDF'
  | 'EMPTY_PASSWORD'
  | 'EXISTS'
  | 'NOT_FOUND'
  | 'BAD_PASSWORD'
  | 'CORRUPT'
  | 'IO'
  | 'PASSWORD_FILE'
  | 'PASSWORD_MISMATCH'
  | 'NO_PASSWORD'
  | 'CANCELLED';

/**
 * The one error type thrown by src/wallet: `code` says what went wrong for programs,
 * `message` names the problem and how to fix it for people.
 */
export class WalletError extends Error {
  /** Stable reason code; see {@link WalletErrorCode}. */
  readonly code: WalletErrorCode;

  constructor(code: WalletErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WalletError';
    this.code = code;
  }
}

/** Whether `err` is a WalletError, optionally with the given code. */
export function isWalletError(err: unknown, code?: WalletErrorCode): err is WalletError {
  return err instanceof WalletError && (code === undefined || err.code === code);
}
