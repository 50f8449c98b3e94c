import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRpcServer, type RpcServer } from '../../../src/rpc/server.ts';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]);
let base: string;
let server: RpcServer;

beforeAll(async () => {
  // base/package.json and base/www-evil/ sit next to the served root base/www/.
  base = await mkdtemp(path.join(tmpdir(), 'tesnode-static-'));
  const root = path.join(base, 'www');
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await mkdir(path.join(base, 'www-evil'));
  await writeFile(path.join(base, 'package.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(path.join(base, 'www-evil', 'x.txt'), SECRET);
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>tesnode</title>');
  await writeFile(path.join(root, 'app.js'), 'console.log(1);');
  await writeFile(path.join(root, 'style.css'), 'body{margin:0}');
  await writeFile(path.join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, 'data.json'), '{"a":1}');
  await writeFile(path.join(root, 'img.png'), PNG);
  await writeFile(path.join(root, 'sub', 'index.html'), '<p>sub</p>');
  await symlink(path.join(base, 'package.json'), path.join(root, 'link.json'));
  server = await createRpcServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: root,
    logger: { info: () => {}, warn: () => {} },
    methods: { ping: () => 'pong' },
  });
});

afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

/** node:http sends the path byte for byte; fetch would normalise the dot segments away. */
function get(pathname: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('rpc server: static files', () => {
  it('serves index.html for / and for a directory path', async () => {
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(root.type).toBe('text/html; charset=utf-8');
    expect(root.body.toString()).toContain('<title>tesnode</title>');
    const sub = await get('/sub/');
    expect(sub.body.toString()).toBe('<p>sub</p>');
    expect((await get('/sub')).body.toString()).toBe('<p>sub</p>');
  });

  it('sends the right content type for each kind of file', async () => {
    const expected: [string, string][] = [
      ['/index.html', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/logo.svg', 'image/svg+xml'],
      ['/data.json', 'application/json; charset=utf-8'],
      ['/img.png', 'image/png'],
    ];
    for (const [p, type] of expected) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(res.type, p).toBe(type);
    }
    expect((await get('/img.png')).body.equals(PNG)).toBe(true);
    expect((await get('/app.js?v=3')).body.toString()).toBe('console.log(1);');
  });

  it('answers HEAD with headers only', async () => {
    const res = await get('/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
  });

  it('answers 404 for missing files', async () => {
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/sub/missing/')).status).toBe(404);
  });

  it('refuses every path traversal attempt', async () => {
    const attempts = [
      '/../package.json',
      '/../../package.json',
      '/sub/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/%2e%2e%2fpackage.json',
      '/..%2fpackage.json',
      '/sub/%2e%2e%2f%2e%2e%2fpackage.json',
      '/%2e%2e/www-evil/x.txt',
      '/../www-evil/x.txt',
      '/link.json',
      `/..%5cpackage.json`,
      `/${encodeURIComponent(path.join(base, 'package.json'))}`,
      '//etc/passwd',
      '/%00',
    ];
    for (const attempt of attempts) {
      const res = await get(attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body.toString(), attempt).not.toContain(SECRET);
    }
  });

  it('answers 400 for malformed percent-encoding', async () => {
    expect((await get('/%zz')).status).toBe(400);
  });

  it('still serves JSON-RPC on POST / and /health', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: 'pong' });
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ ok: true });
    const put = await fetch(server.url, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('fails to start when the static directory does not exist', async () => {
    await expect(
      createRpcServer({ host: '127.0.0.1', port: 0, methods: {}, staticDir: path.join(base, 'nope') }),
    ).rejects.toThrow(/staticDir .*nope/);
  });
});
