import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, RpcError, APPLICATION_ERROR } from '../../../src/rpc/rpcError.ts';
import { createRpcServer, MAX_BATCH, type RpcServer } from '../../../src/rpc/server.ts';
import { objectParams, requireInt } from '../../../src/rpc/params.ts';

class MarketError extends Error {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const MAX_BODY = 16 * 1024;
const warnings: string[] = [];
const notified: unknown[] = [];
let server: RpcServer;

beforeAll(async () => {
  server = await createRpcServer({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: MAX_BODY,
    logger: { info: () => {}, warn: (msg) => warnings.push(msg) },
    methods: {
      echo: (params) => params,
      nothing: () => undefined,
      add: async (params) => {
        const p = objectParams(params, ['a', 'b']);
        return requireInt(p, 'a') + requireInt(p, 'b');
      },
      big: () => ({ amount: 10n ** 30n, negative: -5n, hash: new Uint8Array([0, 1, 0xab, 0xff]), byId: new Map([[7n, 'x']]), gone: undefined }),
      note: (params) => {
        notified.push(params);
      },
      market: () => {
        throw new MarketError('UNKNOWN_LISTING', 'listing 42 does not exist: list open listings with market.list');
      },
      params: () => {
        throw new RpcError(INVALID_PARAMS, 'invalid params: "a" must be an integer', { param: 'a' });
      },
      crash: () => {
        throw new Error('secret internals at /home/node/db');
      },
      enoent: () => {
        throw Object.assign(new Error("ENOENT: no such file or directory, open '/secret/path'"), { code: 'ENOENT', errno: -2, syscall: 'open' });
      },
      cyclic: () => {
        const a: Record<string, unknown> = {};
        a.self = a;
        return a;
      },
    },
  });
});

afterAll(async () => {
  await server.close();
});

type Raw = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** A request through node:http, which (unlike fetch) sends the path exactly as written. */
function raw(opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function post(body: string | Uint8Array, contentType = 'application/json'): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function call(payload: unknown): Promise<any> {
  const res = await post(JSON.stringify(payload));
  expect(res.status).toBe(200);
  return JSON.parse(res.text);
}

describe('rpc server: basics', () => {
  it('listens on the given host with an OS-chosen port', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('explains a port that is already taken', async () => {
    await expect(createRpcServer({ host: '127.0.0.1', port: server.port, methods: {} })).rejects.toThrow(
      `cannot serve RPC on 127.0.0.1:${server.port}: the port is in use`,
    );
  });

  it('returns a method result with the request id', async () => {
    expect(await call({ jsonrpc: '2.0', id: 1, method: 'add', params: { a: 2, b: 3 } })).toEqual({ jsonrpc: '2.0', id: 1, result: 5 });
    expect(await call({ jsonrpc: '2.0', id: 'abc', method: 'nothing' })).toEqual({ jsonrpc: '2.0', id: 'abc', result: null });
    expect(await call({ jsonrpc: '2.0', id: null, method: 'nothing' })).toEqual({ jsonrpc: '2.0', id: null, result: null });
  });

  it('passes by-name and by-position params as given', async () => {
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'echo', params: { x: [1, 'two'] } })).result).toEqual({ x: [1, 'two'] });
    expect((await call({ jsonrpc: '2.0', id: 2, method: 'echo', params: [1, { y: true }] })).result).toEqual([1, { y: true }]);
  });

  it('serialises bigint as decimal, bytes as lowercase hex, Map as object, and drops undefined', async () => {
    const reply = await call({ jsonrpc: '2.0', id: 1, method: 'big' });
    expect(reply.result).toEqual({ amount: '1000000000000000000000000000000', negative: '-5', hash: '0001abff', byId: { '7': 'x' } });
    expect('gone' in reply.result).toBe(false);
  });

  it('answers GET /health', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('sends JSON with no-store caching', async () => {
    const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'nothing' }));
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('rpc server: protocol errors', () => {
  it('reports an unknown method, and never treats inherited properties as methods', async () => {
    for (const method of ['nope', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const reply = await call({ jsonrpc: '2.0', id: 9, method });
      expect(reply.id).toBe(9);
      expect(reply.error.code).toBe(METHOD_NOT_FOUND);
      expect(reply.error.message).toContain(method);
    }
  });

  it('reports invalid JSON and invalid UTF-8 as parse errors with a null id', async () => {
    for (const body of ['{"jsonrpc":"2.0",', '', new Uint8Array([0x22, 0xff, 0xfe, 0x22])]) {
      const res = await post(body);
      expect(res.status).toBe(200);
      const reply = JSON.parse(res.text);
      expect(reply).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR } });
    }
  });

