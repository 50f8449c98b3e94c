import { copyFile, readFile } from 'node:fs/promises';
import { MODULES } from '../node/modules.ts';
import { resolve } from 'node:path';
import { toHex } from '../chain/bytes.ts';
import { Chain } from '../node/chain/chain.ts';
import { parseGenesis } from '../chain/genesis.ts';
import { verifyStoredState } from '../node/chain/verifyState.ts';
import { verifyStore } from '../node/chain/verifyStore.ts';
import { repairStore } from '../node/chain/repairStore.ts';
import { dataDir, ensureDataDir, readConfig, readGenesis, DEFAULT_DATADIR, DEFAULT_DEV_DATADIR, type DataDir } from '../node/datadir.ts';
import { DEFAULT_RPC_URL } from '../node/defaults.ts';
import { ensureDevSetup, DEV_WALLET } from '../node/devSetup.ts';
import { createLogger } from '../node/logger.ts';
import { startNode } from '../node/node.ts';
import { DEV_WALLET_RULE } from '../wallet/password.ts';
import { CliError, emit, table, type OutputOptions } from './output.ts';
import { rpcCall } from '../rpc/client.ts';
import { unlockWallet } from './unlock.ts';
import { explainStartFailure } from './startFailure.ts';
import { createProgress } from './progress.ts';
import { formatRepair, formatVerifyState, formatVerifyStore } from './storeOutput.ts';

/** Options of `tesnode start`. */
export interface StartOptions extends OutputOptions {
  datadir?: string;
  dev?: boolean;
  mine?: boolean;
  miner?: string;
  mineHashrate?: number;
  keystore: string;
  passwordFile?: string;
  rpcHost: string;
  rpcPort: number;
  /** false with --no-p2p. */
  p2p: boolean;
  p2pHost?: string;
  p2pPort: number;
  peers?: string[];
  logLevel: 'debug' | 'info' | 'warn';
  logJson?: boolean;
  /** Blocks below the head read back before the node starts (see docs/storage.md). */
  checkBlocks?: number;
}

/** Hash-rate cap of a dev miner: the dev genesis expects ~20,000 hashes per one-second block. */
const DEV_HASHRATE = 20_000;

