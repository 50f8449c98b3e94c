import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rpcCall } from '../../src/rpc/client.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitFor, waitForHeight, type NodeProcess } from '../helpers/processes.ts';

// The README walkthrough, through the real CLI against a real `start --dev` node:
// registration → approval → bond → listing → recommendation → pick (escrow) →
// metering → automatic settlement → rating, with every balance checked to the µTES.
describe('market end to end through the CLI', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  let node: NodeProcess;
  let env: NodeJS.ProcessEnv;
  const FEE = 100n; // the dev chain's minimum fee, paid by every CLI transaction

  const cli = async (...args: string[]) => {
    const r = await runCli([...args, '--rpc', node.rpc, '--json'], env);
    if (r.code !== 0) throw new Error(`tesnode ${args.join(' ')} failed: ${r.stdout} ${r.stderr}`);
    return r.json;
  };
  const balance = async (name: string) => BigInt((await cli('wallet', 'balance', name)).balance);

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

  it('settles a trade from registration to balances', async () => {
    await cli('wallet', 'new', 'sunny');
    await cli('wallet', 'new', 'bea');
    await cli('wallet', 'send', '--from', 'dev', '--to', 'sunny', '--amount', '100');
    await cli('wallet', 'send', '--from', 'dev', '--to', 'bea', '--amount', '100');
    const sellerDocs = join(home.dir, 'sunny.json');
    const buyerDocs = join(home.dir, 'bea.json');
    await writeFile(sellerDocs, JSON.stringify({ identity: 'Sunny Farm Ltd', contact: 'ops@sunny.example', bank: 'IBAN X', license: 'GEN-42', creditReport: 'CR-1', meterBinding: 'MP-7' }));
    await writeFile(buyerDocs, JSON.stringify({ identity: 'Bea', contact: 'bea@example', meterBinding: 'MP-9' }));

    // A buyer's documents do not qualify it as a seller.
    const wrong = await runCli(['market', 'register', '--from', 'bea', '--role', 'seller', '--region', 'south', '--source', 'solar', '--carbon', '0', '--docs', buyerDocs, '--rpc', node.rpc], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/must state bank, license, creditReport/);

    expect((await cli('market', 'register', '--from', 'sunny', '--role', 'seller', '--region', 'north', '--source', 'solar', '--carbon', '20', '--docs', sellerDocs)).status).toBe('included');
    expect((await cli('market', 'register', '--from', 'bea', '--role', 'buyer', '--region', 'south', '--docs', buyerDocs)).status).toBe('included');
    // Only an approved participant lists: the chain refuses, the transaction fails in its block.
    const early = await runCli(['market', 'list', '--from', 'sunny', '--side', 'sell', '--period', '999', '--wh', '1', '--price', '1', '--rpc', node.rpc, '--json'], env);
    expect(early.json.error.code).toBe('NOT_APPROVED');

    await cli('market', 'approve', '--from', 'authority', '--account', 'sunny');
    await cli('market', 'approve', '--from', 'authority', '--account', 'bea');
    await cli('market', 'bond', '--from', 'sunny', '--amount', '10');
    await cli('market', 'bond', '--from', 'bea', '--amount', '10');
    expect((await cli('market', 'participant', 'sunny')).status).toBe('approved');

    const status = await cli('market', 'status');
    // The next open period's gate may close within seconds; list one period later when it
    // is that close, so the listing's block is surely before gate closure.
    const gateIn = Number(status.nextGateClosure) - Number(status.now);
    const k = (status.nextOpenPeriod as number) + (gateIn < 15_000 ? 1 : 0);
    const sellerBefore = await balance('sunny');
    const listed = await cli('market', 'list', '--from', 'sunny', '--side', 'sell', '--period', String(k), '--wh', '5000', '--price', '100000');
    expect(listed.status).toBe('included');
    const listingId = listed.listing as number;
    expect(listingId).toBeGreaterThan(0);

    const rec = await cli('market', 'recommend', '--for', 'bea', '--period', String(k), '--wh', '3000');
    expect(rec.picks).toEqual([expect.objectContaining({ listing: listingId, wh: '3000' })]);

    const buyerBefore = await balance('bea');
    const picked = await cli('market', 'pick', '--from', 'bea', '--listing', String(listingId), '--wh', '3000');
    // Energy 3,000 Wh × 100,000 µTES/kWh = 300,000; transmission north→central→south:
    // (8,000 + 5,000 + 12,000) µTES/kWh × 3 kWh = 75,000 (formula 1). Escrow 375,000.
    expect(picked.route).toBe('north→central→south');
    expect(picked.escrow).toBe('375000');
    expect(await balance('bea')).toBe(buyerBefore - 375_000n - FEE);
    const tradeId = picked.trade as number;

    // Meters report once the period has started: the seller delivered exactly, the
    // buyer consumed 500 Wh less than contracted.
    await waitFor(`period ${k} to start`, async () => ((await rpcCall<any>(node.rpc, 'market_status')).currentPeriod >= k ? true : undefined), 90_000, 250);
    await cli('market', 'meter', '--from', 'authority', '--account', 'sunny', '--period', String(k), '--wh', '3000');
    await cli('market', 'meter', '--from', 'authority', '--account', 'bea', '--period', String(k), '--wh', '2500');

    // Settlement runs by itself in the first block past end(k) + meter window.
    const settled = await waitFor(`trade ${tradeId} to settle`, async () => {
      const t = (await cli('market', 'trades', '--period', String(k))).trades.find((x: any) => x.id === tradeId);
      return t?.status === 'settled' ? t : undefined;
    }, 120_000, 500);
    // Buyer consumed less: the reserve pays it a·|ΔQ| = 20,000 µTES/kWh × 0.5 kWh = 10,000 (formula 2).
    expect(settled.settlement).toMatchObject({ executedWh: '3000', energy: '300000', fee: '75000', refund: '0', buyerDeviation: '10000', sellerDeviation: '0' });
    expect(await balance('sunny')).toBe(sellerBefore - FEE + 300_000n);
    expect(await balance('bea')).toBe(buyerBefore - 375_000n - FEE + 10_000n);

    // Ratings open after settlement, once per party per trade.
    expect((await cli('market', 'rate', '--from', 'bea', '--trade', String(tradeId), '--score', '5')).status).toBe('included');
    const again = await runCli(['market', 'rate', '--from', 'bea', '--trade', String(tradeId), '--score', '4', '--rpc', node.rpc, '--json'], env);
    expect(again.json.error.code).toBe('ALREADY_RATED');
  });
});
