import type { ModuleSet } from '../../src/chain/module/moduleSet.ts';
import { MODULES } from '../../src/node/modules.ts';
/**
 * Shared helpers for tests that need a chain: deterministic keys and genesis, blocks
 * mined in-process against an easy target (about one hash in two meets it), chains on
 * temporary LevelDB directories with a clock the test controls, and signed transfers.
 *
 * Everything is deterministic: keys come from a seed, nonce searches start at 0, and
 * timestamps default to the ASERT schedule (parent time + blockTimeMs), which keeps the
 * base target at the genesis target so every block proves the same work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chain, type HeadChange } from '../../src/node/chain/chain.ts';
import { Mempool } from '../../src/node/mempool/mempool.ts';
import { buildBlockTemplate } from '../../src/node/mining/blockTemplate.ts';
import { BLOCK_VERSION, computeTxRoot, headerHash, signHeader } from '../../src/chain/block.ts';
import { utf8 } from '../../src/chain/bytes.ts';
import { BlockError } from '../../src/chain/chainError.ts';
import { sha256 } from '../../src/chain/hash.ts';
import { getPublicKey } from '../../src/chain/crypto/ed25519.ts';
import { addressFromPublicKey } from '../../src/chain/address.ts';
import { accumulateState, createGenesisBlock, createGenesisState, parseGenesis, paramsToJson, AUTHORITY_ROLES, type Genesis } from '../../src/chain/genesis.ts';
import { DEVNET_DEFAULTS, type ChainParams } from '../../src/chain/params.ts';
import { accountIdFromPublicKey, getAccount, getMinerCredit } from '../../src/chain/state/accounts.ts';
import { applyBlock } from '../../src/chain/stf/applyBlock.ts';
import { signTx } from '../../src/chain/tx.ts';
import { expectedBaseTarget } from '../../src/consensus/validateBlock.ts';
import { boostedTarget, hashMeetsTarget } from '../../src/consensus/work.ts';
import type { LtHash } from '../../src/chain/state/ltHash.ts';
import type { MemoryState, StateReader } from '../../src/chain/state/stateReader.ts';
import type { ChainContext } from '../../src/chain/module/context.ts';
import type { Block, BlockHeader, Tx } from '../../src/chain/types.ts';

/** Chain id of every test genesis unless overridden. */
export const TEST_CHAIN_ID = 'tesnode-test';
/** Genesis time of every test genesis unless overridden (2023-11-14, a fixed instant). */
export const TEST_GENESIS_TIME = 1_700_000_000_000;
/** Base target at which about every other hash is a valid proof of work. */
export const EASY_TARGET = 1n << 255n;
/** Balance of every funded test account: 1,000 TES. */
export const TEST_BALANCE = 1_000_000_000n;
/** Default fee of test transfers (the dev chains' minFee). */
export const TEST_FEE = 100n;

/**
 * Parameters of test chains: the dev chain's, with an easy target that ASERT cannot
 * make easier (genesisTarget = maxTarget) and one-second blocks.
 */
export const TEST_PARAMS: ChainParams = {
  ...DEVNET_DEFAULTS,
  genesisTarget: EASY_TARGET,
  maxTarget: EASY_TARGET,
  blockTimeMs: 1000,
  asertHalfLifeMs: 60_000,
};

/** A deterministic test key pair with its account id and address. */
export interface TestKey {
  readonly secret: Uint8Array;
  readonly pub: Uint8Array;
  /** 20-byte account id (what transfers pay to). */
  readonly id: Uint8Array;
  readonly address: string;
}

/** Key `i` of seed `seed`: secret = SHA-256("tesnode-test-key/<seed>/<i>"). */
export function testKey(seed: number | string, i: number): TestKey {
  const secret = sha256(utf8(`tesnode-test-key/${seed}/${i}`));
  const pub = getPublicKey(secret);
  return { secret, pub, id: new Uint8Array(accountIdFromPublicKey(pub)), address: addressFromPublicKey(pub) };
}

