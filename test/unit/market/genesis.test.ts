import type { MarketGenesis } from '../../../src/market/genesis.ts';
import { MODULES } from '../../../src/node/modules.ts';
import { describe, expect, it } from 'vitest';
import { createGenesisState, genesisToJson, parseGenesis } from '../../../src/chain/genesis.ts';
import { getSupply } from '../../../src/chain/state/accounts.ts';
import { createDevMarketGenesis, marketGenesisToJson } from '../../../src/market/index.ts';
import { checkConservation } from '../../../src/market/conservation.ts';
import { readConfig, readNetwork } from '../../../src/market/records/config.ts';
import { actor } from './harness.ts';

const AUTH = actor('authority');
const base = { chainId: 'tesnode-test', timestamp: 1_700_000_000_000, alloc: [{ address: AUTH.address, balance: '1000000' }] };

describe('genesis market section', () => {
  it('round-trips through JSON and writes config, network, reserve and the minted FTR pool', () => {
    const market = marketGenesisToJson(createDevMarketGenesis(AUTH.address));
    const g = parseGenesis({ ...base, market }, MODULES);
    expect(genesisToJson(g).market).toEqual(market);
    const state = createGenesisState(g);
    expect(readConfig(state)).toMatchObject({ gateClosureMs: 5_000, meterWindowMs: 10_000, bondBase: 1_000_000n, bondPercent: [100, 150, 200, 300, 400, 500, 600] });
    expect(readNetwork(state).links).toEqual([['central', 'north'], ['central', 'south']]);
    expect(getSupply(state)).toBe(1_000_000n + 1_000_000_000n);
    checkConservation(state.map);
  });

  it('a genesis without a market section stays valid and has no market state', () => {
    const g = parseGenesis(base, MODULES);
    expect((g.sections.market as MarketGenesis | undefined)).toBeUndefined();
    expect(genesisToJson(g).market).toBeUndefined();
    const state = createGenesisState(g);
    expect([...state.map.keys()].filter((k) => k.startsWith('m/'))).toEqual([]);
  });

  it('defaults the optional fields', () => {
    const g = parseGenesis({ ...base, market: { regions: [{ id: 'only', stamp: '0', feeAccount: AUTH.address }], reserve: { address: AUTH.address, downCost: '1', upCost: '2' } } }, MODULES);
    expect((g.sections.market as MarketGenesis | undefined)!.config).toEqual({ bondBase: 100_000_000n, bondPercent: [100, 150, 200, 300, 400, 500, 600], gateClosureMs: 300_000, meterWindowMs: 900_000, maxPeriodsAhead: 96, ftrPremiumPercent: 10 });
  });

  it.each([
    [{ regions: [] }, /market.regions must be an array/],
    [{ regions: [{ id: 'North', stamp: '1', feeAccount: 'x' }] }, /market.regions\[0\].id/],
    [{ links: [['north', 'west']] }, /market.links\[0\] names a region/],
    [{ links: [['north', 'north']] }, /links 'north' to itself/],
    [{ reserve: { address: 'tes1bad', downCost: '1', upCost: '1' } }, /market.reserve.address/],
    [{ bond: { base: '1', percent: { AAA: 100 } } }, /market.bond.percent.AA is missing/],
    [{ gateClosureMs: -1 }, /market.gateClosureMs/],
    [{ colour: 'blue' }, /market.colour is not a known field/],
  ])('rejects a bad section, naming the field (%#)', (change, message) => {
    const market = { ...marketGenesisToJson(createDevMarketGenesis(AUTH.address)), ...change };
    expect(() => parseGenesis({ ...base, market }, MODULES)).toThrow(message);
    try {
      parseGenesis({ ...base, market }, MODULES);
    } catch (err) {
      expect((err as Error).name).toBe('GenesisError');
    }
  });
});
