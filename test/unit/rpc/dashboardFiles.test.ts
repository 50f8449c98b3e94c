import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    const files = (await readdir(DASHBOARD_DIR, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.map((e) => e.name)).toEqual(expect.arrayContaining(['app.js', 'dom.js', 'index.js', 'certificates.js']));
    for (const entry of files) {
      const file = join(entry.parentPath, entry.name);
      const text = await readFile(file, 'utf8');
      // The only absolute URL allowed is the SVG namespace, which is a name, not a fetch.
      const urls = [...text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg');
      expect(urls, file).toEqual([]);
      expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    }
  });

  it('import only names their modules export, and every module view has an id, mount and refresh', async () => {
    const files = (await readdir(DASHBOARD_DIR, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.js'));
    for (const entry of files) {
      const file = join(entry.parentPath, entry.name);
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/^import\s+(?:(\w+)|\{([^}]*)\})\s+from\s+'([^']+)';/gm)) {
        // The modules touch the DOM only when called, so Node can load them to list their exports.
        const target = await import(pathToFileURL(join(entry.parentPath, m[3]!)).href);
        const names = m[1] ? ['default'] : m[2]!.split(',').map((n) => n.trim()).filter(Boolean);
        for (const name of names) expect(Object.hasOwn(target, name), `${file} imports ${name} from ${m[3]}`).toBe(true);
      }
    }
    const { MODULE_VIEWS } = await import(pathToFileURL(join(DASHBOARD_DIR, 'views', 'index.js')).href);
    expect(MODULE_VIEWS.length).toBeGreaterThan(0);
    for (const v of MODULE_VIEWS) {
      expect(typeof v.id).toBe('string');
      expect(typeof v.mount).toBe('function');
      expect(typeof v.refresh).toBe('function');
    }
  });
});
