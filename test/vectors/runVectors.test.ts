import { MODULES } from '../../src/node/modules.ts';
/**
 * Runs every block vector in test/vectors/blocks/*.json through a real chain: a fresh
 * LevelDB directory initialised from the vector's genesis, each block imported from its
 * bytes in order, each outcome (status or BlockError code) and receipt compared, and the
 * final head, state root, supply and balances compared. A rule change shows up here as a
 * failing vector; regenerate with test/vectors/blocks/generate.ts and review the diff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { BlockError } from '../../src/chain/chainError.ts';
import { fromHex, toHex } from '../../src/chain/bytes.ts';
import { decodeBlock, headerHash } from '../../src/chain/block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { addressToBytes } from '../../src/chain/address.ts';
import { getAccount, getSupply } from '../../src/chain/state/accounts.ts';
import { verifyStoredState } from '../../src/node/chain/verifyState.ts';
import { openTestChain, type TestChain } from '../helpers/testChain.ts';

interface BlockVector {
  name: string;
  description: string;
  genesis: unknown;
  clockMs: number;
  blocks: Array<{ comment: string; hex: string; expect: { status: string } | { error: string }; receipts?: string[] }>;
  post: { height: number; headHash: string; stateRoot: string; supply: string; balances: Record<string, string> };
}

const dir = new URL('./blocks/', import.meta.url);
const vectors: BlockVector[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as BlockVector);

let open: TestChain | undefined;
afterEach(async () => {
  await open?.destroy();
  open = undefined;
});

describe('block vectors', () => {
  it('are present', () => {
    expect(vectors.map((v) => v.name)).toEqual(expect.arrayContaining(['transfers', 'feeSplit', 'failedTransfer', 'invalidBlocks', 'forkChoice']));
  });

  it.each(vectors)('$name: $description', async (v) => {
    const genesis = parseGenesis(v.genesis, MODULES);
    const tc = (open = await openTestChain(genesis, undefined, { clockMs: v.clockMs }));
    for (const [i, b] of v.blocks.entries()) {
      const what = `block #${i} (${b.comment})`;
      let got: { status: string } | { error: string };
      try {
        got = { status: (await tc.chain.importBlockBytes(fromHex(b.hex))).status };
      } catch (err) {
        if (!(err instanceof BlockError)) throw err;
        got = { error: err.code };
      }
      expect(got, what).toEqual(b.expect);
      if (b.receipts) {
        const receipts = await tc.chain.store.getReceipts(headerHash(decodeBlock(fromHex(b.hex), MODULES).header));
        expect(receipts?.map((r) => r.error), what).toEqual(b.receipts);
      }
    }
    expect(tc.chain.head.header.height).toBe(v.post.height);
    expect(toHex(tc.chain.head.hash)).toBe(v.post.headHash);
    expect(toHex(tc.chain.acc.root())).toBe(v.post.stateRoot);
    expect(toHex(tc.chain.head.header.stateRoot)).toBe(v.post.stateRoot);
    expect(getSupply(tc.chain.state).toString()).toBe(v.post.supply);
    for (const [address, balance] of Object.entries(v.post.balances)) {
      expect(getAccount(tc.chain.state, addressToBytes(address)).balance.toString(), address).toBe(balance);
    }
    // What was written to disk is the same state.
    await tc.close();
    const report = await verifyStoredState(tc.dir, genesis);
    expect(report.ok).toBe(true);
    expect(report.computedRoot).toBe(v.post.stateRoot);
  });
});
