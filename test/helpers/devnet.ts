import { MODULES } from '../../src/node/modules.ts';
/**
 * Multi-process simulations on 127.0.0.1, shared by test/sim and the network benches:
 * a genesis made for the run (block time and difficulty sized to the miners' capped hash
 * rates, deterministic funded accounts), a keystore holding the miner wallets, and real
 * `tesnode start` processes that can be started, restarted and stopped one by one.
 *
 * Every process a SimNet starts is tracked and stopped by `destroy()` (SIGTERM, then
 * SIGKILL after a grace period), including after a failed assertion.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, sign as opensslSign, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genesisToJson, paramsToJson, parseGenesis, type Genesis } from '../../src/chain/genesis.ts';
import { addressFromPublicKey } from '../../src/chain/address.ts';
import { accountIdFromPublicKey } from '../../src/chain/state/accounts.ts';
import { sha256 } from '../../src/chain/hash.ts';
import { DEVNET_DEFAULTS, type ChainParams } from '../../src/chain/params.ts';
import { bytesEqual, toHex, utf8 } from '../../src/chain/bytes.ts';
import { encodeTx, signTx, txHash, txSigningMessage } from '../../src/chain/tx.ts';
import { saveKey } from '../../src/wallet/keystore.ts';
import { verifyStoredState, type VerifyStateReport } from '../../src/node/chain/verifyState.ts';
import { dataDir, readGenesis } from '../../src/node/datadir.ts';
import { rpcCall } from '../../src/rpc/client.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitFor, TESNODE_BIN, type CliResult, type NodeProcess } from './processes.ts';
import { TEST_BALANCE, testKey, type TestKey } from './testChain.ts';
import type { Tx, UnsignedTx } from '../../src/chain/types.ts';

export { waitFor } from './processes.ts';

/** The canonical head as chain_head reports it. */
export interface Head {
  readonly height: number;
  readonly hash: string;
  readonly stateRoot: string;
  readonly cumulativeWork: string;
}

// ---------------------------------------------------------------------------------------
// Signing: OpenSSL, ~20x faster than @noble/curves for the thousands of transactions a
// flood or a bench needs. Ed25519 signatures are deterministic, so both give the same
// bytes; `signTxFast` checks that once against the node's own signer.

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const keyObjects = new Map<string, KeyObject>();
let signerChecked = false;

/** Signs a transaction with OpenSSL; the signature is byte-identical to signTx's. */
export function signTxFast(tx: UnsignedTx, secret: Uint8Array): Tx {
  const id = toHex(secret);
  let key = keyObjects.get(id);
  if (!key) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, secret]), format: 'der', type: 'pkcs8' });
    keyObjects.set(id, key);
  }
  const signed: Tx = { ...tx, sig: new Uint8Array(opensslSign(null, txSigningMessage(tx), key)) };
  if (!signerChecked) {
    if (!bytesEqual(signed.sig, signTx(tx, secret).sig)) throw new Error('OpenSSL and @noble/curves disagree on an ed25519 signature');
    signerChecked = true;
  }
  return signed;
}

/** A signed transfer, ready for tx_send. */
export interface SignedTransfer {
  readonly tx: Tx;
  /** Hex of the encoded transaction (tx_send's `tx`). */
  readonly hex: string;
  /** Hex transaction id (tx_get's `hash`). */
  readonly hash: string;
}

/** A transfer of `amount` µTES from `from` to the 20-byte account `to`. */
export function makeSimTransfer(chainId: string, from: Pick<TestKey, 'pub' | 'secret'>, to: Uint8Array, amount: bigint, nonce: number, fee = 100n): SignedTransfer {
  const tx = signTxFast({ chainId, from: from.pub, nonce, fee, kind: 'transfer', payload: { to: new Uint8Array(to), amount } }, from.secret);
  return { tx, hex: toHex(encodeTx(tx)), hash: toHex(txHash(tx)) };
}

// ---------------------------------------------------------------------------------------
// Genesis

