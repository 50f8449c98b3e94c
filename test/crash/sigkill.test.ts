import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rpcCall } from '../../src/rpc/client.ts';
import { addressFromPublicKey, addressToBytes } from '../../src/chain/address.ts';
import { toHex } from '../../src/chain/bytes.ts';
import { generateSecretKey, getPublicKey } from '../../src/chain/crypto/ed25519.ts';
import { encodeTx, signTx } from '../../src/chain/tx.ts';
import { loadKey } from '../../src/wallet/keystore.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitForHeight } from '../helpers/processes.ts';
import { prng } from '../helpers/prng.ts';

// Deterministic kill schedule.
const CYCLES = 6;

// The node is killed with SIGKILL while it mines and takes transactions; every restart
// must find a consistent head whose state root verify-state confirms, and no block or
// transaction that was confirmed before the kill may be lost.
describe('crash safety: SIGKILL while mining and taking transactions', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let datadir: string;

  beforeAll(async () => {
    home = await tempDir();
    env = childEnv(home.dir);
    datadir = join(home.dir, 'dev');
  });
  afterAll(async () => home?.cleanup());

  it(`survives ${CYCLES} kills at random moments`, async () => {
    const random = prng(20261123);
    const recipient = addressToBytes(addressFromPublicKey(getPublicKey(generateSecretKey())));
    const confirmed: Array<{ hash: string; height: number }> = [];
    let lastHeight = 0;
    let lastHeadHash = '';

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const node = await startNodeProcess(['--dev', '--datadir', datadir], env);
      const head = await rpcCall<any>(node.rpc, 'chain_head');
      // Nothing committed before the kill is lost: the head never goes back, and every
      // transaction seen in a block is still there.
      expect(head.height).toBeGreaterThanOrEqual(lastHeight);
      if (lastHeadHash) expect((await rpcCall<any>(node.rpc, 'chain_block', { height: lastHeight })).hash).toBe(lastHeadHash);
      for (const c of confirmed) expect((await rpcCall<any>(node.rpc, 'tx_get', { hash: c.hash })).blockHeight).toBe(c.height);

      const secret = (await loadKey({ dir: join(home.dir, 'keystore'), name: 'dev', password: '' })).secret;
      const pub = getPublicKey(secret);
      const chainId = (await rpcCall<any>(node.rpc, 'node_info')).chainId;
      await waitForHeight(node.rpc, head.height + 1);

      // Send transfers until the kill, each with the next pending nonce.
      let sending = true;
      const sent: string[] = [];
      const sender = (async () => {
        while (sending) {
          try {
            const acct = await rpcCall<any>(node.rpc, 'state_account', { address: addressFromPublicKey(pub) });
            const tx = signTx({ chainId, from: pub, nonce: acct.pendingNonce, fee: 100n, kind: 'transfer', payload: { to: recipient, amount: 1000n } }, secret);
            sent.push((await rpcCall<any>(node.rpc, 'tx_send', { tx: toHex(encodeTx(tx)) })).hash);
          } catch {
            // The node died under us: expected.
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 1500)));
      // Record what is confirmed right before the kill.
      const before = await rpcCall<any>(node.rpc, 'chain_head');
      for (const hash of sent) {
        const t = await rpcCall<any>(node.rpc, 'tx_get', { hash }).catch(() => undefined);
        if (t?.status === 'included' && t.blockHeight <= before.height) confirmed.push({ hash, height: t.blockHeight });
      }
      lastHeight = before.height;
      lastHeadHash = before.hash;
      await node.kill();
      sending = false;
      await sender;

      const verify = await runCli(['verify-state', '--datadir', datadir, '--json'], env);
      expect(verify.json, verify.stderr).toMatchObject({ ok: true });
      expect(verify.json.height).toBeGreaterThanOrEqual(lastHeight);
    }
    expect(confirmed.length).toBeGreaterThan(0);
  });
});
