/**
 * JSON-RPC 2.0 over HTTP: the transport only. Which methods exist and what they do is
 * the caller's business; this module parses, validates, dispatches, serialises and
 * guards the socket (body limit, timeouts, connection cap), and optionally serves the
 * dashboard's static files.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, mapError, type RpcErrorObject } from './rpcError.ts';

/** A served method: receives `params` exactly as sent (object, array or undefined) and returns a result to serialise with `toJson`. */
export type RpcMethod = (params: unknown) => unknown | Promise<unknown>;

/** Where the server reports what it does; `warn` receives the stacks of unexpected errors. */
export type RpcLogger = { info(msg: string): void; warn(msg: string): void };

/** Options for `createRpcServer`. */
export type RpcServerOptions = {
  /** Interface to bind; the node passes 127.0.0.1 unless told otherwise. */
  host: string;
  /** Port to bind; 0 lets the OS choose (tests). */
  port: number;
  /** Method table; only own properties are served, so `__proto__` or `toString` are never methods. */
  methods: Record<string, RpcMethod>;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** If set, GET requests for paths other than /health serve files from this directory. */
  staticDir?: string;
  /** Defaults to silent info and warnings on stderr. */
  logger?: RpcLogger;
  /** Cap on simultaneous TCP connections (default 128). */
  maxConnections?: number;
};

/** A listening RPC server. */
export type RpcServer = { url: string; port: number; host: string; close(): Promise<void> };

/** A value that JSON.stringify renders as itself. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Default request body limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Most requests accepted in one batch. */
export const MAX_BATCH = 100;

const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_CONNECTIONS = 128;
// Method names are echoed in errors; cap them so a huge name cannot bloat the reply.
const MAX_ECHOED_NAME = 64;

const defaultLogger: RpcLogger = { info: () => {}, warn: (msg) => console.warn(msg) };

/**
 * Convert a result to plain JSON: bigint → decimal string, Uint8Array → lowercase hex
 * without 0x, Map → object, Set → array, Date → ISO string; object fields that are
 * undefined (or functions/symbols) are dropped and become null inside arrays, as in
 * JSON.stringify. Throws TypeError on cycles, non-finite numbers and other binary types,
 * because sending them silently mangled would hide a bug.
 */
export function toJson(value: unknown): Json {
  return convert(value, new Set()) ?? null;
}