/** Shape of a simulation chain. */
export interface SimChainOptions {
  readonly chainId?: string;
  /** Target block spacing (default 500 ms). */
  readonly blockTimeMs?: number;
  /**
   * Hashes the network is expected to spend per block: the genesis target is
   * 2^256 / hashesPerBlock. Size it as (sum of the miners' --mine-hashrate) × blockTime.
   */
  readonly hashesPerBlock: number;
  /** ASERT half-life (default 20 s: a short run adapts within it). */
  readonly asertHalfLifeMs?: number;
  /** Funded deterministic accounts (default 8), 1,000 TES each. */
  readonly accounts?: number;
  /** Seed of those accounts' keys (default 7). */
  readonly seed?: number;
  /** Genesis time (default: now). */
  readonly timestamp?: number;
  /** Any other parameter (maxBlockTxs, …). */
  readonly params?: Partial<ChainParams>;
}

/**
 * testKey(seed, i) with the public key derived by OpenSSL: the same key (the secret is
 * SHA-256 of the same text), made fast enough for the thousands of accounts a bench funds.
 */
export function fastTestKey(seed: number | string, i: number): TestKey {
  const secret = sha256(utf8(`tesnode-test-key/${seed}/${i}`));
  const jwk = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, secret]), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  const pub = new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
  return { secret, pub, id: new Uint8Array(accountIdFromPublicKey(pub)), address: addressFromPublicKey(pub) };
}

/** A genesis for a simulation and the keys of its funded accounts (1,000 TES each). */
export function createSimGenesis(o: SimChainOptions): { genesis: Genesis; accounts: TestKey[] } {
  const genesisTarget = (1n << 256n) / BigInt(o.hashesPerBlock);
  const easiest = DEVNET_DEFAULTS.maxTarget > genesisTarget ? DEVNET_DEFAULTS.maxTarget : genesisTarget;
  const accounts = Array.from({ length: o.accounts ?? 8 }, (_, i) => fastTestKey(o.seed ?? 7, i));
  const genesis = parseGenesis({
    chainId: o.chainId ?? 'tesnode-sim',
    timestamp: o.timestamp ?? Date.now(),
    params: paramsToJson({ ...DEVNET_DEFAULTS, blockTimeMs: o.blockTimeMs ?? 500, asertHalfLifeMs: o.asertHalfLifeMs ?? 20_000, genesisTarget, maxTarget: easiest, ...o.params }),
    alloc: accounts.map((k) => ({ address: k.address, balance: TEST_BALANCE.toString() })),
  }, MODULES);
  return { genesis, accounts };
}

/** Key of miner wallet `minerN` (1-based), the same in every run. */
export function simMinerKey(n: number): TestKey {
  return testKey('sim-miner', n);
}

// ---------------------------------------------------------------------------------------
// Processes

/** How to start one node. */
export interface SimNodeOptions {
  /** Mine as wallet `miner<n>` (1-based). */
  readonly miner?: number;
  /** Hash-rate cap of the miner (H/s). */
  readonly hashrate?: number;
  /** Nodes (or multiaddrs) to dial at start. */
  readonly peers?: ReadonlyArray<SimNode | string>;
  /** Run without networking. */
  readonly noP2p?: boolean;
  readonly logLevel?: 'debug' | 'info' | 'warn';
  /** Data directory (default: <root>/<name>, made from the genesis). */
  readonly datadir?: string;
}

/** A running `tesnode start` of a SimNet. */
export class SimNode {
  readonly name: string;
  readonly datadir: string;
  readonly opts: SimNodeOptions;
  readonly proc: NodeProcess;
  private stopped: Promise<void> | undefined;

  constructor(name: string, datadir: string, opts: SimNodeOptions, proc: NodeProcess) {
    this.name = name;
    this.datadir = datadir;
    this.opts = opts;
    this.proc = proc;
  }

  get rpc(): string {
    return this.proc.rpc;
  }

  /** Its p2p multiaddr (with /p2p/<peer id>). */
  get p2p(): string {
    const a = this.proc.summary.p2p?.[0];
    if (!a) throw new Error(`${this.name} runs without p2p`);
    return a;
  }

