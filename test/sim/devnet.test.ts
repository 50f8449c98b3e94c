import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { join } from 'node:path';
import { addressFromPublicKey, addressToBytes } from '../../src/chain/address.ts';
import { generateSecretKey, getPublicKey } from '../../src/chain/crypto/ed25519.ts';
import { loadKey } from '../../src/wallet/keystore.ts';
import { childEnv, tempDir } from '../helpers/processes.ts';
import { call, heads, makeSimTransfer, startDevnetCli, waitFor, waitForPeers, waitForSameHead, waitForTxEverywhere, type DevnetCli } from '../helpers/devnet.ts';

// Issue 3, item 7a: `tesnode devnet` as a user runs it: four real nodes on 127.0.0.1, two
// mining (1-second blocks at 10,000 H/s each), every node dialling the earlier ones.
describe('devnet of 4 processes, 2 mining', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  let devnet: DevnetCli;

  beforeAll(async () => {
    home = await tempDir('tesnode-sim-devnet-');
    devnet = await startDevnetCli(['--nodes', '4', '--miners', '2', '--dir', join(home.dir, 'devnet')], childEnv(home.dir));
  });
  afterAll(async () => {
    await devnet?.stop();
    await home?.cleanup();
  });

  it('reaches one head, and a transfer sent to a non-mining node is mined and visible on all', async () => {
    onTestFailed(() => console.log(devnet.logs().split('\n').slice(-80).join('\n')));
    const nodes = devnet.nodes;
    expect(nodes.map((n) => n.miner)).toEqual(['miner1', 'miner2', null, null]);
    // A full mesh: each node dialled every earlier one.
    for (const n of nodes) await waitForPeers(n, 3);
    const head = await waitForSameHead(nodes, 3);
    // Same genesis, and the same block at every height up to the common head.
    for (const h of [1, Math.ceil(head.height / 2), head.height]) {
      const blocks = await Promise.all(nodes.map((n) => call<any>(n, 'chain_block', { height: h })));
      expect(new Set(blocks.map((b) => b.hash)).size).toBe(1);
    }

    // dev pays a fresh address through node4, which does not mine: the transfer must travel
    // by gossip to a miner, and its block back to every node.
    const dev = await loadKey({ dir: devnet.keystore, name: 'dev', password: 'test-password' });
    const devKey = { secret: dev.secret, pub: getPublicKey(dev.secret) };
    const to = addressFromPublicKey(getPublicKey(generateSecretKey()));
    const node4 = nodes[3]!;
    const info = await call<any>(node4, 'node_info');
    expect(info.mining.enabled).toBe(false);
    const nonce = (await call<any>(node4, 'state_account', { address: dev.address })).pendingNonce;
    const t = makeSimTransfer(info.chainId, devKey, addressToBytes(to), 1_234_567n, nonce);
    expect((await call<any>(node4, 'tx_send', { tx: t.hex })).hash).toBe(t.hash);

    const included = await waitForTxEverywhere(nodes, t.hash);
    expect(included.status).toBe('included');
    const block = await call<any>(nodes[0]!, 'chain_block', { hash: included.blockHash });
    expect(block.txHashes).toContain(t.hash);
    for (const n of nodes) {
      const acct = await call<any>(n, 'state_account', { address: to });
      expect(acct.balance, n.name).toBe('1234567');
    }

    // Both miners' blocks are in the common chain (each has half the hash rate).
    const minerAddresses = await Promise.all(nodes.slice(0, 2).map(async (n) => (await call<any>(n, 'node_info')).mining.address as string));
    const seen = new Set<string>();
    let scanned = 0;
    await waitFor('blocks of both miners in the canonical chain', async () => {
      const top = (await call<any>(nodes[2]!, 'chain_head')).height;
      for (; scanned < top; scanned++) seen.add((await call<any>(nodes[2]!, 'chain_block', { height: scanned + 1 })).minerAddress);
      return minerAddresses.every((a) => seen.has(a)) ? true : undefined;
    }, 60_000);

    const end = await waitForSameHead(nodes, included.blockHeight);
    expect((await heads(nodes)).every((h) => h.height >= end.height)).toBe(true);
  });

  it('stops every node on SIGTERM', async () => {
    await devnet.stop();
    expect(devnet.proc.exitCode ?? devnet.proc.signalCode).not.toBeNull();
    for (const n of devnet.nodes) await expect(call(n, 'chain_head')).rejects.toMatchObject({ code: 'UNREACHABLE' });
  });
});
