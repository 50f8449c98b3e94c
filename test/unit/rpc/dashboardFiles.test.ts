import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRpcServer, type RpcServer } from '../../../src/rpc/server.ts';
import { DASHBOARD_DIR } from '../../../src/node/node.ts';

// Cheap guards for the dashboard's static files; the browser test (test/browser) checks
// what they do.
describe('dashboard static files', () => {
  let server: RpcServer;
  beforeAll(async () => {
    server = await createRpcServer({ host: '127.0.0.1', port: 0, methods: {}, staticDir: DASHBOARD_DIR });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('are what the node serves on GET, with their content types', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    for (const [file, type] of [['app.js', 'text/javascript; charset=utf-8'], ['style.css', 'text/css; charset=utf-8'], ['favicon.svg', 'image/svg+xml']] as const) {
      expect(html).toContain(`"${file}"`);
      const res = await fetch(`${server.url}/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
    }
  });

  it('load nothing from elsewhere and never parse data as HTML', async () => {
    for (const file of await readdir(DASHBOARD_DIR)) {
      const text = await readFile(join(DASHBOARD_DIR, file), 'utf8');
      // The only absolute URL allowed is the SVG namespace, which is a name, not a fetch.
      const urls = [...text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg');
      expect(urls, file).toEqual([]);
      expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    }
  });
});