/** Options of {@link createTestGenesis}. */
export interface TestGenesisOptions {
  /** Funded accounts (default 4); keys[0] also holds every authority role. */
  readonly accounts?: number;
  /** Seed of the keys (default 1). */
  readonly seed?: number;
  readonly params?: Partial<ChainParams>;
  readonly timestamp?: number;
  readonly chainId?: string;
  /** Balance of each account (default TEST_BALANCE). */
  readonly balance?: bigint;
  /** The modules the chain runs (default: the registry's). */
  readonly modules?: ModuleSet;
}

/**
 * A genesis with `accounts` deterministic funded keys; keys[0] holds every authority
 * role. Built through parseGenesis, so it is a genesis a real node would accept.
 */
export function createTestGenesis(opts: TestGenesisOptions = {}): { genesis: Genesis; keys: TestKey[] } {
  const n = opts.accounts ?? 4;
  const keys = Array.from({ length: n }, (_, i) => testKey(opts.seed ?? 1, i));
  const balance = opts.balance ?? TEST_BALANCE;
  const genesis = parseGenesis({
    chainId: opts.chainId ?? TEST_CHAIN_ID,
    timestamp: opts.timestamp ?? TEST_GENESIS_TIME,
    params: paramsToJson({ ...TEST_PARAMS, ...opts.params }),
    alloc: keys.map((k) => ({ address: k.address, balance: balance.toString() })),
    authorities: keys.length ? [{ address: keys[0]!.address, roles: [...AUTHORITY_ROLES] }] : [],
  }, opts.modules ?? MODULES);
  return { genesis, keys };
}

/** The state-transition context of a genesis. */
export function contextOf(genesis: Genesis): ChainContext {
  return { chainId: genesis.chainId, genesisTime: genesis.timestamp, params: genesis.params, modules: genesis.modules };
}

/** Genesis state, accumulator, block and hash, computed in memory (no database). */
export function genesisParts(genesis: Genesis): { state: MemoryState; acc: LtHash; block: Block; hash: Uint8Array } {
  const state = createGenesisState(genesis);
  const acc = accumulateState(state);
  const block = createGenesisBlock(genesis, acc.root());
  return { state, acc, block, hash: headerHash(block.header) };
}

/** The genesis hash: what identifies a chain. */
export function genesisHashOf(genesis: Genesis): Uint8Array {
  return genesisParts(genesis).hash;
}

/** A signed transfer of `amount` µTES from `from` to `to` (a key or a 20-byte account id). */
export function makeTransfer(from: TestKey, to: TestKey | Uint8Array, amount: bigint, nonce: number, fee: bigint = TEST_FEE, chainId: string = TEST_CHAIN_ID): Tx {
  const toId = to instanceof Uint8Array ? to : to.id;
  return signTx({ chainId, from: from.pub, nonce, fee, kind: 'transfer', payload: { to: new Uint8Array(toId), amount } }, from.secret);
}

/**
 * Searches nonces from 0 with a plain loop until the header's hash meets `target` (or,
 * with `meet` false, until it does not: a block without valid work), then signs.
 */
export function mineHeader(header: BlockHeader, minerSecret: Uint8Array, target: bigint, meet = true): { header: BlockHeader; sig: Uint8Array } {
  for (let nonce = 0n; nonce < 1_000_000n; nonce++) {
    const h = { ...header, nonce };
    if (hashMeetsTarget(headerHash(h), target) === meet) return { header: h, sig: signHeader(h, minerSecret) };
  }
  throw new Error(`no nonce found for target 0x${target.toString(16)}: is the test target easy enough?`);
}

/** How a test block is made, beyond its parent. */
export interface BlockOptions {
  /** Block time; default parent time + blockTimeMs (on the ASERT schedule). */
  readonly timestamp?: number;
  /** Explicit transactions (otherwise a template from the mempool, or none). */
  readonly txs?: readonly Tx[];
  /** Changes the finished header (before the nonce search), to make an invalid block. */
  readonly mutate?: (h: BlockHeader) => BlockHeader;
  /** 'invalid' mines a nonce whose hash misses the miner's target. */
  readonly pow?: 'valid' | 'invalid';
}

