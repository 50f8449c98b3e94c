/** JSON-RPC 2.0 error codes and the mapping from thrown errors to error objects. */

/** The request body is not valid JSON (or not valid UTF-8). */
export const PARSE_ERROR = -32700;
/** The JSON is not a valid JSON-RPC 2.0 request, or the HTTP request itself is unacceptable. */
export const INVALID_REQUEST = -32600;
/** No method of that name is served. */
export const METHOD_NOT_FOUND = -32601;
/** The method exists but its params are wrong. */
export const INVALID_PARAMS = -32602;
/** An unexpected failure inside the node; details are logged, never sent. */
export const INTERNAL_ERROR = -32603;
/** Application errors: our typed errors (TxError, BlockError, MarketError…), with `data.code` naming the problem. */
export const APPLICATION_ERROR = -32000;

/** An error with a JSON-RPC code; methods throw it to control exactly what the caller sees. */
export class RpcError extends Error {
  /** JSON-RPC error code (see the constants in this module). */
  code: number;
  /** Optional structured detail sent to the caller as `error.data`. */
  data?: unknown;

  /** Build an error with a JSON-RPC `code`, a message that names the problem and the fix, and optional `data`. */
  constructor(code: number, message: string, data?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RpcError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }
}

/** The `error` member of a JSON-RPC response. */
export type RpcErrorObject = { code: number; message: string; data?: unknown };

/** The outcome of mapping a thrown value: what to send, and whether it was unexpected (so its stack should be logged). */
export type MappedError = { error: RpcErrorObject; unexpected: boolean };

/**
 * Map anything a method threw to a JSON-RPC error object.
 * RpcError passes through; an Error with a string `code` (our typed errors) becomes
 * APPLICATION_ERROR with `data: { code }` and its message; anything else becomes a bare
 * "internal error" because its message or stack may leak internals.
 */
export function mapError(err: unknown): MappedError {
  if (err instanceof RpcError) {
    const error: RpcErrorObject = { code: err.code, message: err.message };
    if (err.data !== undefined) error.data = err.data;
    return { error, unexpected: false };
  }
  // A module's query saying its params are wrong in a way their schema cannot (ParamError).
  if (err instanceof Error && err.name === 'ParamError') return { error: { code: INVALID_PARAMS, message: `invalid params: ${err.message}` }, unexpected: false };
  if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && !isNodeError(err)) {
    const code = (err as Error & { code: string }).code;
    return { error: { code: APPLICATION_ERROR, message: err.message, data: { code } }, unexpected: false };
  }
  return { error: { code: INTERNAL_ERROR, message: 'internal error' }, unexpected: true };
}

// Node's own errors also carry string codes: system errors (ENOENT, ECONNRESET… with
// `syscall`/`errno`) and internal ones (ERR_INVALID_ARG_TYPE…). Their messages hold paths
// and addresses and mean a bug or an environment problem, not bad input, so they stay internal.
function isNodeError(err: Error): boolean {
  const e = err as { code?: unknown; syscall?: unknown; errno?: unknown };
  return e.syscall !== undefined || e.errno !== undefined || (typeof e.code === 'string' && e.code.startsWith('ERR_'));
}
