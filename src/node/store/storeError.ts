/** Error codes for the data directory. */
export type StoreErrorCode = 'OPEN_FAILED' | 'LOCKED' | 'CORRUPT' | 'WRONG_CHAIN' | 'NOT_INITIALISED' | 'OLD_LAYOUT';

/** The data directory cannot be used as it is; the message says what to do. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
