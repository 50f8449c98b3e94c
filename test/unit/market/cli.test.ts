/**
 * The market's command-line side: one range per quantity (what the CLI accepts is what
 * the chain accepts), units named, and a settlement told as who paid whom and why.
 */
import { describe, expect, it } from 'vitest';
import { parsePrice, parseWh } from '../../../src/market/cliInput.ts';
import { describeDeviation, describeTrade, grouped, type TradeJson } from '../../../src/market/cliText.ts';
import { MAX_PRICE, MAX_WH } from '../../../src/market/limits.ts';
import { Harness, actor, start } from './harness.ts';

const cli = { error: (code: string, message: string) => Object.assign(new Error(message), { code }) } as any;
const accepts = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

describe('one range per quantity, in the CLI and on chain', () => {
  const SOL = actor('sol');
  const listAt = (h: Harness, wh: bigint, price: bigint) =>
    h.send(SOL, 'market.list', { side: 'sell', period: 3, wh, price, region: 'north', source: 'solar', carbon: 20 }, start(3) - 60_000);

  it('a listing\'s Wh and price: the CLI refuses exactly what the chain refuses', () => {
    const h = new Harness({ alloc: { sol: 10_000_000n } });
    h.join(SOL, 'seller', 'north');
    for (const wh of [0n, 1n, MAX_WH, MAX_WH + 1n]) {
      const chainOk = listAt(h, wh, 1_000n) === '';
      expect(accepts(() => parseWh(String(wh), '--wh')), `--wh ${wh}`).toBe(chainOk);
    }
    for (const price of [0n, 1n, MAX_PRICE, MAX_PRICE + 1n]) {
      const chainOk = listAt(h, 1_000n, price) === '';
      expect(accepts(() => parsePrice(cli, String(price), '--price')), `--price ${price}`).toBe(chainOk);
    }
  });

  it('the refusal names the unit and the range', () => {
    expect(() => parseWh('0', '--wh')).toThrow('--wh "0" must be a whole number of Wh from 1 to 1000000000000');
    expect(() => parsePrice(cli, '0.1', '--price')).toThrow('--price is in µTES per kWh, a whole number from 1 to 1000000000000 (1 TES = 1,000,000 µTES): 0.1 TES/kWh is --price 100000');
    // A meter may read zero.
    expect(parseWh('0', '--wh', 0n)).toBe(0n);
  });
});

describe('a settlement as who paid whom and why', () => {
  it('the four deviation cases and the exact one', () => {
    expect(describeDeviation('buyer', 'bea', 3_000n, 2_500n, 10_000n)).toBe('the reserve paid buyer bea 10,000 µTES: consumed 500 Wh less than bought (2,500 of 3,000 Wh)');
    expect(describeDeviation('buyer', 'bea', 3_000n, 3_500n, -45_000n)).toBe('buyer bea paid the reserve 45,000 µTES: consumed 500 Wh more than bought (3,500 of 3,000 Wh)');
    expect(describeDeviation('seller', 'sunny', 3_000n, 3_200n, 4_000n)).toBe('the reserve paid seller sunny 4,000 µTES: delivered 200 Wh more than sold (3,200 of 3,000 Wh)');
    expect(describeDeviation('seller', 'sunny', 3_000n, 2_000n, -90_000n)).toBe('seller sunny paid the reserve 90,000 µTES: delivered 1,000 Wh less than sold (2,000 of 3,000 Wh)');
    expect(describeDeviation('seller', 'sunny', 3_000n, 3_000n, 0n)).toBe('seller sunny delivered exactly the 3,000 Wh sold: no deviation payment');
  });

  it('a settled trade names the parties, the regions and the amounts', async () => {
    const t: TradeJson = {
      id: 1, period: 4, listing: 1, seller: 'tes1seller', buyer: 'tes1buyer', wh: '3000', curtailed: '0', price: '100000',
      route: [{ region: 'north', stamp: '8000' }, { region: 'central', stamp: '5000' }, { region: 'south', stamp: '12000' }],
      fee: '75000', escrow: '0', origin: 0, status: 'settled',
      settlement: { executedWh: '3000', energy: '300000', fee: '75000', refund: '0', buyerMeteredWh: '2500', sellerMeteredWh: '3000', buyerDeviation: '10000', sellerDeviation: '0', fromBond: '0', unpaid: '0' },
    };
    const names: Record<string, string> = { tes1seller: 'sunny', tes1buyer: 'bea' };
    const text = await describeTrade(t, async (a) => names[a] ?? a);
    expect(text.split('\n')).toEqual([
      'trade #1, period 4: sunny sells 3,000 Wh to bea at 100,000 µTES/kWh, route north→central→south',
      '  settled: sunny received 300,000 µTES for 3,000 Wh; north, central, south received 75,000 µTES transmission; bea got 0 µTES of the escrow back',
      '  the reserve paid buyer bea 10,000 µTES: consumed 500 Wh less than bought (2,500 of 3,000 Wh)',
      '  seller sunny delivered exactly the 3,000 Wh sold: no deviation payment',
    ]);
  });

  it('groups thousands', () => {
    expect(grouped(0n)).toBe('0');
    expect(grouped('999')).toBe('999');
    expect(grouped(1_000)).toBe('1,000');
    expect(grouped(-1_234_567n)).toBe('-1,234,567');
  });
});
