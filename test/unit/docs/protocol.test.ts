/**
 * The protocol documentation stays true and self-contained:
 * - docs/protocol/kinds.md is exactly what the module registry renders (a new kind, a
 *   changed payload field or a new event fails here until the file is regenerated);
 * - every hash and byte string the pages quote as an example is what the code computes
 *   from the test vectors today;
 * - README.md, docs/, bin/ and src/ never point outside the repository, and every
 *   relative link in the docs and the README leads to a file that exists.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KINDS_DOC, renderKindsDoc } from '../../helpers/protocolKinds.ts';
import { MODULES } from '../../../src/node/modules.ts';
import { decodeBlock, headerHash } from '../../../src/chain/block.ts';
import { fromHex, toHex } from '../../../src/chain/bytes.ts';
import { accumulateState, createGenesisBlock, createGenesisState, parseGenesis } from '../../../src/chain/genesis.ts';
import { applyBlock } from '../../../src/chain/stf/applyBlock.ts';
import { receiptHash } from '../../../src/chain/module/receipt.ts';
import { LtHash } from '../../../src/chain/state/ltHash.ts';
import { encode } from '../../../src/chain/codec.ts';
import { merkleRoot } from '../../../src/chain/merkle.ts';
import { txHash } from '../../../src/chain/tx.ts';
import { addressFromBytes } from '../../../src/chain/address.ts';
import { COMMUNITY_POOL_ID } from '../../../src/chain/state/accounts.ts';
import { computeNextTarget } from '../../../src/consensus/difficulty.ts';
import { DEVNET_DEFAULTS } from '../../../src/chain/params.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const PAGES = ['docs/protocol.md', ...readdirSync(join(ROOT, 'docs/protocol')).filter((f) => f.endsWith('.md')).map((f) => `docs/protocol/${f}`)];

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const p = `${dir}/${name}`;
    return statSync(join(ROOT, p)).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('docs/protocol/kinds.md', () => {
  it('is what the registry renders (regenerate: node test/helpers/protocolKinds.ts --write)', () => {
    expect(readFileSync(KINDS_DOC, 'utf8')).toBe(renderKindsDoc());
  });
  it('names every kind and event of the registry', () => {
    const doc = readFileSync(KINDS_DOC, 'utf8');
    for (const name of MODULES.kindNames) expect(doc).toContain(`| \`${name}\` |`);
    for (const m of MODULES.modules) for (const e of m.events ?? []) expect(doc).toContain(`| \`${e.name}\` |`);
  });
});

describe('the byte-level examples are what the code computes', () => {
  const all = PAGES.map(read).join('\n');
  const tx = JSON.parse(read('test/vectors/codec/transfer.json'));
  const blocks = JSON.parse(read('test/vectors/blocks/transfers.json'));

  it('the signed transfer: address, signing message, encoding, id', () => {
    const page = read('docs/protocol/transactions.md');
    expect(page).toContain(tx.signingMessage);
    expect(page).toContain(tx.encoded);
    expect(page).toContain(tx.txHash);
    expect(read('docs/protocol/encoding.md')).toContain(`${tx.publicKey}`);
    expect(read('docs/protocol/encoding.md')).toContain(tx.fromAddress);
    expect(read('docs/protocol/encoding.md')).toContain(tx.toAddress);
  });

  it('a block: genesis hash, block hash, roots, receipt hashes, state roots', () => {
    const g = parseGenesis(blocks.genesis, MODULES);
    const state = createGenesisState(g);
    const acc = accumulateState(state);
    const genesisHash = toHex(headerHash(createGenesisBlock(g, acc.root()).header));
    const block = decodeBlock(fromHex(blocks.blocks[0].hex), MODULES);
    const res = applyBlock(state, acc, block, { chainId: g.chainId, genesisTime: g.timestamp, params: g.params, modules: MODULES });
    const page = read('docs/protocol/blocks.md');
    expect(page).toContain(genesisHash);
    expect(page).toContain(toHex(headerHash(block.header)));
    expect(page).toContain(toHex(block.header.txRoot));
    expect(page).toContain(toHex(res.stateRoot));
    expect(page).toContain(toHex(res.receiptRoot));
    for (const r of res.receipts) expect(page).toContain(toHex(receiptHash(r)));
    expect(page).toContain(toHex(block.txs.map(txHash)[0]!).slice(0, 8));
    expect(page).toContain(toHex(merkleRoot([])));
    const statePage = read('docs/protocol/state.md');
    expect(statePage).toContain(toHex(acc.root()));
    expect(statePage).toContain(toHex(res.stateRoot));
  });

  it('LtHash examples, the community pool, the ASERT example', () => {
    const page = read('docs/protocol/state.md');
    expect(page).toContain(toHex(LtHash.empty().root()));
    const one = LtHash.empty();
    one.add('x/supply', encode(5_000_000n));
    expect(page).toContain(toHex(one.root()));
    expect(all).toContain(toHex(COMMUNITY_POOL_ID));
    expect(all).toContain(addressFromBytes(COMMUNITY_POOL_ID));
    const p = DEVNET_DEFAULTS;
    const late = computeNextTarget({ anchorTarget: p.genesisTarget, anchorTimeMs: 0, anchorHeight: 0, parentTimeMs: 12_000, parentHeight: 10, blockTimeMs: p.blockTimeMs, halfLifeMs: p.asertHalfLifeMs, maxTarget: p.maxTarget });
    const hex = late.toString(16);
    expect(read('docs/protocol/consensus.md')).toContain(`0x${hex.slice(0, 6)}…${hex.slice(-5)}`);
    expect(read('docs/protocol/consensus.md')).toContain(`0x${p.genesisTarget.toString(16)}`);
  });
});

describe('the repository stands on its own', () => {
  it('README, docs, bin and src never point outside the repository', () => {
    const files = ['README.md', 'ARCHITECTURE.md', ...filesUnder('docs'), ...filesUnder('bin'), ...filesUnder('src')].filter((f) => /\.(md|ts|js|html)$/.test(f));
    const bad: string[] = [];
    for (const f of files) {
      read(f).split('\n').forEach((line, i) => {
        if (/\bSPEC\b|SPEC\.md|\.\.\/shared|shared folder/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('every relative link of the README and the docs leads to a file', () => {
    const broken: string[] = [];
    for (const f of ['README.md', 'ARCHITECTURE.md', ...filesUnder('docs').filter((x) => x.endsWith('.md'))]) {
      for (const m of read(f).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (!target || /^[a-z]+:/.test(target)) continue;
        if (!existsSync(resolve(ROOT, dirname(f), target))) broken.push(`${f}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