function convert(value: unknown, seen: Set<object>): Json | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot serialise the number ${value} to JSON`);
      return value;
    case 'bigint':
      return value.toString(10);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (obj instanceof Uint8Array) return Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('hex');
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) {
    throw new TypeError(`cannot serialise ${obj.constructor.name} to JSON; convert it to a Uint8Array`);
  }
  if (obj instanceof Date) return obj.toISOString();
  if (seen.has(obj)) throw new TypeError('cannot serialise a cyclic structure to JSON');
  seen.add(obj);
  try {
    if (Array.isArray(obj) || obj instanceof Set) {
      return Array.from(obj as Iterable<unknown>, (item) => convert(item, seen) ?? null);
    }
    const out: { [key: string]: Json } = {};
    const entries: Iterable<[unknown, unknown]> = obj instanceof Map ? obj.entries() : Object.entries(obj);
    for (const [key, item] of entries) {
      const converted = convert(item, seen);
      if (converted === undefined) continue;
      const name = mapKey(key, seen);
      // Plain assignment to "__proto__" would set the prototype instead of adding a field.
      if (name === '__proto__') Object.defineProperty(out, name, { value: converted, enumerable: true, writable: true, configurable: true });
      else out[name] = converted;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

function mapKey(key: unknown, seen: Set<object>): string {
  if (typeof key === 'string') return key;
  const converted = convert(key, seen);
  return typeof converted === 'string' ? converted : JSON.stringify(converted);
}

/** Start an HTTP server for JSON-RPC 2.0 on POST /, /health, and optional static files; resolves once listening. */
export async function createRpcServer(opts: RpcServerOptions): Promise<RpcServer> {
  const logger = opts.logger ?? defaultLogger;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Resolve symlinks once so the prefix check below compares real paths.
  const staticRoot = opts.staticDir === undefined ? undefined : await resolveStaticRoot(opts.staticDir);
  const ctx: Ctx = { methods: opts.methods, logger, maxBodyBytes, staticRoot };

  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
    (req, res) => {
      route(req, res, ctx).catch((err: unknown) => {
        logger.warn(`rpc: unexpected error serving ${req.method} ${req.url}: ${stackOf(err)}`);
        if (!res.headersSent) sendJson(res, 500, errorResponse(null, { code: INTERNAL_ERROR, message: 'internal error' }), { Connection: 'close' });
        else res.destroy();
      });
    },
  );
  server.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error & { code?: string }) => {
      const why = err.code === 'EADDRINUSE' ? 'the port is in use (another tesnode?); pick another port' : err.code === 'EADDRNOTAVAIL' ? 'no such local address; bind to 127.0.0.1' : err.message;
      reject(new Error(`cannot serve RPC on ${opts.host}:${opts.port}: ${why}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen({ host: opts.host, port: opts.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => logger.warn(`rpc: server error: ${stackOf(err)}`));

  const port = (server.address() as AddressInfo).port;
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${urlHost}:${port}`;
  logger.info(`rpc: listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    host: opts.host,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out; a shutdown
        // cuts them, and any request still in flight, at once.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

type Ctx = { methods: Record<string, RpcMethod>; logger: RpcLogger; maxBodyBytes: number; staticRoot: string | undefined };

async function resolveStaticRoot(dir: string): Promise<string> {
  try {
    const real = await realpath(path.resolve(dir));
    if ((await stat(real)).isDirectory()) return real;
  } catch {
    // fall through to the clearer error below
  }
  throw new Error(`staticDir ${dir} is not a readable directory: create it or leave staticDir unset`);
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  const method = req.method ?? '';
  const isGet = method === 'GET' || method === 'HEAD';

  if (rawPath === '/health') {
    if (isGet) return sendJson(res, 200, { ok: true });
    return refuse(req, res, 405, 'use GET /health', { Allow: 'GET, HEAD' });
  }
  if (rawPath === '/' && method === 'POST') return handleRpcHttp(req, res, ctx);
  if (isGet && ctx.staticRoot !== undefined) return serveStatic(req, res, rawPath, ctx.staticRoot);
  if (rawPath === '/') {
    const allow = ctx.staticRoot === undefined ? 'POST' : 'POST, GET, HEAD';
    return refuse(req, res, 405, `${method} is not allowed on /: send JSON-RPC 2.0 requests with POST / and Content-Type: application/json`, {
      Allow: allow,
    });
  }
  return refuse(req, res, 404, `nothing at ${truncate(rawPath)}: JSON-RPC is served by POST /, liveness by GET /health`);
}

async function handleRpcHttp(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const mediaType = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    // Refusing other types also stops browsers on other sites from posting "simple"
    // (text/plain, form) requests at a node on localhost: application/json needs a CORS
    // preflight, which this server never grants.
    return refuse(req, res, 415, `Content-Type must be application/json (got ${mediaType ? truncate(mediaType) : 'none'})`);
  }
  const body = await readBody(req, ctx.maxBodyBytes);
  if (body === 'too-large') {
    return refuse(req, res, 413, `request body exceeds the limit of ${ctx.maxBodyBytes} bytes: send smaller requests or split the batch`);
  }
  if (body === 'aborted') return;

  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return sendJson(res, 200, errorResponse(null, { code: PARSE_ERROR, message: 'parse error: the request body is not valid UTF-8 JSON' }));
  }
  const reply = await dispatch(payload, ctx);
  if (reply === undefined) {
    // Only notifications: JSON-RPC says reply with nothing.
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  sendJson(res, 200, reply);
}

/** Read the body without ever holding more than `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too-large' | 'aborted') => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        finish('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onClose = () => finish('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

/** Validate and run a single request or a batch; undefined means "send nothing". */
async function dispatch(payload: unknown, ctx: Ctx): Promise<unknown> {
  if (!Array.isArray(payload)) return handleOne(payload, ctx);
  if (payload.length === 0) return errorResponse(null, { code: INVALID_REQUEST, message: 'invalid request: empty batch; send at least one request' });
  if (payload.length > MAX_BATCH) {
    return errorResponse(null, {
      code: INVALID_REQUEST,
      message: `invalid request: batch of ${payload.length} requests exceeds the limit of ${MAX_BATCH}; split it`,
    });
  }
  const replies: unknown[] = [];
  // In order, one at a time: a wallet batching transactions expects them applied in the
  // order sent (nonces), and the node's state is not built for interleaved writes.
  for (const item of payload) {
    const reply = await handleOne(item, ctx);
    if (reply !== undefined) replies.push(reply);
  }
  return replies.length === 0 ? undefined : replies;
}