/** Everything needed to build a child block without a database. */
export interface BuildBlockInput extends BlockOptions {
  readonly parent: BlockHeader;
  /** State after the parent and its accumulator. */
  readonly state: StateReader;
  readonly acc: LtHash;
  readonly ctx: ChainContext;
  readonly minerSecret: Uint8Array;
}

/**
 * Builds, mines and signs a child of `parent` holding `txs`, with the scheduled base
 * target, the true tx root and the state root from the real state transition (all
 * zeros when the transactions make the block invalid, so tests can build such blocks).
 */
export function buildBlock(input: BuildBlockInput): Block {
  const { parent, state, acc, ctx, minerSecret } = input;
  const txs = [...(input.txs ?? [])];
  const miner = getPublicKey(minerSecret);
  const draft: BlockHeader = {
    version: BLOCK_VERSION,
    parentHash: headerHash(parent),
    height: parent.height + 1,
    timestamp: input.timestamp ?? parent.timestamp + ctx.params.blockTimeMs,
    txRoot: computeTxRoot(txs),
    stateRoot: new Uint8Array(32),
    receiptRoot: new Uint8Array(32),
    baseTarget: expectedBaseTarget(parent, ctx),
    miner,
    nonce: 0n,
  };
  let stateRoot: Uint8Array = new Uint8Array(32);
  let receiptRoot: Uint8Array = new Uint8Array(32);
  try {
    ({ stateRoot, receiptRoot } = applyBlock(state, acc, { header: draft, sig: new Uint8Array(64), txs }, ctx));
  } catch (err) {
    // Transactions a block must not hold (a test making an invalid block): no state root exists.
    if (!(err instanceof BlockError)) throw err;
  }
  return finishBlock({ ...draft, stateRoot, receiptRoot }, txs, state, ctx, minerSecret, input);
}

function finishBlock(header: BlockHeader, txs: readonly Tx[], parentState: StateReader, ctx: ChainContext, minerSecret: Uint8Array, opts: BlockOptions): Block {
  const h = opts.mutate ? opts.mutate(header) : header;
  const credit = getMinerCredit(parentState, h.miner);
  // A base target out of range is refused before any work check: no search needed.
  if (h.baseTarget < 1n) return { header: h, sig: signHeader(h, minerSecret), txs };
  const target = boostedTarget(h.baseTarget, credit, ctx.params.maxBoost);
  const mined = mineHeader(h, minerSecret, target, opts.pow !== 'invalid');
  return { header: mined.header, sig: mined.sig, txs };
}

/**
 * Mines the next block on the chain's head and returns it without importing it. With
 * explicit `txs` the block is built by hand; otherwise from `mempool` through
 * buildBlockTemplate (as the node's miner does), or empty without a mempool.
 */
export async function mineBlock(chain: Chain, mempool: Mempool | undefined, minerSecret: Uint8Array, opts: BlockOptions = {}): Promise<Block> {
  const parent = chain.head.header;
  const timestamp = opts.timestamp ?? parent.timestamp + chain.ctx.params.blockTimeMs;
  if (opts.txs || !mempool) {
    return buildBlock({ ...opts, timestamp, parent, state: chain.state, acc: chain.acc, ctx: chain.ctx, minerSecret });
  }
  const tpl = await buildBlockTemplate(chain, mempool, getPublicKey(minerSecret), timestamp);
  return finishBlock(tpl.header, tpl.txs, chain.state, chain.ctx, minerSecret, opts);
}

/** Miner of generateChain's blocks unless one is given. */
export const DEFAULT_MINER = testKey('miner', 0);

/**
 * STYLE's generateChain(parent, n, build): mines and imports `n` blocks on the chain's
 * head; `build(i, chain)` may return the transactions of block i (0-based).
 * Returns the imported blocks, oldest first.
 */
