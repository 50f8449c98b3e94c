import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { createP2pHost, type P2pHost } from '../../../src/p2p/libp2pHost.ts';
import { DEFAULT_LIMITS, getTopicNames } from '../../../src/p2p/config.ts';
import { serveProtocol, sendRequest, type RequestOptions } from '../../../src/p2p/reqResp.ts';
import { P2pError } from '../../../src/p2p/p2pError.ts';

const OPTS: RequestOptions = { maxItems: 4, maxItemBytes: 1024, maxTotalBytes: 2048, timeoutMs: 2000 };

describe('request/response', () => {
  const hosts: P2pHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });

  async function pair(): Promise<[P2pHost, P2pHost]> {
    const make = async () => {
      const h = await createP2pHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], topics: getTopicNames('t'), limits: DEFAULT_LIMITS, gater: {}, appScore: () => 0 });
      hosts.push(h);
      return h;
    };
    const [client, server] = [await make(), await make()];
    return [client, server];
  }

  async function start(client: P2pHost, server: P2pHost): Promise<void> {
    await client.start();
    await server.start();
    await client.dial(server.getMultiaddrs()[0]!);
  }

  it('returns the items the handler answered', async () => {
    const [client, server] = await pair();
    await serveProtocol(server, '/t/echo/1', async (req) => [req, new Uint8Array([7])], { maxRequestBytes: 64, timeoutMs: 2000 });
    await start(client, server);
    expect(await sendRequest(client, server.peerId, '/t/echo/1', new Uint8Array([1, 2]), OPTS)).toEqual([new Uint8Array([1, 2]), new Uint8Array([7])]);
    // No items is a valid answer too.
    await serveProtocol(server, '/t/none/1', async () => [], { maxRequestBytes: 64, timeoutMs: 2000 });
    expect(await sendRequest(client, server.peerId, '/t/none/1', new Uint8Array([1]), OPTS)).toEqual([]);
  });

  it('passes the handler’s refusal code and hides local faults', async () => {
    const [client, server] = await pair();
    await serveProtocol(server, '/t/bad/1', async () => Promise.reject(new P2pError('BAD_REQUEST', 'count too big')), { maxRequestBytes: 64, timeoutMs: 2000 });
    await serveProtocol(server, '/t/bug/1', async () => Promise.reject(new Error('secret internals')), { maxRequestBytes: 64, timeoutMs: 2000 });
    await start(client, server);
    await expect(sendRequest(client, server.peerId, '/t/bad/1', new Uint8Array(1), OPTS)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('count too big') });
    const err = (await sendRequest(client, server.peerId, '/t/bug/1', new Uint8Array(1), OPTS).catch((e: unknown) => e)) as P2pError;
    expect(err).toMatchObject({ code: 'SERVER_ERROR' });
    expect(err.message).not.toContain('secret');
  });

  it('refuses a response with too many items or bytes', async () => {
    const [client, server] = await pair();
    await serveProtocol(server, '/t/many/1', async () => Array.from({ length: 10 }, () => new Uint8Array(10)), { maxRequestBytes: 64, timeoutMs: 2000 });
    await serveProtocol(server, '/t/big/1', async () => [new Uint8Array(5000)], { maxRequestBytes: 64, timeoutMs: 2000 });
    await start(client, server);
    await expect(sendRequest(client, server.peerId, '/t/many/1', new Uint8Array(1), OPTS)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(sendRequest(client, server.peerId, '/t/big/1', new Uint8Array(1), OPTS)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('times out a server that never answers, and the server drops an oversized request', async () => {
    const [client, server] = await pair();
    let served = 0;
    await serveProtocol(server, '/t/slow/1', () => new Promise(() => undefined), { maxRequestBytes: 64, timeoutMs: 5000 });
    await serveProtocol(server, '/t/small/1', async () => [new Uint8Array(served++)], { maxRequestBytes: 64, timeoutMs: 2000 });
    await start(client, server);
    const t0 = Date.now();
    await expect(sendRequest(client, server.peerId, '/t/slow/1', new Uint8Array(1), { ...OPTS, timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(2000);
    await expect(sendRequest(client, server.peerId, '/t/small/1', new Uint8Array(100), OPTS)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    expect(served).toBe(0);
  });
});
