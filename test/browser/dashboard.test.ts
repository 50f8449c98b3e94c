import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { rpcCall } from '../../src/rpc/client.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitFor, waitForHeight, type NodeProcess } from '../helpers/processes.ts';

// The web dashboard as a person sees it: a real `tesnode start --dev` node, a market
// flow driven through the real CLI, and the page in headless Chromium. Assertions read
// the DOM's text; screenshots are written for people (TESNODE_SCREENSHOTS=DIR keeps them).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium dials Google services at start-up,
// which a machine without internet refuses; none of that is needed here.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Written into a participant's record by the validator: shown as text, it must never run.
const HOSTILE_REASON = '<img id="xss" src="x" onerror="globalThis.__pwned = 1">';

describe('web dashboard in Chromium', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let node: NodeProcess;
  let browser: BrowserContext;
  let page: Page;
  let shots: string;
  const consoleErrors: string[] = [];
  const flow: { period?: number; pickHash?: string; pickBlock?: number; rejectBlock?: number; addresses?: Record<string, string> } = {};

  const cli = async (...args: string[]) => {
    const r = await runCli([...args, '--rpc', node.rpc, '--json'], env);
    if (r.code !== 0 || r.json?.error) throw new Error(`tesnode ${args.join(' ')} failed: ${r.stdout} ${r.stderr}`);
    return r.json;
  };
  const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();
  const cells = (row: Locator) => row.locator('td').allTextContents();
  const number = (s: string) => Number(s.replace(/,/g, ''));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: the dashboard tests need it. Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.`);
    }
    home = await tempDir('tesnode-dashboard-');
    env = childEnv(home.dir);
    shots = process.env.TESNODE_SCREENSHOTS ?? join(home.dir, 'screenshots');
    await mkdir(shots, { recursive: true });
    node = await startNodeProcess(['--dev', '--datadir', join(home.dir, 'dev')], env);
    await waitForHeight(node.rpc, 1);
    browser = await chromium.launchPersistentContext(join(home.dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    await home?.cleanup();
  });

  it('serves the page at / and the head height climbs on screen without a reload', async () => {
    await page.goto(`${node.rpc}/`);
    await waitFor('the chain id on screen', async () => ((await text('#chain-id')) === 'tesnode-dev' ? true : undefined), 15_000);
    await page.evaluate(() => {
      (globalThis as any).__sameDocument = true;
    });
    const first = await waitFor('a head height', async () => {
      const h = number(await text('#head-height'));
      return Number.isInteger(h) && h >= 1 ? h : undefined;
    }, 15_000);
    const later = await waitFor('the head height to rise', async () => {
      const h = number(await text('#head-height'));
      return h > first ? h : undefined;
    }, 20_000);
    expect(later).toBeGreaterThan(first);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expect(await text('#mining')).toMatch(/^on, [\d,]+ mined$/);
    expect(await text('#hashrate')).toMatch(/H\/s$/);
    expect(await text('#conn')).toMatch(/^live/);
    // The recent-blocks table follows the head.
    const top = number(await page.locator('#blocks tbody tr').first().locator('td').first().innerText());
    expect(top).toBeGreaterThanOrEqual(first);
  });

  it('shows a listing, a trade and the participants made through the CLI, with their numbers', async () => {
    await Promise.all(['sunny', 'bea', 'eve'].map((name) => cli('wallet', 'new', name)));
    await cli('wallet', 'send', '--from', 'dev', '--to', 'sunny', '--amount', '100', '--no-wait');
    await cli('wallet', 'send', '--from', 'dev', '--to', 'bea', '--amount', '100', '--no-wait');
    await cli('wallet', 'send', '--from', 'dev', '--to', 'eve', '--amount', '1');
    const sellerDocs = join(home.dir, 'sunny.json');
    const buyerDocs = join(home.dir, 'bea.json');
    await writeFile(sellerDocs, JSON.stringify({ identity: 'Sunny Farm', contact: 'ops@sunny', bank: 'IBAN', license: 'GEN-42', creditReport: 'CR-1', meterBinding: 'MP-7' }));
    await writeFile(buyerDocs, JSON.stringify({ identity: 'Bea', contact: 'bea@home', meterBinding: 'MP-9' }));
    await Promise.all([
      cli('market', 'register', '--from', 'sunny', '--role', 'seller', '--region', 'north', '--source', 'solar', '--carbon', '20', '--docs', sellerDocs),
      cli('market', 'register', '--from', 'bea', '--role', 'buyer', '--region', 'south', '--docs', buyerDocs),
      cli('market', 'register', '--from', 'eve', '--role', 'buyer', '--region', 'central', '--docs', buyerDocs),
    ]);
    await cli('market', 'approve', '--from', 'authority', '--account', 'sunny', '--no-wait');
    await cli('market', 'approve', '--from', 'authority', '--account', 'bea', '--no-wait');
    const rejected = await cli('market', 'approve', '--from', 'authority', '--account', 'eve', '--reject', '--reason', HOSTILE_REASON);
    flow.rejectBlock = rejected.blockHeight;
    await Promise.all([cli('market', 'bond', '--from', 'sunny', '--amount', '10'), cli('market', 'bond', '--from', 'bea', '--amount', '10')]);

    // One period past the next open one: its gate is at least a period away, so the
    // listing and the pick cannot miss it, and the listing stays on the book while we look.
    const k = (await rpcCall<{ nextOpenPeriod: number }>(node.rpc, 'market_status')).nextOpenPeriod + 1;
    flow.period = k;
    const listed = await cli('market', 'list', '--from', 'sunny', '--side', 'sell', '--period', String(k), '--wh', '5000', '--price', '100000');
    expect(listed.listing).toBe(1);
    const picked = await cli('market', 'pick', '--from', 'bea', '--listing', '1', '--wh', '3000');
    expect(picked.trade).toBe(1);
    flow.pickHash = picked.hash;
    flow.pickBlock = picked.blockHeight;
    flow.addresses = Object.fromEntries(await Promise.all(['sunny', 'bea', 'eve'].map(async (n) => [n, (await cli('wallet', 'address', n)).address] as const)));

    // The book shows the next open period; the picker offers period k once it holds a listing.
    await page.selectOption('#book-select', String(k), { timeout: 15_000 });
    await waitFor(`the order book of period ${k}`, async () => ((await text('#book-period')) === String(k) && (await page.locator('#sells tbody tr').count()) === 1 && !(await text('#sells tbody')).startsWith('no ') ? true : undefined), 15_000);
    const sell = page.locator('#sells tbody tr').first();
    // Listing #1: 5,000 Wh at 100,000 µTES/kWh, 2,000 left after the pick, from the north, solar at 20 g/kWh.
    expect((await cells(sell)).slice(0, 7)).toEqual(['#1', '100,000', '5,000', '2,000', 'north', 'solar', '20']);
    expect(await sell.locator('td').nth(7).getAttribute('title')).toBe(flow.addresses.sunny);
    expect(await text('#buys tbody')).toBe(`no open buy-listings for period ${k}`);

    // Trade #1: 3,000 Wh at 100,000 over north → central → south; escrow 300,000 + 25,000 × 3 = 375,000.
    const trade = page.locator('#trades tbody tr', { hasText: '#1' });
    await trade.waitFor({ timeout: 15_000 });
    const t = await cells(trade);
    expect(t.slice(0, 8)).toEqual(['#1', String(k), expect.stringContaining('→'), '3,000', '100,000', 'north → central → south', '375,000', 'open']);
    expect(t.slice(8, 14)).toEqual(['—', '—', '—', '—', '—', '—']);
    expect(number(t[14]!)).toBe(flow.pickBlock);
    expect(await trade.locator('td').nth(2).getAttribute('title')).toBe(`${flow.addresses.sunny} → ${flow.addresses.bea}`);

    // Settlement by period: one trade of 3,000 Wh awaiting settlement.
    const settle = page.locator('#settlements tbody tr', { hasText: 'settles' });
    await settle.waitFor({ timeout: 15_000 });
    expect((await cells(settle)).filter((_, i) => i !== 1).slice(0, 3)).toEqual([String(k), '1', '3,000']);

    // The price chart: its accessible description carries the period's volume-weighted price.
    await waitFor('the chart to show the period', async () => ((await text('#chart-desc')).includes(`Period ${k}: 100,000 µTES/kWh over 3,000 Wh.`) ? true : undefined), 15_000);
    expect(await page.locator('#chart svg rect.bar').count()).toBeGreaterThan(1);
    expect(await page.locator('#chart svg circle.dot').count()).toBe(1);

    // Credit: both traders, approved, score and level shown; the rejected applicant never traded, so it is not listed.
    await waitFor('two participants', async () => ((await page.locator('#participants tbody tr').count()) === 2 ? true : undefined), 15_000);
    const accounts = await page.locator('#participants tbody tr td:first-child').evaluateAll((tds) => tds.map((td) => td.getAttribute('title')));
    expect(accounts.sort()).toEqual([flow.addresses.sunny, flow.addresses.bea].sort());
    for (const row of await page.locator('#participants tbody tr').all()) {
      const c = await cells(row);
      expect(c[2]).toBe('approved');
      expect(Number(c[4])).toBeGreaterThanOrEqual(0);
      expect(c[5]).toMatch(/^(AAA|AA|A|BBB|BB|B|C)$/);
      expect(c[6]).toMatch(/^10 \/ \d/);
    }
    expect(await text('#escrow-total')).toBe('0.375 TES');
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    await page.screenshot({ path: join(shots, 'dashboard-wide.png'), fullPage: true });
  });

  it('opens a block with its transactions and receipts on click', async () => {
    const dialog = page.locator('#block-dialog');
    // Rows move down as blocks arrive: name the link by its target, not by its position.
    const height = number(await page.locator('#blocks tbody tr a').first().innerText());
    await page.locator(`#blocks a[href="#block/${height}"]`).click();
    await dialog.waitFor({ state: 'visible' });
    expect(await text('#block-dialog-h')).toBe(`Block ${height.toLocaleString('en-US')}`);
    await page.locator('#block-dialog .detail').waitFor();
    expect(await text('#block-dialog .detail')).toContain('Canonical');
    await page.click('#block-close');
    await dialog.waitFor({ state: 'hidden' });

    // The trade's block holds the pick, with its payload and a successful receipt.
    await page.locator('#trades tbody tr', { hasText: '#1' }).locator('a').click();
    await dialog.waitFor({ state: 'visible' });
    const pick = page.locator('#block-txs tbody tr', { hasText: 'market.pick' });
    await pick.waitFor();
    const c = await cells(pick);
    expect(c.slice(3)).toEqual(['market.pick', 'listing=1 wh=3,000', '100', 'ok']);
    expect(await pick.locator('td').nth(1).getAttribute('title')).toBe(flow.pickHash);
    expect(await pick.locator('td').nth(2).getAttribute('title')).toBe(flow.addresses!.bea);
    await page.screenshot({ path: join(shots, 'block-detail.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('shows what users wrote as text, never as markup', async () => {
    await page.evaluate((hash) => {
      (globalThis as any).location.hash = hash;
    }, `#block/${flow.rejectBlock}`);
    const review = page.locator('#block-txs tbody tr', { hasText: 'reason=<img' });
    await review.waitFor({ timeout: 10_000 });
    expect(await review.locator('td.payload').textContent()).toContain(`reason=${HOSTILE_REASON}`);
    await page.keyboard.press('Escape');

    await page.fill('#lookup-address', flow.addresses!.eve!);
    await page.click('#lookup button[type=submit]');
    const result = page.locator('#lookup-result tbody tr');
    await result.waitFor({ timeout: 10_000 });
    expect((await cells(result))[2]).toBe(`rejected: ${HOSTILE_REASON}`);
    expect(await page.locator('#xss').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
  });

  it('fits a narrow window, and logged no console errors', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await waitFor('the layout to settle', async () => {
      const overflow = await page.evaluate(() => {
        const root = (globalThis as any).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      return overflow <= 0 ? true : undefined;
    }, 5_000);
    // The chart redraws at the new width, so its text keeps a readable size.
    await waitFor('the chart to redraw at the narrow width', async () => {
      const [drawn, shown] = await page.locator('#chart svg').evaluate((svg) => [Number(svg.getAttribute('viewBox')!.split(' ')[2]), svg.getBoundingClientRect().width]);
      return Math.abs(drawn! - shown!) <= 2 ? true : undefined;
    }, 5_000);
    await page.screenshot({ path: join(shots, 'dashboard-narrow.png'), fullPage: true });
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
