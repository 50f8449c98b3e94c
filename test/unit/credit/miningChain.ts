import { MODULES } from '../../../src/node/modules.ts';
/**
 * Chains for the reputation-weighted PoW tests: a genesis with a market whose composite
 * is the agency's score alone (weights internal 0, external 100), a miner H registered,
 * approved and scored 1000 by the agency through real signed transactions, and a plain
 * miner L that never registered (credit 0). Blocks are mined here with a nonce search
 * that starts at a seeded nonce and counts its hashes, and imported through the real
 * pipeline (Chain.importBlock: context-free checks, parent checks, validateWork with the
 * miner's credit from the parent state, applyBlock, state root, LevelDB batch).
 */
import { BLOCK_VERSION, computeTxRoot, headerHash, signHeader } from '../../../src/chain/block.ts';
import { toHex, utf8 } from '../../../src/chain/bytes.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { parseGenesis, paramsToJson, AUTHORITY_ROLES, type Genesis } from '../../../src/chain/genesis.ts';
import { getMinerCredit } from '../../../src/chain/state/accounts.ts';
import { applyBlock } from '../../../src/chain/stf/applyBlock.ts';
import { signTx } from '../../../src/chain/tx.ts';
import { expectedBaseTarget } from '../../../src/consensus/validateBlock.ts';
import { boostedTarget, hashMeetsTarget } from '../../../src/consensus/work.ts';
import { createDevMarketGenesis, marketGenesisToJson, CREDIT_DEFAULTS } from '../../../src/market/index.ts';
import { TEST_PARAMS, testKey, type TestKey } from '../../helpers/testChain.ts';
import type { Chain } from '../../../src/node/chain/chain.ts';
import type { Block, BlockHeader, Payload, Tx } from '../../../src/chain/types.ts';

/** Base target of these chains: a plain miner needs 64 hashes a block on average, H at credit 1000 needs 16. */
export const BASE_TARGET = (1n << 256n) / 64n;

/** The authority (every role), the high-credit miner H and the plain miner L. */
export const AUTHORITY = testKey('credit-pow', 0);
export const HIGH = testKey('credit-pow', 1);
export const LOW = testKey('credit-pow', 2);

/** The genesis: test params at a fixed base target, a market whose composite is the agency's score. */
export function miningGenesis(): Genesis {
  const market = createDevMarketGenesis(AUTHORITY.address);
  const credit = { ...CREDIT_DEFAULTS, internalWeight: 0, externalWeight: 100 };
  return parseGenesis({
    chainId: 'tesnode-test',
    timestamp: 1_700_000_000_000,
    params: paramsToJson({ ...TEST_PARAMS, genesisTarget: BASE_TARGET, maxTarget: BASE_TARGET, maxBoost: 4 }),
    alloc: [AUTHORITY, HIGH, LOW].map((k) => ({ address: k.address, balance: '1000000000' })),
    authorities: [{ address: AUTHORITY.address, roles: [...AUTHORITY_ROLES] }],
    market: marketGenesisToJson({ ...market, credit }),
  }, MODULES);
}

let nonces = new Map<string, number>();
function tx(from: TestKey, kind: string, payload: Payload): Tx {
  const n = nonces.get(from.address) ?? 0;
  nonces.set(from.address, n + 1);
  return signTx({ chainId: 'tesnode-test', from: from.pub, nonce: n, fee: 100n, kind, payload }, from.secret);
}

/** The transactions that make H an approved participant scored 1000 by the agency, one block each. */
export function creditSetupTxs(): Tx[][] {
  nonces = new Map();
  return [
    [tx(HIGH, 'market.register', { role: 'buyer', region: 'central', docHash: sha256(utf8('H documents')), docFields: 35, source: '', carbon: 0 })],
    [tx(AUTHORITY, 'market.review', { account: HIGH.id, approve: true, reason: '' })],
    [tx(AUTHORITY, 'market.agency', { account: HIGH.id, score: 1000 })],
  ];
}

/** Where a nonce search starts: 48 bits of SHA-256(seed, height), so each run is fixed yet unrelated to the last. */
export function seededNonce(seed: string, height: number): bigint {
  return BigInt('0x' + toHex(sha256(utf8(`credit-pow/${seed}/${height}`)).subarray(0, 6)));
}

/** A block on `chain`'s head by `miner`, not yet mined: scheduled time and target, true state root. */
export function draftBlock(chain: Chain, miner: TestKey, txs: readonly Tx[] = []): BlockHeader {
  const parent = chain.head.header;
  const draft: BlockHeader = {
    version: BLOCK_VERSION,
    parentHash: headerHash(parent),
    height: parent.height + 1,
    timestamp: parent.timestamp + chain.ctx.params.blockTimeMs,
    txRoot: computeTxRoot(txs),
    stateRoot: new Uint8Array(32),
    receiptRoot: new Uint8Array(32),
    baseTarget: expectedBaseTarget(parent, chain.ctx),
    miner: miner.pub,
    nonce: 0n,
  };
  const { stateRoot, receiptRoot } = applyBlock(chain.state, chain.acc, { header: draft, sig: new Uint8Array(64), txs: [...txs] }, chain.ctx);
  return { ...draft, stateRoot, receiptRoot };
}

/** The target `miner` must meet on top of `chain`'s head: base × boost(credit from the head state). */
export function targetOn(chain: Chain, header: BlockHeader): bigint {
  return boostedTarget(header.baseTarget, getMinerCredit(chain.state, header.miner), chain.ctx.params.maxBoost);
}

/** Searches nonces from `start` until the hash meets `target`; returns the signed block and the hashes tried. */
export function mineCounting(header: BlockHeader, txs: readonly Tx[], miner: TestKey, target: bigint, start: bigint): { block: Block; hashes: number } {
  for (let i = 0; i < 10_000_000; i++) {
    const h = { ...header, nonce: start + BigInt(i) };
    if (hashMeetsTarget(headerHash(h), target)) return { block: { header: h, sig: signHeader(h, miner.secret), txs: [...txs] }, hashes: i + 1 };
  }
  throw new Error('no nonce found');
}

/** Mines and imports one block by `miner` on `chain`; returns the hashes it took. */
export async function mineOn(chain: Chain, miner: TestKey, seed: string, txs: readonly Tx[] = []): Promise<{ block: Block; hashes: number }> {
  const header = draftBlock(chain, miner, txs);
  const r = mineCounting(header, txs, miner, targetOn(chain, header), seededNonce(seed, header.height));
  const res = await chain.importBlock(r.block);
  if (res.status !== 'head') throw new Error(`block ${header.height} was taken as ${res.status}`);
  return r;
}

/** Applies the credit setup on `chain` (three blocks mined by L). */
export async function setUpCredit(chain: Chain): Promise<Block[]> {
  const out: Block[] = [];
  for (const txs of creditSetupTxs()) out.push((await mineOn(chain, LOW, 'setup', txs)).block);
  return out;
}
