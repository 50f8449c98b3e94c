import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { rpcCall, RpcClientError } from '../../../src/rpc/client.ts';
import { createRpcServer, type RpcServer } from '../../../src/rpc/server.ts';
import { APPLICATION_ERROR, METHOD_NOT_FOUND, INVALID_REQUEST } from '../../../src/rpc/rpcError.ts';

class TxError extends Error {
  code = 'BAD_SIGNATURE';
}

let server: RpcServer;
let release: () => void = () => {};
const stalled = new Promise<void>((resolve) => {
  release = resolve;
});

beforeAll(async () => {
  server = await createRpcServer({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024,
    logger: { info: () => {}, warn: () => {} },
    methods: {
      echo: (params) => params,
      fail: () => {
        throw new TxError('bad signature on tx 0xabc: sign with the sender key (tesnode wallet sign)');
      },
      stall: async () => {
        await stalled;
        return 'late';
      },
    },
  });
});

afterAll(async () => {
  release();
  await server.close();
});

/** Run `fn` against a throwaway plain HTTP server that answers every request with `body`. */
async function withFakeServer(contentType: string, body: string, fn: (url: string) => Promise<void>): Promise<void> {
  const fake = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(fake.address() as AddressInfo).port}`);
  } finally {
    fake.closeAllConnections();
    await new Promise((resolve) => fake.close(resolve));
  }
}

/** A port that was free a moment ago and has nothing listening on it now. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<RpcClientError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RpcClientError);
  return err as RpcClientError;
}

describe('rpcCall', () => {
  it('returns the result, sending bigint and bytes params as strings', async () => {
    const result = await rpcCall<{ amount: string; key: string }>(server.url, 'echo', { amount: 12345678901234567890n, key: new Uint8Array([1, 2, 255]) });
    expect(result).toEqual({ amount: '12345678901234567890', key: '0102ff' });
    expect(await rpcCall(server.url, 'echo', [1, 2])).toEqual([1, 2]);
    expect(await rpcCall(server.url, 'echo')).toBeNull();
  });

  it('says how to start a node when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const err = await failure(rpcCall(url, 'echo'));
    expect(err.code).toBe('UNREACHABLE');
    expect(err.message).toBe(`cannot reach a tesnode at ${url} (connection refused): start one with \`tesnode start\` or pass --rpc URL`);
  });

  it('passes the server message, code and data through for a typed error', async () => {
    const err = await failure(rpcCall(server.url, 'fail'));
    expect(err.code).toBe('RPC_ERROR');
    expect(err.message).toBe('bad signature on tx 0xabc: sign with the sender key (tesnode wallet sign)');
    expect(err.rpcCode).toBe(APPLICATION_ERROR);
    expect(err.data).toEqual({ code: 'BAD_SIGNATURE' });
  });

  it('reports protocol errors such as an unknown method', async () => {
    const err = await failure(rpcCall(server.url, 'nope'));
    expect(err.code).toBe('RPC_ERROR');
    expect(err.rpcCode).toBe(METHOD_NOT_FOUND);
    expect(err.message).toContain('nope');
  });

  it('reports the body limit from a 413 answer', async () => {
    const err = await failure(rpcCall(server.url, 'echo', ['x'.repeat(2000)]));
    expect(err.code).toBe('RPC_ERROR');
    expect(err.rpcCode).toBe(INVALID_REQUEST);
    expect(err.message).toContain('1024 bytes');
  });

  it('gives a clear error for a non-JSON answer', async () => {
    await withFakeServer('text/html', '<html>hello</html>', async (url) => {
      const err = await failure(rpcCall(url, 'echo'));
      expect(err.code).toBe('BAD_RESPONSE');
      expect(err.message).toBe(`the server at ${url} answered HTTP 200 with non-JSON content (text/html): is this a tesnode RPC URL?`);
    });
  });

  it('gives a clear error for JSON that is not a JSON-RPC response', async () => {
    await withFakeServer('application/json', '{"hello":"world"}', async (url) => {
      const err = await failure(rpcCall(url, 'echo'));
      expect(err.code).toBe('BAD_RESPONSE');
      expect(err.message).toContain('not a JSON-RPC 2.0 response');
    });
  });

  it('times out when the node does not answer in time', async () => {
    const err = await failure(rpcCall(server.url, 'stall', undefined, { timeoutMs: 100 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('within 100 ms');
  });

  it('rejects a URL that is not http(s)', async () => {
    for (const url of ['localhost:8545', 'ftp://127.0.0.1/', '']) {
      const err = await failure(rpcCall(url, 'echo'));
      expect(err.code, url).toBe('BAD_URL');
      expect(err.message).toContain('--rpc http://127.0.0.1:PORT');
    }
  });
});
