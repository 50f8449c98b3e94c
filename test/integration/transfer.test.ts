import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rpcCall } from '../../src/rpc/client.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitForHeight, type NodeProcess } from '../helpers/processes.ts';

// A real `tesnode start --dev` process; wallets go through the real CLI.
describe('dev node: wallet transfers', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  let node: NodeProcess;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli([...args, '--rpc', node.rpc, '--json'], env);

  beforeAll(async () => {
    home = await tempDir();
    env = childEnv(home.dir);
    node = await startNodeProcess(['--dev', '--datadir', join(home.dir, 'dev')], env);
    await waitForHeight(node.rpc, 1);
  });
  afterAll(async () => {
    await node?.stop();
    await home?.cleanup();
  });

  it('moves exactly the amount, and the sender pays exactly amount + fee', async () => {
    // alice is funded by dev (the miner); alice is not mining, so her balance moves only by her own transactions.
    expect((await cli('wallet', 'new', 'alice')).json.address).toMatch(/^tes1/);
    const bob = (await cli('wallet', 'new', 'bob')).json.address as string;
    const fund = await cli('wallet', 'send', '--from', 'dev', '--to', 'alice', '--amount', '100');
    expect(fund.json.status).toBe('included');

    const before = (await cli('wallet', 'balance', 'alice')).json;
    expect(before.balance).toBe('100000000');
    const sent = await cli('wallet', 'send', '--from', 'alice', '--to', bob, '--amount', '12.345678', '--fee', '250');
    expect(sent.code).toBe(0);
    expect(sent.json.status).toBe('included');

    const after = (await cli('wallet', 'balance', 'alice')).json;
    const bobAcct = (await cli('wallet', 'balance', 'bob')).json;
    expect(BigInt(before.balance) - BigInt(after.balance)).toBe(12_345_678n + 250n);
    expect(bobAcct.balance).toBe('12345678');
    expect(after.nonce).toBe(1);

    // The receipt is visible by hash with its block.
    const tx = await rpcCall<any>(node.rpc, 'tx_get', { hash: sent.json.hash });
    expect(tx).toMatchObject({ status: 'included', kind: 'transfer', fee: '250', blockHeight: sent.json.blockHeight });
    expect(tx.payload).toEqual({ to: bob, amount: '12345678' });
  });

  it('prints human output without --json and errors with a non-zero exit', async () => {
    const ok = await runCli(['wallet', 'balance', 'dev', '--rpc', node.rpc], env);
    expect(ok.stdout).toMatch(/balance:\s+[\d.]+ TES/);
    const bad = await runCli(['wallet', 'send', '--from', 'dev', '--to', 'tes1notanaddress', '--amount', '1', '--rpc', node.rpc], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a tesnode address/);
  });
});
