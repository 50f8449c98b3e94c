import { MODULES } from '../src/node/modules.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressFromPublicKey } from '../src/chain/address.ts';
import { headerHash, signHeader } from '../src/chain/block.ts';
import { concatBytes, utf8 } from '../src/chain/bytes.ts';
import { Chain } from '../src/node/chain/chain.ts';
import { getPublicKey } from '../src/chain/crypto/ed25519.ts';
import { parseGenesis, paramsToJson, type Genesis } from '../src/chain/genesis.ts';
import { sha256 } from '../src/chain/hash.ts';
import { Mempool } from '../src/node/mempool/mempool.ts';
import { DEVNET_DEFAULTS } from '../src/chain/params.ts';
import { buildBlockTemplate } from '../src/node/mining/blockTemplate.ts';
import { hashMeetsTarget } from '../src/consensus/work.ts';
import type { Block } from '../src/chain/types.ts';

/** A deterministic key from a seed and index. */
export function benchKey(seed: string, i: number): { secret: Uint8Array; pub: Uint8Array; address: string } {
  const secret = sha256(concatBytes(utf8(seed), utf8(String(i))));
  const pub = getPublicKey(secret);
  return { secret, pub, address: addressFromPublicKey(pub) };
}

/** A genesis with an easy target (about every other hash wins) and `accounts` funded keys. */
export function benchGenesis(accounts: number, seed = 'bench'): { genesis: Genesis; keys: ReturnType<typeof benchKey>[]; miner: ReturnType<typeof benchKey> } {
  const keys = Array.from({ length: accounts }, (_, i) => benchKey(seed, i));
  const miner = benchKey(seed + '-miner', 0);
  const easy = '0x' + ((1n << 255n)).toString(16);
  const genesis = parseGenesis({
    chainId: 'tesnode-bench',
    // Far enough in the past that blocks spaced one block time apart never reach the present.
    timestamp: 1_700_000_000_000,
    params: { ...paramsToJson(DEVNET_DEFAULTS), genesisTarget: easy, maxTarget: easy, maxBlockTxs: 4000 },
    alloc: keys.map((k) => ({ address: k.address, balance: '1000000000000' })),
  }, MODULES);
  return { genesis, keys, miner };
}

/** Opens a chain on a fresh temporary directory. */
export async function openTempChain(genesis: Genesis): Promise<{ chain: Chain; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tesnode-bench-'));
  const chain = await Chain.open({ dbDir: join(dir, 'db'), genesis });
  return { chain, cleanup: async () => { await chain.close(); await rm(dir, { recursive: true, force: true }); } };
}

/**
 * Mines the next block from the mempool: the template from the real builder, nonces by
 * a plain loop (the target is easy), timestamps exactly on schedule so the target stays.
 */
export async function mineNext(chain: Chain, mempool: Mempool, miner: ReturnType<typeof benchKey>): Promise<Block> {
  const ts = chain.ctx.genesisTime + (chain.head.header.height + 1) * chain.ctx.params.blockTimeMs;
  const tpl = await buildBlockTemplate(chain, mempool, miner.pub, ts);
  let header = tpl.header;
  for (let n = 0n; ; n++) {
    header = { ...tpl.header, nonce: n };
    if (hashMeetsTarget(headerHash(header), tpl.target)) break;
  }
  const block = { header, sig: signHeader(header, miner.secret), txs: tpl.txs };
  await chain.importBlock(block);
  return block;
}
