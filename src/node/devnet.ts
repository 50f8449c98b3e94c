import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { addressFromPublicKey } from '../chain/address.ts';
import { generateSecretKey, getPublicKey } from '../chain/crypto/ed25519.ts';
import { genesisToJson } from '../chain/genesis.ts';
import { hasKey, listKeys, saveKey } from '../wallet/keystore.ts';
import { createDevGenesis } from './devSetup.ts';
import { dataDir, writeFileAtomic } from './datadir.ts';
import type { Logger } from './logger.ts';

/** One node of a devnet, as started. */
export interface DevnetNode {
  readonly name: string;
  readonly datadir: string;
  readonly rpc: string;
  readonly p2p: string[];
  readonly miner: string | null;
  readonly proc: ChildProcess;
}

/** Options of a local devnet. */
export interface DevnetOptions {
  /** Folder holding the keystore and one data directory per node. */
  readonly root: string;
  readonly nodes: number;
  readonly miners: number;
  /** Hash-rate cap of each miner. */
  readonly hashrate: number;
  /** Path of bin/tesnode.ts. */
  readonly bin: string;
  readonly password: string;
  readonly log: Logger;
  /** Extra arguments for every `tesnode start`. */
  readonly extraArgs?: readonly string[];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

async function ensureKey(keystore: string, name: string, password: string): Promise<string> {
  if (!(await hasKey(keystore, name))) {
    const secret = generateSecretKey();
    await saveKey({ dir: keystore, name, secret, address: addressFromPublicKey(getPublicKey(secret)), password, allowEmptyPassword: true });
  }
  return (await listKeys(keystore)).find((k) => k.name === name)!.address;
}

/**
 * Prepares (or reuses) a devnet folder: a keystore with `dev`, `authority` and one
 * `minerN` wallet per miner, and the same dev genesis in every node's data directory.
 */
export async function prepareDevnet(opts: DevnetOptions): Promise<{ keystore: string; datadirs: string[] }> {
  const keystore = join(opts.root, 'keystore');
  const devAddress = await ensureKey(keystore, 'dev', opts.password);
  const authority = await ensureKey(keystore, 'authority', opts.password);
  for (let i = 1; i <= opts.miners; i++) await ensureKey(keystore, `miner${i}`, opts.password);
  const genesisFile = join(opts.root, 'genesis.json');
  let genesisJson: string;
  if (await exists(genesisFile)) {
    genesisJson = await readFile(genesisFile, 'utf8');
  } else {
    const g = createDevGenesis(devAddress, authority, Date.now(), 'tesnode-devnet');
    genesisJson = JSON.stringify(genesisToJson(g), null, 2) + '\n';
    await mkdir(opts.root, { recursive: true });
    await writeFileAtomic(genesisFile, genesisJson);
  }
  const datadirs: string[] = [];
  for (let i = 1; i <= opts.nodes; i++) {
    const dir = dataDir(join(opts.root, `node${i}`));
    await mkdir(dir.root, { recursive: true, mode: 0o700 });
    if (!(await exists(dir.genesisFile))) await writeFileAtomic(dir.genesisFile, genesisJson);
    datadirs.push(dir.root);
  }
  return { keystore, datadirs };
}

/** Starts one `tesnode start --json` process and resolves with its start-up summary. */
function startOne(bin: string, args: string[], env: NodeJS.ProcessEnv, name: string, log: Logger): Promise<{ proc: ChildProcess; summary: { rpc: string; p2p?: string[] } }> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [bin, 'start', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let done = false;
    proc.stdout.on('data', (d) => {
      out += d;
      if (done) return;
      try {
        const summary = JSON.parse(out);
        done = true;
        resolvePromise({ proc, summary });
      } catch {
        // summary not complete yet
      }
    });
    // Each node's log lines, prefixed with its name.
    let buf = '';
    proc.stderr.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) log.info(`[${name}] ${line.replace(/^\S+\s+\S+\s+/, '')}`);
    });
    proc.on('exit', (code) => {
      if (!done) reject(new Error(`${name} exited with code ${code} before starting`));
    });
  });
}

/**
 * Starts the devnet: node 1 first, then each further node with every earlier node's
 * p2p address as a peer. RPC and p2p ports are chosen free by the OS.
 */
export async function startDevnet(opts: DevnetOptions): Promise<DevnetNode[]> {
  const { keystore, datadirs } = await prepareDevnet(opts);
  const env = { ...process.env, TESNODE_PASSWORD: opts.password };
  const nodes: DevnetNode[] = [];
  try {
    for (let i = 0; i < opts.nodes; i++) {
      const name = `node${i + 1}`;
      const miner = i < opts.miners ? `miner${i + 1}` : null;
      const peers = nodes.flatMap((n) => n.p2p.slice(0, 1));
      const args = [
        '--datadir', datadirs[i]!, '--keystore', keystore, '--rpc-port', '0', '--p2p-port', '0',
        ...(peers.length ? ['--peers', ...peers] : []),
        ...(miner ? ['--mine', '--miner', miner, '--mine-hashrate', String(opts.hashrate)] : []),
        ...(opts.extraArgs ?? []),
      ];
      const { proc, summary } = await startOne(resolve(opts.bin), args, env, name, opts.log);
      nodes.push({ name, datadir: datadirs[i]!, rpc: summary.rpc, p2p: summary.p2p ?? [], miner, proc });
    }
  } catch (err) {
    await stopDevnet(nodes);
    throw err;
  }
  return nodes;
}

/** Stops every node with SIGTERM and waits for all to exit. */
export async function stopDevnet(nodes: readonly DevnetNode[]): Promise<void> {
  await Promise.all(
    nodes.map(
      (n) =>
        new Promise<void>((r) => {
          if (n.proc.exitCode !== null || n.proc.signalCode !== null) return r();
          n.proc.once('exit', () => r());
          n.proc.kill('SIGTERM');
        }),
    ),
  );
}