  get peerId(): string {
    return this.proc.summary.peerId;
  }

  /** Miner address, when it mines. */
  get minerAddress(): string | undefined {
    return this.proc.summary.miner?.address;
  }

  get running(): boolean {
    return this.proc.proc.exitCode === null && this.proc.proc.signalCode === null;
  }

  /** One JSON-RPC call. */
  call<T = any>(method: string, params?: unknown): Promise<T> {
    return rpcCall<T>(this.rpc, method, params);
  }

  head(): Promise<Head> {
    return this.call<Head>('chain_head');
  }

  /** Everything it logged. */
  logs(): string {
    return this.proc.logs();
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs = 10_000): Promise<void> {
    this.stopped ??= stopProcess(this.proc, graceMs);
    return this.stopped;
  }
}

/** SIGTERM and wait; SIGKILL when the grace period runs out. */
export async function stopProcess(np: NodeProcess, graceMs = 10_000): Promise<void> {
  const { proc } = np;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), graceMs)));
  if ((await Promise.race([exited, late])) === 'late') {
    proc.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** Options of SimNet.create. */
export interface SimNetOptions {
  /** The chain to make, or a genesis made elsewhere with the keys of its funded accounts. */
  readonly chain: SimChainOptions | { readonly genesis: Genesis; readonly accounts: TestKey[] };
  /** Miner wallets to put in the keystore (miner1…minerN). */
  readonly miners: number;
}

/** The processes, keystore and genesis of one simulation. */
export class SimNet {
  readonly root: string;
  readonly keystore: string;
  readonly genesis: Genesis;
  readonly genesisJson: string;
  /** Funded accounts of the genesis, for signing. */
  readonly accounts: TestKey[];
  readonly env: NodeJS.ProcessEnv;
  readonly nodes: SimNode[] = [];
  private readonly cleanup: () => Promise<void>;

  private constructor(root: string, cleanup: () => Promise<void>, genesis: Genesis, accounts: TestKey[]) {
    this.root = root;
    this.cleanup = cleanup;
    this.keystore = join(root, 'keystore');
    this.genesis = genesis;
    this.genesisJson = JSON.stringify(genesisToJson(genesis), null, 2) + '\n';
    this.accounts = accounts;
    this.env = childEnv(root);
  }

  /** A temporary root with the genesis and a keystore of miner wallets. */
  static async create(opts: SimNetOptions): Promise<SimNet> {
    const { dir, cleanup } = await tempDir('tesnode-sim-');
    const { genesis, accounts } = 'genesis' in opts.chain ? opts.chain : createSimGenesis(opts.chain);
    const net = new SimNet(dir, cleanup, genesis, accounts);
    await writeFile(join(dir, 'genesis.json'), net.genesisJson);
    for (let i = 1; i <= opts.miners; i++) {
      const k = simMinerKey(i);
      await saveKey({ dir: net.keystore, name: `miner${i}`, secret: k.secret, address: k.address, password: net.env.TESNODE_PASSWORD! });
    }
    return net;
  }

  get chainId(): string {
    return this.genesis.chainId;
  }

  /** Writes the genesis into a data directory (what `tesnode init` installs). */
  async prepareDatadir(datadir: string): Promise<void> {
    await mkdir(datadir, { recursive: true, mode: 0o700 });
    await writeFile(join(datadir, 'genesis.json'), this.genesisJson);
  }

  /** Starts `tesnode start` for node `name` and waits for its start-up summary. */
  async start(name: string, opts: SimNodeOptions = {}): Promise<SimNode> {
    const datadir = opts.datadir ?? join(this.root, name);
    await this.prepareDatadir(datadir);
    const peers = (opts.peers ?? []).map((p) => (typeof p === 'string' ? p : p.p2p));
    const args = [
      '--datadir', datadir,
      '--keystore', this.keystore,
      '--log-level', opts.logLevel ?? 'info',
      ...(opts.noP2p ? ['--no-p2p'] : ['--p2p-host', '127.0.0.1']),
      ...(peers.length ? ['--peers', ...peers] : []),
      ...(opts.miner ? ['--mine', '--miner', `miner${opts.miner}`, '--mine-hashrate', String(opts.hashrate ?? 10_000)] : []),
    ];
    const proc = await startNodeProcess(args, this.env);
    const node = new SimNode(name, datadir, opts, proc);
    this.nodes.push(node);
    return node;
  }

  /** Stops a node and starts it again on the same data directory with changed options. */
  async restart(node: SimNode, change: Partial<SimNodeOptions> = {}): Promise<SimNode> {
    await node.stop();
    return this.start(node.name, { ...node.opts, datadir: node.datadir, ...change });
  }

  /** Runs the CLI in this network's environment. */
  cli(args: string[]): Promise<CliResult> {
    return runCli(args, this.env);
  }

  /**
   * What `tesnode verify-state` reports for a stopped node's data directory: the state root
   * recomputed from every stored entry, beside the head header's and the stored accumulator's.
   * Run in this process (the command's own code), which is much cheaper than spawning it.
   */
  async verifyState(node: SimNode): Promise<VerifyStateReport> {
    if (node.running) throw new Error(`stop ${node.name} before verify-state`);
    const dir = dataDir(node.datadir);
    return verifyStoredState(dir.dbDir, await readGenesis(dir));
  }

  /** The last lines each node logged, for a failing test's report. */
  tailLogs(lines = 40): string {
    return this.nodes.map((n) => `----- ${n.name} (${n.running ? 'running' : 'stopped'}) -----\n${n.logs().split('\n').slice(-lines).join('\n')}`).join('\n');
  }

  /** Stops every node (SIGKILL after the grace period) and removes the root. */
  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    await this.cleanup();
  }
}