  it('rejects invalid request shapes, naming what is wrong', async () => {
    const cases: [unknown, unknown, string][] = [
      [{ id: 1, method: 'nothing' }, 1, '"jsonrpc"'],
      [{ jsonrpc: '1.0', id: 1, method: 'nothing' }, 1, '"jsonrpc"'],
      [{ jsonrpc: '2.0', id: { x: 1 }, method: 'nothing' }, null, '"id"'],
      [{ jsonrpc: '2.0', id: true, method: 'nothing' }, null, '"id"'],
      [{ jsonrpc: '2.0', id: [1], method: 'nothing' }, null, '"id"'],
      [{ jsonrpc: '2.0', id: 2, method: 5 }, 2, '"method"'],
      [{ jsonrpc: '2.0', id: 3 }, 3, '"method"'],
      [{ jsonrpc: '2.0', id: 4, method: 'echo', params: 'x' }, 4, '"params"'],
      [{ jsonrpc: '2.0', id: 5, method: 'echo', params: null }, 5, '"params"'],
      [42, null, 'object'],
      ['hello', null, 'object'],
      [null, null, 'object'],
    ];
    for (const [payload, id, mention] of cases) {
      const reply = await call(payload);
      expect(reply.id, JSON.stringify(payload)).toBe(id);
      expect(reply.error.code, JSON.stringify(payload)).toBe(INVALID_REQUEST);
      expect(reply.error.message, JSON.stringify(payload)).toContain(mention);
    }
  });

  it('answers an invalid request even without an id (it is not a valid notification)', async () => {
    const reply = await call({ jsonrpc: '2.0', method: 7 });
    expect(reply).toMatchObject({ id: null, error: { code: INVALID_REQUEST } });
  });
});

describe('rpc server: notifications and batches', () => {
  it('runs a notification and replies with nothing', async () => {
    const before = notified.length;
    const res = await post(JSON.stringify({ jsonrpc: '2.0', method: 'note', params: ['single'] }));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(notified.slice(before)).toEqual([['single']]);
  });

  it('answers a batch in order, with no entries for notifications', async () => {
    const before = notified.length;
    const reply = await call([
      { jsonrpc: '2.0', id: 1, method: 'add', params: { a: 1, b: 1 } },
      { jsonrpc: '2.0', method: 'note', params: ['n1'] },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      { jsonrpc: '2.0', method: 'nope' },
      { jsonrpc: '2.0', method: 'crash' },
      { foo: 'bar' },
      { jsonrpc: '2.0', id: 3, method: 'market' },
      { jsonrpc: '2.0', method: 'note', params: ['n2'] },
    ]);
    expect(reply).toHaveLength(4);
    expect(reply[0]).toEqual({ jsonrpc: '2.0', id: 1, result: 2 });
    expect(reply[1]).toMatchObject({ id: 2, error: { code: METHOD_NOT_FOUND } });
    expect(reply[2]).toMatchObject({ id: null, error: { code: INVALID_REQUEST } });
    expect(reply[3]).toMatchObject({ id: 3, error: { code: APPLICATION_ERROR, data: { code: 'UNKNOWN_LISTING' } } });
    expect(notified.slice(before)).toEqual([['n1'], ['n2']]);
  });

  it('replies with nothing to a batch of notifications only', async () => {
    const res = await post(JSON.stringify([{ jsonrpc: '2.0', method: 'note' }, { jsonrpc: '2.0', method: 'nothing' }]));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('rejects an empty batch with a single error', async () => {
    const reply = await call([]);
    expect(reply).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST } });
    expect(reply.error.message).toContain('empty batch');
  });

  it(`rejects a batch over ${MAX_BATCH} requests and accepts one of exactly ${MAX_BATCH}`, async () => {
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'nothing' }));
    const tooMany = await call(batch(MAX_BATCH + 1));
    expect(tooMany).toMatchObject({ id: null, error: { code: INVALID_REQUEST } });
    expect(tooMany.error.message).toContain(String(MAX_BATCH));
    const ok = await call(batch(MAX_BATCH));
    expect(ok).toHaveLength(MAX_BATCH);
  });
});