/** `tesnode start`: runs a node until SIGINT/SIGTERM. */
export async function startCommand(opts: StartOptions): Promise<void> {
  const log = createLogger({ level: opts.logLevel, ...(opts.logJson ? { json: true } : {}) });
  const dir = dataDir(resolve(opts.datadir ?? (opts.dev ? DEFAULT_DEV_DATADIR : DEFAULT_DATADIR)));
  if (opts.dev) await ensureDevSetup({ dir, keystore: opts.keystore, log, now: Date.now() });
  const genesis = await readGenesis(dir);
  const mine = opts.mine ?? opts.dev ?? false;
  const minerName = opts.miner ?? (opts.dev ? DEV_WALLET : undefined);
  if (mine && !minerName) throw new CliError('NO_MINER', '--mine needs a wallet to mine with: pass --miner NAME (create one with `tesnode wallet new NAME`)');
  const minerKey = mine ? await unlockWallet(minerName!, opts) : undefined;
  const hashrateCap = opts.mineHashrate ?? (opts.dev ? DEV_HASHRATE : undefined);
  // A dev chain listens on loopback only; a network node on every interface.
  const p2pHost = opts.p2pHost ?? (opts.dev ? '127.0.0.1' : '0.0.0.0');
  const bootstrap = [...(await readConfig(dir)).bootstrap, ...(opts.peers ?? [])];

  const node = await startNode({
    dir,
    genesis,
    rpcHost: opts.rpcHost,
    rpcPort: opts.rpcPort,
    log,
    ...(opts.p2p ? { p2p: { listen: [`/ip4/${p2pHost}/tcp/${opts.p2pPort}`], bootstrap } } : {}),
    ...(minerKey ? { minerSecret: minerKey.secret } : {}),
    ...(hashrateCap ? { hashrateCap } : {}),
    ...(opts.checkBlocks !== undefined ? { checkBlocks: opts.checkBlocks } : {}),
  }).catch((err: unknown) => {
    throw explainStartFailure(err, { ...opts, p2pHost });
  });
  const summary = {
    chainId: genesis.chainId,
    genesisHash: toHex(node.chain.genesisHash),
    datadir: dir.root,
    rpc: node.rpc.url,
    dashboard: `${node.rpc.url}/`,
    p2p: node.p2p ? node.p2p.multiaddrs() : null,
    peerId: node.p2p?.peerId ?? null,
    height: node.chain.head.header.height,
    miner: minerKey ? { wallet: minerName, address: minerKey.address, hashrateCap: hashrateCap ?? null } : null,
  };
  emit(opts, summary, () =>
    [
      `tesnode ${opts.dev ? 'dev chain' : 'node'} '${genesis.chainId}' (genesis ${summary.genesisHash.slice(0, 16)}…) at height ${summary.height}`,
      table([
        ['data dir', dir.root],
        ['RPC', node.rpc.url],
        ['dashboard', `${node.rpc.url}/`],
        ['p2p', summary.p2p ? summary.p2p.join(' ') : 'off'],
        ['mining', minerKey ? `as ${minerKey.address} (wallet '${minerName}'${hashrateCap ? `, capped at ${hashrateCap} H/s` : ''})` : 'off'],
      ]),
      opts.dev ? `wallets: 'dev' (the miner) and 'authority' (validator, dispatcher, meter, reserve); ${DEV_WALLET_RULE}` : '',
      opts.dev ? `try: tesnode wallet balance dev${node.rpc.url === DEFAULT_RPC_URL ? '' : ` --rpc ${node.rpc.url}`}` : '',
      'stop with Ctrl-C',
    ].filter(Boolean).join('\n'),
  );

  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      node.stop().then(resolveStop, (err) => {
        log.error('error while stopping', { error: String(err) });
        resolveStop();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** `tesnode init --genesis FILE`: validates a genesis, installs it in the data directory and creates the database. */
export async function initCommand(opts: OutputOptions & { datadir?: string; genesis?: string }): Promise<void> {
  if (!opts.genesis) throw new CliError('NO_GENESIS', 'init needs the network\'s genesis file: pass --genesis FILE (or use `tesnode start --dev` for a dev chain)');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(opts.genesis, 'utf8'));
  } catch (err) {
    throw new CliError('BAD_GENESIS', `cannot read ${opts.genesis} as JSON: ${(err as Error).message}`);
  }
  const genesis = parseGenesis(json, MODULES);
  const dir = dataDir(resolve(opts.datadir ?? DEFAULT_DATADIR));
  await ensureDataDir(dir);
  const existing = await readGenesis(dir).catch(() => undefined);
  if (!existing) await copyFile(opts.genesis, dir.genesisFile);
  const chain = await Chain.open({ dbDir: dir.dbDir, genesis: existing ?? genesis });
  const out = { datadir: dir.root, chainId: chain.ctx.chainId, genesisHash: toHex(chain.genesisHash), height: chain.head.header.height };
  await chain.close();
  emit(opts, out, table([['data dir', out.datadir], ['chain', out.chainId], ['genesis', out.genesisHash], ['height', out.height]]));
}

/** Options of the commands that read a stopped node's data directory. */
export interface StoreCommandOptions extends OutputOptions {
  datadir?: string;
  dev?: boolean;
}

function storeDir(opts: StoreCommandOptions): DataDir {
  return dataDir(resolve(opts.datadir ?? (opts.dev ? DEFAULT_DEV_DATADIR : DEFAULT_DATADIR)));
}

/** The same command for the same data directory, as the user would type it. */
function commandOn(dir: DataDir, command: string): string {
  return `tesnode ${command} --datadir ${dir.root}`;
}

/** `tesnode verify-state`: recomputes the head state root from scratch, and checks the block store it rests on. */
export async function verifyStateCommand(opts: StoreCommandOptions): Promise<void> {
  const dir = storeDir(opts);
  const progress = createProgress('verify-state');
  const r = await verifyStoredState(dir.dbDir, await readGenesis(dir), (p) => progress.update(p)).finally(() => progress.stop());
  emit(opts, r, () => formatVerifyState(r, commandOn(dir, 'verify-store')));
  if (!r.ok) process.exitCode = 2;
}

/** `tesnode verify-store`: reads back every record of a stopped node's store and lists what is damaged. */
export async function verifyStoreCommand(opts: StoreCommandOptions): Promise<void> {
  const dir = storeDir(opts);
  const progress = createProgress('verify-store');
  const r = await verifyStore({ dbDir: dir.dbDir, genesis: await readGenesis(dir), onProgress: (p) => progress.update(p) }).finally(() => progress.stop());
  emit(opts, r, () => formatVerifyStore(r, commandOn(dir, 'repair')));
  if (!r.ok) process.exitCode = 2;
}

/** `tesnode repair`: restores a sound store after damage (rollback, rebuild, LevelDB's file repair). */
export async function repairCommand(opts: StoreCommandOptions & { dryRun?: boolean }): Promise<void> {
  const dir = storeDir(opts);
  const progress = createProgress('repair');
  const r = await repairStore({ dbDir: dir.dbDir, genesis: await readGenesis(dir), dryRun: opts.dryRun ?? false, onProgress: (p) => progress.update(p) }).finally(() => progress.stop());
  emit(opts, r, () => formatRepair(r));
  if (!r.dryRun && !r.after.ok) process.exitCode = 2;
}

/** `tesnode peers`: this node's addresses, its peers with their heights and scores, bans. */
export async function peersCommand(opts: OutputOptions & { rpc: string }): Promise<void> {
  const r = await rpcCall<any>(opts.rpc, 'p2p_peers');
  emit(opts, r, () => {
    const lines = [`peer id ${r.peerId}`, ...r.multiaddrs.map((a: string) => `listening ${a}`), `${r.peers.length} peers${r.sync.syncing ? `, syncing ${r.sync.height}/${r.sync.target}` : ''}:`];
    for (const p of r.peers) lines.push(`  ${p.peerId}  ${p.direction.padEnd(8)} height ${p.height ?? '?'}  score ${Math.round(p.score)}  ${p.addresses[0] ?? ''}`);
    for (const b of r.bans) lines.push(`  banned ${b.peerId} until ${new Date(b.until).toISOString()}: ${b.reason}`);
    return lines.join('\n');
  });
}
