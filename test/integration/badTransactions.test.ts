import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { request } from 'node:http';
import { rpcCall, RpcClientError } from '../../src/rpc/client.ts';
import { addressFromPublicKey, addressToBytes } from '../../src/chain/address.ts';
import { toHex } from '../../src/chain/bytes.ts';
import { generateSecretKey, getPublicKey } from '../../src/chain/crypto/ed25519.ts';
import { encodeTx, signTx } from '../../src/chain/tx.ts';
import { loadKey } from '../../src/wallet/keystore.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitForHeight, type NodeProcess } from '../helpers/processes.ts';
import type { Tx, UnsignedTx } from '../../src/chain/types.ts';

// Every malformed or invalid transaction gets its own error and changes nothing.
describe('dev node: bad transactions are rejected and change nothing', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  let node: NodeProcess;
  let secret: Uint8Array;
  let pub: Uint8Array;
  let chainId: string;
  const recipient = addressFromPublicKey(getPublicKey(generateSecretKey()));

  beforeAll(async () => {
    home = await tempDir();
    const env = childEnv(home.dir);
    node = await startNodeProcess(['--dev', '--datadir', join(home.dir, 'dev')], env);
    await waitForHeight(node.rpc, 1);
    // A non-mining sender with funds, so its account moves only by its own transactions.
    await runCli(['wallet', 'new', 'carol', '--json'], env);
    const funded = await runCli(['wallet', 'send', '--from', 'dev', '--to', 'carol', '--amount', '10', '--rpc', node.rpc, '--json'], env);
    expect(funded.json.status).toBe('included');
    secret = (await loadKey({ dir: join(home.dir, 'keystore'), name: 'carol', password: 'test-password' })).secret;
    pub = getPublicKey(secret);
    chainId = (await rpcCall<any>(node.rpc, 'node_info')).chainId;
  });
  afterAll(async () => {
    await node?.stop();
    await home?.cleanup();
  });

  const base = (over: Partial<UnsignedTx> = {}): UnsignedTx => ({
    chainId,
    from: pub,
    nonce: 0,
    fee: 100n,
    kind: 'transfer',
    payload: { to: addressToBytes(recipient), amount: 1_000_000n },
    ...over,
  });
  const send = (hex: string) => rpcCall(node.rpc, 'tx_send', { tx: hex });
  const snapshot = async () => ({
    account: await rpcCall<any>(node.rpc, 'state_account', { address: addressFromPublicKey(pub) }),
    mempool: (await rpcCall<any>(node.rpc, 'node_info')).mempool.size,
  });
  async function expectRejected(hex: string, code: string, message: RegExp) {
    const before = await snapshot();
    const err = await send(hex).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RpcClientError);
    expect((err as RpcClientError).data).toEqual({ code });
    expect((err as Error).message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }

  it('bad signature', async () => {
    const tx = signTx(base(), secret);
    const forged: Tx = { ...tx, sig: signTx(base({ fee: 101n }), secret).sig };
    await expectRejected(toHex(encodeTx(forged)), 'BAD_SIGNATURE', /bad signature/);
  });

  it('wrong chain id', async () => {
    await expectRejected(toHex(encodeTx(signTx(base({ chainId: 'another-chain' }), secret))), 'WRONG_CHAIN', /chain 'another-chain'/);
  });

  it('reused nonce', async () => {
    const first = signTx(base(), secret);
    await send(toHex(encodeTx(first)));
    await waitFor(async () => (await snapshot()).account.nonce === 1);
    await expectRejected(toHex(encodeTx(signTx(base({ payload: { to: addressToBytes(recipient), amount: 2n } }), secret))), 'NONCE_TOO_LOW', /nonce 0 is already used/);
  });

  it('overspend', async () => {
    const nonce = (await snapshot()).account.pendingNonce;
    await expectRejected(toHex(encodeTx(signTx(base({ nonce, payload: { to: addressToBytes(recipient), amount: 10_000_000_000n } }), secret))), 'INSUFFICIENT_FUNDS', /insufficient funds/);
  });

  it('garbage hex and garbage bytes', async () => {
    const before = await snapshot();
    const notHex = (await send('zz-not-hex').catch((e: unknown) => e)) as RpcClientError;
    expect(notHex.rpcCode).toBe(-32602);
    expect(notHex.message).toMatch(/tx/);
    await expectRejected('deadbeef', 'MALFORMED', /not valid msgpack|malformed/);
    expect(await snapshot()).toEqual(before);
  });

  it('oversized body is refused with 413 and the node keeps serving', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tx_send', params: { tx: 'ab'.repeat(2 * 1024 * 1024) } });
    const res = await postRaw(node.rpc, body);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toMatch(/limit/);
    expect((await rpcCall<any>(node.rpc, 'chain_head')).height).toBeGreaterThan(0);
  });

  it('an oversized transaction inside a small body is refused by size', async () => {
    const tx = signTx(base(), secret);
    const bytes = encodeTx(tx);
    const padded = new Uint8Array(9000);
    padded.set(bytes);
    await expectRejected(toHex(padded), 'TOO_LARGE', /over the limit/);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** POSTs a body with node:http and reads the answer even if the server stops reading the upload. */
function postRaw(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The server reads and discards the unwanted upload, so any socket error here is a
    // failure to report, not to wait out.
    req.on('error', reject);
    req.end(body);
  });
}
