import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rpcCall } from '../../src/rpc/client.ts';
import { childEnv, runCli, startNodeProcess, tempDir, waitFor, waitForHeight, type NodeProcess } from '../helpers/processes.ts';

// The README section "Green certificates on the dev chain", command by command through the
// real CLI against a real `start --dev` node: a solar seller sells and delivers, settlement
// issues its certificates, it lists them, a buyer with a quota picks and claims them, and a
// second buyer with a quota who did not is fined when the compliance period closes. Every
// certificate volume and payment is checked to the Wh and µTES.
describe('green certificates end to end through the CLI (README walkthrough)', () => {
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
  const status = () => rpcCall<any>(node.rpc, 'market_status');

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

  it('issues, trades, claims and fines to the Wh and µTES', async () => {
    // 1. A solar farm and two buyers, registered, approved and bonded.
    for (const w of ['solara', 'gwen', 'hugo']) {
      await cli('wallet', 'new', w);
      await cli('wallet', 'send', '--from', 'dev', '--to', w, '--amount', '100');
    }
    const docs = (name: string, seller: boolean) => JSON.stringify(seller
      ? { identity: name, contact: `ops@${name}`, bank: 'IBAN…', license: 'GEN-7', creditReport: 'CR-7', meterBinding: 'MP-1' }
      : { identity: name, contact: `${name}@home`, meterBinding: 'MP-2' });
    for (const [w, seller] of [['solara', true], ['gwen', false], ['hugo', false]] as const) await writeFile(join(home.dir, `${w}.json`), docs(w, seller));
    await cli('market', 'register', '--from', 'solara', '--role', 'seller', '--region', 'north', '--source', 'solar', '--carbon', '20', '--docs', join(home.dir, 'solara.json'));
    await cli('market', 'register', '--from', 'gwen', '--role', 'buyer', '--region', 'north', '--docs', join(home.dir, 'gwen.json'));
    await cli('market', 'register', '--from', 'hugo', '--role', 'buyer', '--region', 'north', '--docs', join(home.dir, 'hugo.json'));
    for (const w of ['solara', 'gwen', 'hugo']) await cli('market', 'approve', '--from', 'authority', '--account', w);
    for (const w of ['solara', 'gwen', 'hugo']) await cli('market', 'bond', '--from', w, '--amount', '10');

    // 2. solara sells 4,000 Wh to gwen for the next open delivery period K.
    const st = await status();
    const gateIn = Number(st.nextGateClosure) - Number(st.now);
    const k = (st.nextOpenPeriod as number) + (gateIn < 20_000 ? 1 : 0);
    const listed = await cli('market', 'list', '--from', 'solara', '--side', 'sell', '--period', String(k), '--wh', '4000', '--price', '100000');
    await cli('market', 'pick', '--from', 'gwen', '--listing', String(listed.listing), '--wh', '4000');
    // 3. The compliance period C of K, and the regulator's quotas for it.
    const cs = await cli('cert', 'status', '--delivery-period', String(k));
    const c = cs.compliance.period as number;
    expect(c).toBe(Math.floor(k / 2));
    expect(cs.compliance).toMatchObject({ firstDeliveryPeriod: 2 * c, lastDeliveryPeriod: 2 * c + 1, closesWhenSettled: 2 * c + 3, closed: false });
    expect(cs.finePerMWh).toBe('60000000');
    expect((await cli('cert', 'quota', '--from', 'authority', '--account', 'gwen', '--period', String(c), '--percent', '50')).status).toBe('included');
    expect((await cli('cert', 'quota', '--from', 'authority', '--account', 'hugo', '--period', String(c), '--wh', '1500')).status).toBe('included');
    // Only the regulator sets quotas: refused before it reaches a block.
    const notRegulator = await runCli(['cert', 'quota', '--from', 'gwen', '--account', 'hugo', '--period', String(c), '--wh', '1', '--rpc', node.rpc, '--json'], env);
    expect(notRegulator.json.error.code).toBe('NOT_AUTHORIZED');

    // 4. Once K has started, the meters report: solara delivered 3,600 Wh, gwen consumed 3,600 Wh.
    await waitFor(`period ${k} to start`, async () => ((await status()).currentPeriod >= k ? true : undefined), 90_000, 250);
    await cli('market', 'meter', '--from', 'authority', '--account', 'solara', '--period', String(k), '--wh', '3600');
    await cli('market', 'meter', '--from', 'authority', '--account', 'gwen', '--period', String(k), '--wh', '3600');

    // 5. Settlement issues min(sold 4,000, metered 3,600) = 3,600 Wh to solara.
    const lots = await waitFor('certificates for solara', async () => {
      const r = await cli('cert', 'lots', '--owner', 'solara');
      return r.lots.length ? r.lots : undefined;
    }, 120_000, 500);
    expect(lots).toHaveLength(1);
    expect(lots[0]).toMatchObject({ source: 'solar', region: 'north', carbon: 20, period: k, compliancePeriod: c, wh: '3600', free: '3600', parent: 0 });
    const lot = lots[0].id as number;
    // The same settlement paid solara 4,000 × 100,000 / 1000 = 400,000 µTES for the energy, and she paid
    // the reserve a' × 400 Wh = 90,000 × 400 / 1000 = 36,000 µTES for what she did not deliver.
    const [trade] = (await cli('market', 'trades', '--period', String(k))).trades;
    expect(trade.settlement).toMatchObject({ executedWh: '4000', energy: '400000', sellerMeteredWh: '3600', sellerDeviation: '-36000' });

    // 6. solara lists them at 20,000 µTES/kWh; gwen picks 2,000 Wh and pays 40,000 µTES; she claims them.
    const certListing = (await cli('cert', 'list', '--from', 'solara', '--lot', String(lot), '--wh', '3600', '--price', '20000')).listing as number;
    const [solaraBefore, gwenBefore] = [await balance('solara'), await balance('gwen')];
    const picked = await cli('cert', 'pick', '--from', 'gwen', '--listing', String(certListing), '--wh', '2000');
    expect(picked.paid).toBe('40000');
    expect(await balance('gwen')).toBe(gwenBefore - 40_000n - FEE);
    expect(await balance('solara')).toBe(solaraBefore + 40_000n);
    const claimed = await cli('cert', 'claim', '--from', 'gwen', '--wh', '2000', '--period', String(c), '--beneficiary', "Gwen's Bakery");
    expect(claimed.status).toBe('included');
    // Claimed volume is retired: claiming it again is refused.
    const again = await runCli(['cert', 'claim', '--from', 'gwen', '--wh', '1', '--period', String(c), '--beneficiary', 'again', '--rpc', node.rpc, '--json'], env);
    expect(again.json.error.code).toBe('OVER_CLAIM');
    const open = Object.fromEntries((await cli('cert', 'quotas', '--period', String(c))).quotas.map((q: any) => [q.account, q]));
    const [gwenAddr, hugoAddr] = [(await cli('wallet', 'balance', 'gwen')).address, (await cli('wallet', 'balance', 'hugo')).address];
    // gwen: 50 % of 3,600 Wh consumed = 1,800 Wh required, 2,000 claimed. hugo: 1,500 short.
    expect(open[gwenAddr]).toMatchObject({ consumedWh: '3600', requiredWh: '1800', claimedWh: '2000', shortfallWh: '0', fine: '0', closed: false });
    expect(open[hugoAddr]).toMatchObject({ requiredWh: '1500', claimedWh: '0', shortfallWh: '1500', fine: '90000', closed: false });
    const m = await cli('cert', 'matching', 'gwen', '--from-period', String(k), '--to-period', String(k));
    // 2,000 of 3,600 Wh = 5,555 basis points (55.55 %), time-matched and by volume.
    expect(m).toMatchObject({ consumedWh: '3600', claimedWh: '2000', timeMatchedWh: '2000', timeMatchedBp: '5555', volumeMatchedBp: '5555' });

    // 7. When period 2C+3 settles, C closes: hugo pays 1,500 Wh × 60 TES/MWh = 90,000 µTES and 50 credit points.
    const hugoBefore = await balance('hugo');
    const creditBefore = (await cli('credit', 'show', 'hugo')).score as number;
    const closed = await waitFor(`compliance period ${c} to close`, async () => {
      const r = await cli('cert', 'quotas', '--period', String(c));
      return r.quotas.every((q: any) => q.closed) ? r.quotas : undefined;
    }, 180_000, 1_000);
    const byAccount = Object.fromEntries(closed.map((q: any) => [q.account, q]));
    expect(byAccount[gwenAddr].outcome).toMatchObject({ shortfall: '0', fine: '0', points: 0 });
    expect(byAccount[hugoAddr].outcome).toMatchObject({ required: '1500', claimed: '0', shortfall: '1500', fine: '90000', fromBalance: '90000', fromBond: '0', unpaid: '0', points: 50 });
    expect(await balance('hugo')).toBe(hugoBefore - 90_000n);
    // Credit: 500 (a newcomer's score) − 50 points = 450 at the close (the points fade 0.5 % a period after).
    expect(creditBefore).toBe(500);
    const creditAfter = await cli('credit', 'show', 'hugo');
    expect(creditAfter.shortfalls).toBe(1);
    expect(creditAfter.history).toContainEqual(expect.objectContaining({ cause: 'settled', score: 450, level: 'B' }));
    const late = await runCli(['cert', 'claim', '--from', 'gwen', '--wh', '1', '--period', String(c), '--beneficiary', 'late', '--rpc', node.rpc, '--json'], env);
    expect(late.json.error.code).toBe('COMPLIANCE_CLOSED');
  }, 420_000);
});
