/**
 * Machine-readable reasons a key or signing operation can fail. Verification never
 * throws (it answers false), so these only come from key handling and signing.
 */
export type CryptoErrorCode = 'BAD_SECRET_KEY' | 'BAD_MESSAGE';

/**
 * The error thrown by src/chain/crypto: `code` says what went wrong for programs,
 * `message` names the problem and how to fix it for people.
 */
export class CryptoError extends Error {
  /** Stable reason code; see {@link CryptoErrorCode}. */
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** Whether `err` is a CryptoError, optionally with the given code. */
export function isCryptoError(err: unknown, code?: CryptoErrorCode): err is CryptoError {
  return err instanceof CryptoError && (code === undefined || err.code === code);
}
