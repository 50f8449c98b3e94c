/**
 * The command line answers at once because it loads only what a command runs: `--help`,
 * `--version`, `wallet list` and `wallet balance` must not load the chain's codec and
 * transactions, the market, the module registry's state code, storage or networking
 * (speed itself is measured, not asserted: see the README and docs/bench.md). Each case
 * runs the real bin/tesnode.ts with a preload that records every file it loads.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESNODE_BIN, tempDir } from '../helpers/processes.ts';

const TRACE = resolve(import.meta.dirname, '../helpers/importTrace.ts');

// What a quick command must never load: each costs tens to hundreds of milliseconds.
const HEAVY = [
  /^src\/chain\/tx\.ts$/,
  /^src\/chain\/codec\.ts$/,
  /^src\/chain\/crypto\//,
  /^src\/market\//,
  /^src\/node\/modules\.ts$/,
  /^src\/node\/(node|datadir)\.ts$/,
  /node_modules\/(libp2p|@libp2p|@chainsafe|level|classic-level|msgpackr|pino)\//,
];

describe('quick commands load only what they run', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    home = await tempDir('tesnode-startup-');
  });
  afterAll(async () => {
    await home?.cleanup();
  });

  async function loaded(args: string[]): Promise<{ code: number | null; files: string[]; stdout: string }> {
    const trace = join(home.dir, `trace-${args.join('-').replace(/[^a-z0-9-]/gi, '')}.txt`);
    const env = { ...process.env, TESNODE_HOME: home.dir, TESNODE_IMPORT_TRACE: trace };
    const r = await new Promise<{ code: number | null; stdout: string }>((done, fail) => {
      const child = spawn(process.execPath, ['--import', TRACE, TESNODE_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout }));
    });
    const files = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    return { ...r, files };
  }

  const heavyIn = (files: string[]) => files.filter((f) => HEAVY.some((re) => re.test(f)));

  it('--help and --version', async () => {
    const help = await loaded(['--help']);
    expect(help.stdout).toContain('Usage: tesnode');
    expect(help.stdout).toContain('market');
    expect(heavyIn(help.files)).toEqual([]);
    const version = await loaded(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(heavyIn(version.files)).toEqual([]);
  });

  it('wallet list and wallet balance', async () => {
    const list = await loaded(['wallet', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('no wallets');
    expect(heavyIn(list.files)).toEqual([]);
    // No node answers on this port: the command fails, having loaded only what it needed.
    const balance = await loaded(['wallet', 'balance', 'tes1qgpqyqszqgpqyqszqgpqyqszqgpqyqszkl8vr7', '--rpc', 'http://127.0.0.1:9']);
    expect(balance.code).toBe(1);
    expect(heavyIn(balance.files)).toEqual([]);
  });

  it('the check sees a heavy command load the market (so it can fail)', async () => {
    const help = await loaded(['market', 'book', '--help']);
    expect(help.stdout).toContain('--period');
    expect(heavyIn(help.files).some((f) => f.startsWith('src/market/'))).toBe(true);
  });
});
