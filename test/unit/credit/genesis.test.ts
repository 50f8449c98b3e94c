import type { MarketGenesis } from '../../../src/market/genesis.ts';
import { MODULES } from '../../../src/node/modules.ts';
/** The genesis `market.credit` section: defaults, round trip, old files, errors naming the field. */
import { describe, expect, it } from 'vitest';
import { createGenesisState, genesisToJson, parseGenesis } from '../../../src/chain/genesis.ts';
import { createDevMarketGenesis, marketGenesisToJson, CREDIT_DEFAULTS, readCreditConfig } from '../../../src/market/index.ts';
import { actor } from '../market/harness.ts';

const AUTH = actor('authority');
const base = { chainId: 'tesnode-test', timestamp: 1_700_000_000_000, alloc: [{ address: AUTH.address, balance: '1000000' }] };
const market = () => marketGenesisToJson(createDevMarketGenesis(AUTH.address));

describe('genesis market.credit', () => {
  it('the dev genesis states a credit section; it round-trips and is written to m/ccfg', () => {
    const g = parseGenesis({ ...base, market: market() }, MODULES);
    expect((g.sections.market as MarketGenesis | undefined)!.credit).toEqual({ ...CREDIT_DEFAULTS, agencyPeriods: 20, readmitPeriods: 20, inactivePeriods: 2880 });
    expect(genesisToJson(g).market).toEqual(market());
    expect(readCreditConfig(createGenesisState(g))).toEqual((g.sections.market as MarketGenesis | undefined)!.credit);
  });

  it('an older market section without credit stays valid, writes nothing, and reads the defaults', () => {
    const { credit: _omit, ...old } = market();
    const g = parseGenesis({ ...base, market: old }, MODULES);
    expect((g.sections.market as MarketGenesis | undefined)!.credit).toBeUndefined();
    expect(genesisToJson(g).market).toEqual(old);
    const state = createGenesisState(g);
    expect(state.get('m/ccfg')).toBeUndefined();
    expect(readCreditConfig(state)).toEqual(CREDIT_DEFAULTS);
  });

  it('fills unstated fields with the defaults; one weight implies the other', () => {
    const g = parseGenesis({ ...base, market: { ...market(), credit: { weights: { external: 40 }, exitCredit: 250, reward: { amount: '5' } } } }, MODULES);
    expect((g.sections.market as MarketGenesis | undefined)!.credit).toEqual({ ...CREDIT_DEFAULTS, internalWeight: 60, externalWeight: 40, exitCredit: 250, rewardAmount: 5n });
  });

  it.each([
    [{ levels: { AA: 950 } }, /levels must fall strictly from AAA to B; AA 950 is not below AAA 900/],
    [{ weights: { internal: 60, external: 30 } }, /weights must add up to 100/],
    [{ prior: { mean: 6 } }, /market.credit.prior.mean must be an integer from 1 to 5/],
    [{ prior: { count: 0 } }, /market.credit.prior.count/],
    [{ agencyPeriods: 0 }, /market.credit.agencyPeriods/],
    [{ exitCredit: 1001 }, /market.credit.exitCredit/],
    [{ reward: { amount: 5 } }, /market.credit.reward.amount must be a decimal string/],
    [{ colour: 'red' }, /market.credit.colour is not a known field/],
    [{ activity: { speed: 1 } }, /market.credit.activity.speed is not a known field/],
    ['high', /market.credit must be an object/],
  ])('rejects a bad credit section, naming the field (%#)', (credit, message) => {
    expect(() => parseGenesis({ ...base, market: { ...market(), credit } }, MODULES)).toThrow(message);
  });
});
