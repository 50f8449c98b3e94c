/** A minimal JSON-RPC 2.0 client over HTTP for the CLI and tools. */
import { toJson } from './server.ts';

/** Why a call failed: the node is unreachable, too slow, answered garbage, or answered with a JSON-RPC error. */
export type RpcClientErrorCode = 'UNREACHABLE' | 'TIMEOUT' | 'BAD_URL' | 'BAD_RESPONSE' | 'RPC_ERROR';

/** A failed RPC call; for RPC_ERROR, `rpcCode` and `data` are the server's. */
export class RpcClientError extends Error {
  /** What kind of failure this is. */
  code: RpcClientErrorCode;
  /** JSON-RPC error code from the server (RPC_ERROR only). */
  rpcCode?: number;
  /** JSON-RPC error data from the server (RPC_ERROR only); typed node errors put `{ code }` here. */
  data?: unknown;

  /** Build an error; `extra` carries the server's JSON-RPC code and data. */
  constructor(code: RpcClientErrorCode, message: string, extra: { rpcCode?: number; data?: unknown; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'RpcClientError';
    this.code = code;
    if (extra.rpcCode !== undefined) this.rpcCode = extra.rpcCode;
    if (extra.data !== undefined) this.data = extra.data;
  }
}

/** Options for `rpcCall`. */
export type RpcCallOptions = { timeoutMs?: number };

/** Default time to wait for a whole answer. */
export const DEFAULT_TIMEOUT_MS = 15_000;

let nextId = 1;

/**
 * Call `method` on the node at `url` and return its result. Params may hold bigint and
 * Uint8Array values: they are sent as decimal and hex strings. Throws RpcClientError.
 */
export async function rpcCall<T = unknown>(url: string, method: string, params?: unknown, opts: RpcCallOptions = {}): Promise<T> {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new RpcClientError('BAD_URL', `not an RPC URL: ${JSON.stringify(url)}; pass something like --rpc http://127.0.0.1:PORT`);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const id = nextId++;
  const request: Record<string, unknown> = { jsonrpc: '2.0', id, method };
  if (params !== undefined) request.params = toJson(params);

  let status: number;
  let contentType: string;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    contentType = res.headers.get('content-type') ?? '';
    text = await res.text();
  } catch (err) {
    throw transportError(url, timeoutMs, err);
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const shown = contentType || 'no content type';
    throw new RpcClientError('BAD_RESPONSE', `the server at ${url} answered HTTP ${status} with non-JSON content (${shown}): is this a tesnode RPC URL?`);
  }
  const reply = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const error = reply?.error;
  if (error !== null && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; data?: unknown };
    const message = typeof e.message === 'string' ? e.message : `the server at ${url} returned an error without a message`;
    const extra: { rpcCode?: number; data?: unknown } = { data: e.data };
    if (typeof e.code === 'number') extra.rpcCode = e.code;
    throw new RpcClientError('RPC_ERROR', message, extra);
  }
  if (reply === undefined || reply.jsonrpc !== '2.0' || reply.id !== id || !Object.hasOwn(reply, 'result')) {
    throw new RpcClientError('BAD_RESPONSE', `the server at ${url} answered HTTP ${status} with JSON that is not a JSON-RPC 2.0 response to this call: is this a tesnode RPC URL?`);
  }
  return reply.result as T;
}

function transportError(url: string, timeoutMs: number, err: unknown): RpcClientError {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new RpcClientError('TIMEOUT', `no answer from the tesnode at ${url} within ${timeoutMs} ms: it may be busy or stuck; retry, or raise the timeout`, { cause: err });
  }
  const code = systemCode(err);
  if (code === 'ECONNREFUSED') {
    return new RpcClientError('UNREACHABLE', `cannot reach a tesnode at ${url} (connection refused): start one with \`tesnode start\` or pass --rpc URL`, { cause: err });
  }
  const reason = code ?? (err instanceof Error ? err.message : String(err));
  return new RpcClientError('UNREACHABLE', `cannot reach a tesnode at ${url} (${reason}): check the address, or start one with \`tesnode start\``, { cause: err });
}

// fetch wraps socket errors as TypeError('fetch failed') with the system error as
// `cause`, or an AggregateError of them when several addresses were tried.
function systemCode(err: unknown): string | undefined {
  let cause: unknown = err instanceof Error ? err.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 4; depth++) {
    const c = cause as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors)) {
      const codes = c.errors.map((e: { code?: unknown }) => e?.code).filter((x): x is string => typeof x === 'string');
      if (codes.length > 0) return codes.every((x) => x === 'ECONNREFUSED') ? 'ECONNREFUSED' : codes[0];
    }
    cause = c.cause;
  }
  return undefined;
}