export async function generateChain(
  chain: Chain,
  n: number,
  build?: (i: number, chain: Chain) => readonly Tx[] | undefined,
  opts: { minerSecret?: Uint8Array; stepMs?: number } = {},
): Promise<Block[]> {
  const out: Block[] = [];
  for (let i = 0; i < n; i++) {
    const txs = build?.(i, chain) ?? [];
    const step = opts.stepMs ?? chain.ctx.params.blockTimeMs;
    const block = await mineBlock(chain, undefined, opts.minerSecret ?? DEFAULT_MINER.secret, { txs, timestamp: chain.head.header.timestamp + step });
    const res = await chain.importBlock(block);
    if (res.status !== 'head') throw new Error(`generateChain: block ${i} was taken as '${res.status}', not as the new head`);
    out.push(block);
  }
  return out;
}

/** A clock the test sets by hand. */
export interface TestClock {
  now: number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** A chain on a temporary directory with its mempool (wired as the node wires it) and clock. */
export interface TestChain {
  readonly chain: Chain;
  readonly mempool: Mempool;
  readonly dir: string;
  readonly clock: TestClock;
  /** Every 'head' event so far. */
  readonly heads: HeadChange[];
  /** Closes the chain (the directory stays, for a reopen). */
  close(): Promise<void>;
  /** Closes the chain and removes the directory if this helper made it. */
  destroy(): Promise<void>;
}

/** A fresh directory under the OS temp dir. */
export function makeTempDir(prefix = 'tesnode-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a directory made by makeTempDir. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * Opens a chain on `dir` (a fresh temp directory when omitted) with a test clock that
 * starts one day after genesis, far enough that no test block is from the future
 * unless a test moves the clock back. The mempool follows head changes as in node.ts.
 */
export async function openTestChain(genesis: Genesis, dir?: string, opts: { clockMs?: number } = {}): Promise<TestChain> {
  const ownDir = dir === undefined;
  const dbDir = dir ?? (await makeTempDir());
  const clock: TestClock = {
    now: opts.clockMs ?? genesis.timestamp + 86_400_000,
    advance(ms) {
      this.now += ms;
    },
    set(ms) {
      this.now = ms;
    },
  };
  let chain: Chain;
  try {
    chain = await Chain.open({ dbDir, genesis, clock: () => clock.now });
  } catch (err) {
    if (ownDir) await removeDir(dbDir);
    throw err;
  }
  const mempool = new Mempool({ ctx: chain.ctx });
  const heads: HeadChange[] = [];
  chain.on('head', (change) => {
    heads.push(change);
    const next = { height: change.head.header.height + 1, timestamp: Math.max(chain.now(), change.head.header.timestamp + 1) };
    mempool.onHeadChange(change.disconnected.flatMap((b) => b.txs), change.connected.flatMap((b) => b.txs), chain.state, next);
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await chain.close();
  };
  return {
    chain,
    mempool,
    dir: dbDir,
    clock,
    heads,
    close,
    async destroy() {
      await close();
      if (ownDir) await removeDir(dbDir);
    },
  };
}

/** The block the mempool's dry run should assume: the head's child. */
export function nextBlockOf(chain: Chain): { height: number; timestamp: number } {
  return { height: chain.head.header.height + 1, timestamp: chain.head.header.timestamp + chain.ctx.params.blockTimeMs };
}

/** Balance (µTES) of a key or account id. */
export function balanceOf(state: StateReader, who: TestKey | Uint8Array): bigint {
  return getAccount(state, who instanceof Uint8Array ? who : who.id).balance;
}

/** Every account of a state with its balance and nonce (keys 'a/<hex id>'). */
export function listAccounts(state: MemoryState): Array<{ idHex: string; balance: bigint; nonce: number }> {
  const out: Array<{ idHex: string; balance: bigint; nonce: number }> = [];
  for (const key of [...state.map.keys()].sort()) {
    if (!key.startsWith('a/')) continue;
    const idHex = key.slice(2);
    const acct = getAccount(state, Buffer.from(idHex, 'hex'));
    out.push({ idHex, ...acct });
  }
  return out;
}