describe('rpc server: error mapping', () => {
  it('maps typed errors to -32000 with data.code and passes the message through', async () => {
    const reply = await call({ jsonrpc: '2.0', id: 1, method: 'market' });
    expect(reply).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: APPLICATION_ERROR, message: 'listing 42 does not exist: list open listings with market.list', data: { code: 'UNKNOWN_LISTING' } },
    });
  });

  it('passes RpcError code, message and data through', async () => {
    const reply = await call({ jsonrpc: '2.0', id: 1, method: 'params' });
    expect(reply.error).toEqual({ code: INVALID_PARAMS, message: 'invalid params: "a" must be an integer', data: { param: 'a' } });
  });

  it('reports param validation failures from the helpers', async () => {
    const reply = await call({ jsonrpc: '2.0', id: 1, method: 'add', params: { a: 1, b: '2' } });
    expect(reply.error.code).toBe(INVALID_PARAMS);
    expect(reply.error.message).toContain('"b"');
  });

  it('hides unknown exceptions as -32603 "internal error" and logs the stack', async () => {
    const before = warnings.length;
    const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'crash' }));
    const reply = JSON.parse(res.text);
    expect(reply).toEqual({ jsonrpc: '2.0', id: 1, error: { code: INTERNAL_ERROR, message: 'internal error' } });
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toContain('server.test');
    const logged = warnings.slice(before).join('\n');
    expect(logged).toContain('secret internals');
    expect(logged).toContain('server.test.ts');
  });

  it('treats Node system errors as internal even though they have string codes', async () => {
    const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'enoent' }));
    expect(JSON.parse(res.text).error).toEqual({ code: INTERNAL_ERROR, message: 'internal error' });
    expect(res.text).not.toContain('/secret/path');
  });

  it('reports a result that cannot be serialised as an internal error', async () => {
    const reply = await call({ jsonrpc: '2.0', id: 1, method: 'cyclic' });
    expect(reply.error).toEqual({ code: INTERNAL_ERROR, message: 'internal error' });
  });
});

describe('rpc server: HTTP guards', () => {
  it('refuses a body over the limit with 413 (declared length), then keeps serving', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['x'.repeat(MAX_BODY * 50)] });
    const res = await post(body);
    expect(res.status).toBe(413);
    const reply = JSON.parse(res.text);
    expect(reply.error.code).toBe(INVALID_REQUEST);
    expect(reply.error.message).toContain(`${MAX_BODY} bytes`);
    expect(await call({ jsonrpc: '2.0', id: 2, method: 'add', params: { a: 1, b: 2 } })).toMatchObject({ result: 3 });
  });

  it('refuses a chunked body once it streams past the limit, then keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, agent: false });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      // Once answered, the server closes the socket under our writes; only earlier errors count.
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const chunk = Buffer.alloc(1024, 0x20);
      // Keep writing until the server answers; it must answer without the body ending.
      const pump = (): void => {
        while (!req.destroyed && req.write(chunk));
      };
      req.on('drain', pump);
      pump();
    });
    expect(status).toBe(413);
    expect(await call({ jsonrpc: '2.0', id: 2, method: 'add', params: { a: 2, b: 2 } })).toMatchObject({ result: 4 });
  });

  it('accepts a body of exactly the limit', async () => {
    const prefix = '{"jsonrpc":"2.0","id":1,"method":"echo","params":["';
    const suffix = '"]}';
    const body = prefix + 'y'.repeat(MAX_BODY - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(body)).toBe(MAX_BODY);
    const res = await post(body);
    expect(res.status).toBe(200);
  });

  it('refuses non-JSON content types with 415', async () => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"nothing"}';
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const res = await post(body, type);
      expect(res.status, type).toBe(415);
      expect(JSON.parse(res.text).error.message).toContain('application/json');
    }
    const missing = await raw({ method: 'POST', path: '/', body });
    expect(missing.status).toBe(415);
    expect(JSON.parse(missing.text).error.message).toContain('got none');
    const ok = await post('{"jsonrpc":"2.0","id":1,"method":"nothing"}', 'Application/JSON; charset=utf-8');
    expect(ok.status).toBe(200);
  });

  it('refuses other HTTP methods on / with 405 and says to POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await raw({ method, path: '/' });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(JSON.parse(res.text).error.message).toContain('POST /');
    }
  });

  it('answers 404 for other paths when no static directory is set', async () => {
    const res = await raw({ path: '/index.html' });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).error.message).toContain('POST /');
  });
});
