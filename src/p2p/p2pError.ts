/** Error codes of the network layer. */
export type P2pErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_RESPONSE'
  | 'SERVER_ERROR'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'WRONG_CHAIN'
  | 'BANNED'
  | 'PEER_KEY'
  | 'BAD_MULTIADDR'
  | 'BAD_PEER_ID'
  | 'NOT_STARTED'
  | 'DIAL_FAILED';

/** A network operation failed; the message names the peer or file and what to do. */
export class P2pError extends Error {
  readonly code: P2pErrorCode;
  constructor(code: P2pErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'P2pError';
    this.code = code;
  }
}

/** The `code` of an error, when it has a string one. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A short description of an error for a log line. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return errorCode(err) ? `${errorCode(err)}: ${err.message}` : err.message;
  return String(err);
}
