/** The credit RPC methods (src/rpc/creditMethods.ts) over a real chain's head state. */
import { afterEach, describe, expect, it } from 'vitest';
import { openTestChain, type TestChain } from '../../helpers/testChain.ts';
import { rpcMethodsOf } from '../../helpers/rpcMethods.ts';
import { toJson } from '../../../src/rpc/server.ts';
import { RpcError } from '../../../src/rpc/rpcError.ts';
import { TxError } from '../../../src/chain/chainError.ts';
import { HIGH, LOW, miningGenesis, setUpCredit } from './miningChain.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function methods() {
  const tc: TestChain = await openTestChain(miningGenesis());
  cleanups.push(() => tc.destroy());
  await setUpCredit(tc.chain);
  return rpcMethodsOf(tc.chain);
}

describe('credit RPC methods', () => {
  it('credit_get shows score, level, parts, boost and history; JSON-safe', async () => {
    const m = await methods();
    const c = toJson(await m.credit_get!({ address: HIGH.address })) as Record<string, any>;
    expect(c).toMatchObject({ address: HIGH.address, status: 'approved', score: 1000, level: 'AAA', internal: 500, external: 1000, miningBoostPermille: 4000, requiredBond: '1000000' });
    expect(c.parts).toEqual({ rating: 500, activity: 0, penalty: 0 });
    expect(c.history.map((e: any) => [e.cause, e.score, e.level])).toEqual([['approved', 500, 'BB'], ['agency', 1000, 'AAA']]);
    const l = toJson(await m.credit_get!({ address: LOW.address })) as Record<string, any>;
    expect(l).toMatchObject({ status: null, score: 500, miningBoostPermille: 1000, history: [] });
  });

  it('credit_params, market_check, market_reports, market_violations', async () => {
    const m = await methods();
    expect(toJson(await m.credit_params!({}))).toMatchObject({ levels: { AAA: 900, B: 400 }, internalWeight: 0, externalWeight: 100, maxBoost: 4, rewardAmount: '1000000' });
    expect(toJson(await m.market_check!({ address: HIGH.address }))).toMatchObject({ verdict: 'clean', score: 0, reportable: false, reasons: ['no indicator reaches its threshold'] });
    expect(await m.market_reports!({ status: 'open' })).toEqual({ reports: [] });
    expect(await m.market_violations!({})).toEqual({ violations: [] });
    expect(await m.market_violations!({ address: HIGH.address })).toEqual({ violations: [] });
  });

  it('checks its params and names what is missing', async () => {
    const m = await methods();
    await expect(async () => m.credit_get!({ address: 'tes1nope' })).rejects.toThrow(RpcError);
    await expect(async () => m.credit_get!({ who: HIGH.address })).rejects.toThrow(/unknown param "who"/);
    await expect(async () => m.market_reports!({ status: 'pending' })).rejects.toThrow(/"status" must be one of/);
    await expect(async () => m.market_report!({ id: 7 })).rejects.toThrow(TxError);
  });
});