// ---------------------------------------------------------------------------------------
// `tesnode devnet` as a user runs it

/** A node as `tesnode devnet --json` lists it. */
export interface DevnetCliNode {
  readonly name: string;
  readonly rpc: string;
  readonly p2p: string | null;
  readonly miner: string | null;
  readonly datadir: string;
}

/** A running `tesnode devnet` command and the nodes it started. */
export interface DevnetCli {
  readonly proc: ChildProcess;
  readonly keystore: string;
  readonly nodes: DevnetCliNode[];
  /** What the command and its nodes logged. */
  logs(): string;
  /** SIGTERM (the command stops its nodes); SIGKILL to its process group after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs `tesnode devnet --json` in its own process group, so that even if the command
 * hangs its nodes can be killed with it; resolves once it printed the node list.
 */
export function startDevnetCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<DevnetCli> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [TESNODE_BIN, 'devnet', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const alive = () => proc.exitCode === null && proc.signalCode === null;
    const killGroup = () => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const stop = async (graceMs = 15_000) => {
      if (alive()) {
        proc.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), graceMs)));
        const outcome = await Promise.race([exited, late]);
        clearTimeout(timer);
        if (outcome !== 'late') return;
      }
      // The command is gone or stuck: make sure no node of its group outlives it.
      killGroup();
      await exited;
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`tesnode devnet did not start within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => fail(new Error(`tesnode devnet exited with ${code} before starting:\n${stderr}`)));
    proc.stdout.on('data', (d) => {
      stdout += d;
      if (settled) return;
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        return; // not complete yet
      }
      settled = true;
      clearTimeout(timer);
      resolvePromise({ proc, keystore: json.keystore, nodes: json.nodes, logs: () => stderr, stop });
    });
  });
}

// ---------------------------------------------------------------------------------------
// Conditions over several nodes, polled with a deadline

/** Anything with a name and a JSON-RPC URL: a SimNode, or a node of `tesnode devnet`. */
export interface RpcNode {
  readonly name: string;
  readonly rpc: string;
}

/** One JSON-RPC call to a node. */
export function call<T = any>(node: RpcNode, method: string, params?: unknown): Promise<T> {
  return rpcCall<T>(node.rpc, method, params);
}

/** One reply of a JSON-RPC batch: a result, or an error with the node's code in `data.code`. */
export type BatchReply = { result: any; error?: undefined } | { result?: undefined; error: { code: number; message: string; data?: { code?: string } } };

/** Sends one JSON-RPC batch (≤ 100 calls, the server's limit) and returns the replies in call order. */
export async function rpcBatch(node: RpcNode, calls: ReadonlyArray<{ method: string; params?: unknown }>, timeoutMs = 30_000): Promise<BatchReply[]> {
  const body = calls.map((c, id) => ({ jsonrpc: '2.0', id, method: c.method, ...(c.params === undefined ? {} : { params: c.params }) }));
  const res = await fetch(node.rpc, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  const replies = (await res.json()) as Array<{ id: number } & BatchReply>;
  if (!Array.isArray(replies)) throw new Error(`batch refused: ${JSON.stringify(replies).slice(0, 300)}`);
  const out: BatchReply[] = new Array(calls.length);
  for (const r of replies) out[r.id] = r;
  return out;
}

/** Waits until every node reports the same head at height ≥ `minHeight`; returns it. */
export function waitForSameHead(nodes: readonly RpcNode[], minHeight = 0, timeoutMs = 30_000): Promise<Head> {
  return waitFor(`the same head on ${nodes.map((n) => n.name).join(', ')} at height ≥ ${minHeight}`, async () => {
    const heads = await Promise.all(nodes.map((n) => call<Head>(n, 'chain_head')));
    const first = heads[0]!;
    return first.height >= minHeight && heads.every((h) => h.hash === first.hash) ? first : undefined;
  }, timeoutMs, 50);
}

/** Waits until a node has `count` peers that completed the status handshake. */
export function waitForPeers(node: RpcNode, count: number, timeoutMs = 20_000): Promise<void> {
  return waitFor(`${node.name} to have ${count} peers`, async () => {
    const r = await call<{ peers: Array<{ status?: unknown }> }>(node, 'p2p_peers');
    return r.peers.filter((p) => p.status).length >= count ? true : undefined;
  }, timeoutMs).then(() => undefined);
}

/** A transaction as tx_get reports it once it is in a block. */
export interface IncludedTx {
  readonly status: 'included' | 'failed';
  readonly blockHash: string;
  readonly blockHeight: number;
}

/** Waits until the transaction is in the same canonical block on every node. */
export function waitForTxEverywhere(nodes: readonly RpcNode[], hash: string, timeoutMs = 30_000): Promise<IncludedTx> {
  return waitFor(`transaction ${hash.slice(0, 16)} in the same block on ${nodes.map((n) => n.name).join(', ')}`, async () => {
    const seen = await Promise.all(nodes.map((n) => call<any>(n, 'tx_get', { hash }).catch(() => undefined)));
    const first = seen[0];
    if (!first || first.status === 'pending') return undefined;
    return seen.every((t) => t && t.status !== 'pending' && t.blockHash === first.blockHash) ? (first as IncludedTx) : undefined;
  }, timeoutMs, 50);
}

/** Heads of all nodes at one moment. */
export function heads(nodes: readonly RpcNode[]): Promise<Head[]> {
  return Promise.all(nodes.map((n) => call<Head>(n, 'chain_head')));
}

// ---------------------------------------------------------------------------------------
// Logs

/** One parsed line of a node's text log: `ISO-TIME LEVEL message k=v …`. */
export interface LogLine {
  readonly time: number;
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, string>;
}

/** Parses a node's text log; lines of another shape are skipped. */
export function parseLog(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[3]!;
    // The message runs up to the first ` key=` field.
    const fieldStart = rest.search(/ [A-Za-z]\w*=/);
    const msg = fieldStart < 0 ? rest : rest.slice(0, fieldStart);
    const fields: Record<string, string> = {};
    if (fieldStart >= 0) for (const f of rest.slice(fieldStart + 1).matchAll(/([A-Za-z]\w*)=(\S*)/g)) fields[f[1]!] = f[2]!;
    out.push({ time: Date.parse(m[1]!), level: m[2]!, msg, fields });
  }
  return out;
}
