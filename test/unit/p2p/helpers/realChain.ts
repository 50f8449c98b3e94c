import { MODULES } from '../../../../src/node/modules.ts';
/**
 * The real Chain behind a ChainPort, for network tests that want real blocks: a genesis
 * whose target every hash meets (each block proves work 1), a block builder that runs
 * the real state transition, and the adapter the node will implement over Chain.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Chain, type HeadChange } from '../../../../src/node/chain/chain.ts';
import { BLOCK_VERSION, computeTxRoot, decodeBlock, encodeBlock, signHeader } from '../../../../src/chain/block.ts';
import { BlockError } from '../../../../src/chain/chainError.ts';
import { DEVNET_DEFAULTS } from '../../../../src/chain/params.ts';
import { generateSecretKey, getPublicKey } from '../../../../src/chain/crypto/ed25519.ts';
import { applyBlock } from '../../../../src/chain/stf/applyBlock.ts';
import { expectedBaseTarget, medianTimePast, validateBlockContextFree, validateHeaderContext } from '../../../../src/consensus/validateBlock.ts';
import { MAX_TARGET } from '../../../../src/consensus/work.ts';
import type { Genesis } from '../../../../src/chain/genesis.ts';
import type { Block, BlockHeader } from '../../../../src/chain/types.ts';
import type { ChainPort } from '../../../../src/p2p/chainPort.ts';
import { createChainPortAdapter, LocalTxFeed } from '../../../../src/node/chainPortAdapter.ts';
import { Mempool } from '../../../../src/node/mempool/mempool.ts';

/** A dev genesis where every hash meets the target, an hour in the past. */
export function createEasyGenesis(chainId = 'p2ptest'): Genesis {
  return {
    chainId,
    timestamp: Date.now() - 3_600_000,
    params: { ...DEVNET_DEFAULTS, genesisTarget: MAX_TARGET, maxTarget: MAX_TARGET, blockReward: 1000n },
    alloc: [],
    authorities: [],
    sections: {},
    modules: MODULES,
  };
}

/** A Chain in a temporary directory. */
export async function openTempChain(genesis: Genesis): Promise<{ chain: Chain; close: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tesnode-p2p-chain-'));
  const chain = await Chain.open({ dbDir: dir, genesis });
  return {
    chain,
    close: async () => {
      await chain.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A miner key. */
export function createMinerKey(): { secret: Uint8Array; pub: Uint8Array } {
  const secret = generateSecretKey();
  return { secret, pub: getPublicKey(secret) };
}

/** Builds, signs and imports an empty block on the head, one second after its parent. */
export async function mineBlock(chain: Chain, miner: { secret: Uint8Array; pub: Uint8Array }): Promise<Uint8Array> {
  const parent = chain.head;
  const { recentTimestamps } = await chain.parentContext(parent.hash);
  const draft: BlockHeader = {
    version: BLOCK_VERSION,
    parentHash: parent.hash,
    height: parent.header.height + 1,
    timestamp: Math.max(medianTimePast(recentTimestamps) + 1, parent.header.timestamp + 1000),
    txRoot: computeTxRoot([]),
    stateRoot: new Uint8Array(32),
    receiptRoot: new Uint8Array(32),
    baseTarget: expectedBaseTarget(parent.header, chain.ctx),
    miner: miner.pub,
    nonce: 0n,
  };
  const { stateRoot, receiptRoot } = applyBlock(chain.state, chain.acc, { header: draft, sig: new Uint8Array(64), txs: [] }, chain.ctx);
  const header = { ...draft, stateRoot, receiptRoot };
  const block: Block = { header, sig: signHeader(header, miner.secret), txs: [] };
  await chain.importBlock(block);
  return encodeBlock(block);
}

/** The node's own ChainPort adapter over a real Chain, with a mempool. */
export function createChainPort(chain: Chain): ChainPort {
  return createChainPortAdapter(chain, new Mempool({ ctx: chain.ctx }), new LocalTxFeed());
}
