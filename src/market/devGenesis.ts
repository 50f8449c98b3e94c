import { addressToBytes } from '../chain/address.ts';
import { sha256 } from '../chain/hash.ts';
import { utf8 } from '../chain/bytes.ts';
import { MARKET_DEFAULTS, type MarketGenesis } from './genesis.ts';
import { CREDIT_DEFAULTS } from './credit/config.ts';

/** Keyless fee account of a dev region: nobody can spend it; fees just pile up visibly. */
export function devRegionFeeAccount(region: string): Uint8Array {
  return sha256(utf8(`tesnode/dev-region/${region}`)).subarray(0, 20);
}

/**
 * The market section of `tesnode start --dev` (periods of 30 s from the dev params):
 * three regions in a line, north — central — south, with stamps of 8,000, 5,000 and
 * 12,000 µTES/kWh; the authority as the reserve (a = 20,000, a' = 90,000 µTES/kWh), so
 * fund it in the allocations; a bond base of 1 TES; gate closure 5 s before a period,
 * meter window 10 s after it; listings up to 120 periods (an hour) ahead; an FTR pool
 * of 1,000 TES minted at genesis; credit with the default formula on dev time: agency
 * cycles of 20 periods (10 minutes), readmission after 20 periods, inactive accounts
 * reclaimed after 2,880 periods (a day).
 */
export function createDevMarketGenesis(authorityAddress: string): MarketGenesis {
  const authority = addressToBytes(authorityAddress);
  const regions = [
    { id: 'central', stamp: 5_000n },
    { id: 'north', stamp: 8_000n },
    { id: 'south', stamp: 12_000n },
  ].map((r) => ({ ...r, feeAccount: devRegionFeeAccount(r.id) }));
  return {
    config: {
      bondBase: 1_000_000n,
      bondPercent: [...MARKET_DEFAULTS.bondPercent],
      gateClosureMs: 5_000,
      meterWindowMs: 10_000,
      maxPeriodsAhead: 120,
      ftrPremiumPercent: MARKET_DEFAULTS.ftrPremiumPercent,
    },
    network: { regions, links: [['central', 'north'], ['central', 'south']] },
    reserve: { account: authority, downCost: 20_000n, upCost: 90_000n },
    ftrPool: 1_000_000_000n,
    credit: { ...CREDIT_DEFAULTS, agencyPeriods: 20, readmitPeriods: 20, inactivePeriods: 2880 },
  };
}