async function handleOne(request: unknown, ctx: Ctx): Promise<unknown> {
  const invalid = (id: unknown, why: string) => errorResponse(id, { code: INVALID_REQUEST, message: `invalid request: ${why}` });
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return invalid(null, 'each request must be an object like {"jsonrpc":"2.0","id":1,"method":"…","params":{…}}');
  }
  const r = request as Record<string, unknown>;
  const isNotification = !Object.hasOwn(r, 'id');
  const id = r.id;
  if (!isNotification && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    return invalid(null, '"id" must be a string, a number or null');
  }
  const replyId = isNotification ? null : id;
  if (r.jsonrpc !== '2.0') return invalid(replyId, '"jsonrpc" must be exactly "2.0"');
  if (typeof r.method !== 'string') return invalid(replyId, '"method" must be a string naming the method to call');
  if (Object.hasOwn(r, 'params') && (r.params === null || typeof r.params !== 'object')) {
    return invalid(replyId, '"params" must be an object (by name) or an array (by position), or be left out');
  }

  const name = r.method;
  const method = Object.hasOwn(ctx.methods, name) ? ctx.methods[name] : undefined;
  if (method === undefined) {
    if (isNotification) return undefined;
    return errorResponse(replyId, { code: METHOD_NOT_FOUND, message: `method not found: ${JSON.stringify(truncate(name))}` });
  }
  try {
    const result = toJson(await method(r.params));
    return isNotification ? undefined : { jsonrpc: '2.0', id: replyId, result };
  } catch (err) {
    const { error, unexpected } = mapError(err);
    if (unexpected) ctx.logger.warn(`rpc: method ${name} failed unexpectedly: ${stackOf(err)}`);
    if (isNotification) return undefined;
    if (error.data !== undefined) {
      try {
        error.data = toJson(error.data);
      } catch {
        delete error.data;
      }
    }
    return errorResponse(replyId, error);
  }
}

function errorResponse(id: unknown, error: RpcErrorObject): unknown {
  return { jsonrpc: '2.0', id, error };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string, root: string): Promise<void> {
  const notFound = () => refuse(req, res, 404, `no file at ${truncate(rawPath)}`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(req, res, 400, 'malformed percent-encoding in the path');
  }
  if (decoded.includes('\0')) return notFound();
  // Resolve then check the prefix: whatever `..`, encoded or not, the result must stay under root.
  let file = path.resolve(root, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded));
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    if (!isInside(root, file)) return notFound();
    // And again after symlinks, so a link inside the root cannot point outside it.
    file = await realpath(file);
    if (!isInside(root, file)) return notFound();
    info = await stat(file);
    if (info.isDirectory()) {
      file = await realpath(path.join(file, 'index.html'));
      if (!isInside(root, file)) return notFound();
      info = await stat(file);
    }
  } catch {
    return notFound();
  }
  if (!info.isFile()) return notFound();

  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // Errors mid-stream (file removed, client gone) end the response; nothing to report.
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}

function isInside(root: string, target: string): boolean {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return target === root || target.startsWith(prefix);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, errorResponse(null, { code: INVALID_REQUEST, message }), headers);
}

/**
 * Reply with an HTTP-level error. If a body is still unread, it is read and thrown away
 * up to MAX_DRAIN_BYTES before the connection may be reused, and the socket is destroyed
 * only past that bound. Closing at once instead (Connection: close with the upload still
 * arriving) makes the kernel answer the client's next write with a reset, which can
 * discard the error reply before the client reads it: the client then sees a bare
 * ECONNRESET instead of the 413 that says what to fix.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const mayHaveBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (mayHaveBody && !req.complete) drainOrDrop(req);
  sendError(res, status, message, headers);
}

/** Bytes of an unwanted body the server reads and discards before giving up on the socket. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

function drainOrDrop(req: IncomingMessage): void {
  let drained = 0;
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) {
      req.off('data', onData);
      req.socket.destroy();
    }
  };
  req.on('data', onData);
  req.resume();
}

function truncate(s: string): string {
  return s.length > MAX_ECHOED_NAME ? `${s.slice(0, MAX_ECHOED_NAME)}…` : s;
}

function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
