import { formatTes } from '../chain/units.ts';
import type { CliContext } from '../chain/module/cliCommand.ts';

/**
 * How the market's commands write numbers and parties for people: thousands separators
 * (300,000 µTES), wallet names where the keystore knows the address ("buyer bea"), and
 * a settlement told as who paid whom and why.
 */

/** 300000 → "300,000" (any integer, as bigint, number or decimal string). */
export function grouped(v: bigint | number | string): string {
  const s = BigInt(v).toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "375,000 µTES". */
export const utes = (v: bigint | number | string): string => `${grouped(v)} µTES`;

/** "3,000 Wh". */
export const whText = (v: bigint | number | string): string => `${grouped(v)} Wh`;

/** "12.5 TES". */
export const tesText = (v: bigint | number | string): string => `${formatTes(BigInt(v))} TES`;

/** Names addresses by the keystore's wallet names, falling back to the address; remembers answers. */
export function createNamer(cli: CliContext): (address: string) => Promise<string> {
  const known = new Map<string, string>();
  return async (address) => {
    const hit = known.get(address);
    if (hit !== undefined) return hit;
    const name = (await cli.walletName(address)) ?? address;
    known.set(address, name);
    return name;
  };
}

/** A trade as `market_trade` / `market_trades` return it (amounts as decimal strings). */
export interface TradeJson {
  id: number;
  period: number;
  listing: number;
  seller: string;
  buyer: string;
  wh: string;
  curtailed: string;
  price: string;
  route: Array<{ region: string; stamp: string }>;
  fee: string;
  escrow: string;
  origin: number;
  status: 'open' | 'settled';
  settlement: null | {
    executedWh: string;
    energy: string;
    fee: string;
    refund: string;
    buyerMeteredWh: string;
    sellerMeteredWh: string;
    buyerDeviation: string;
    sellerDeviation: string;
    fromBond: string;
    unpaid: string;
  };
}

/**
 * One party's deviation payment in words, e.g. "the reserve paid buyer bea 10,000 µTES:
 * consumed 500 Wh less than bought (2,500 of 3,000 Wh)". `amount` is signed for the party
 * (+ received from the reserve, − paid to it), as the settlement record keeps it.
 */
export function describeDeviation(side: 'buyer' | 'seller', name: string, contracted: bigint, metered: bigint, amount: bigint): string {
  const who = `${side} ${name}`;
  const did = side === 'buyer' ? 'consumed' : 'delivered';
  const deal = side === 'buyer' ? 'bought' : 'sold';
  if (metered === contracted) return `${who} ${did} exactly the ${whText(contracted)} ${deal}: no deviation payment`;
  const diff = metered > contracted ? metered - contracted : contracted - metered;
  const why = `${did} ${whText(diff)} ${metered > contracted ? 'more' : 'less'} than ${deal} (${grouped(metered)} of ${whText(contracted)})`;
  if (amount > 0n) return `the reserve paid ${who} ${utes(amount)}: ${why}`;
  if (amount < 0n) return `${who} paid the reserve ${utes(-amount)}: ${why}`;
  return `no deviation payment for ${who} (the reserve had nothing left to pay): ${why}`;
}

/** A trade in words: the deal, its escrow, and once settled who was paid what and why. */
export async function describeTrade(t: TradeJson, nameOf: (address: string) => Promise<string>): Promise<string> {
  const seller = await nameOf(t.seller);
  const buyer = await nameOf(t.buyer);
  const route = t.route.map((h) => h.region).join('→');
  const curtailed = BigInt(t.curtailed) > 0n ? `, ${whText(t.curtailed)} curtailed` : '';
  const lines = [`trade #${t.id}, period ${t.period}: ${seller} sells ${whText(t.wh)} to ${buyer} at ${grouped(t.price)} µTES/kWh, route ${route}${curtailed}${t.origin ? ` (moved from trade #${t.origin})` : ''}`];
  const s = t.settlement;
  if (!s) {
    lines.push(`  open: escrow ${utes(t.escrow)} held (energy ${grouped(BigInt(t.escrow) - BigInt(t.fee))} + transmission ${grouped(t.fee)}); settles after period ${t.period} ends and its meter window closes`);
    return lines.join('\n');
  }
  const q = BigInt(s.executedWh);
  lines.push(`  settled: ${seller} received ${utes(s.energy)} for ${whText(q)}; ${t.route.map((h) => h.region).join(', ')} received ${utes(s.fee)} transmission; ${buyer} got ${utes(s.refund)} of the escrow back`);
  if (q > 0n) {
    lines.push(`  ${describeDeviation('buyer', buyer, q, BigInt(s.buyerMeteredWh), BigInt(s.buyerDeviation))}`);
    lines.push(`  ${describeDeviation('seller', seller, q, BigInt(s.sellerMeteredWh), BigInt(s.sellerDeviation))}`);
  }
  if (BigInt(s.fromBond) > 0n || BigInt(s.unpaid) > 0n) lines.push(`  of those payments ${utes(s.fromBond)} came from a bond and ${utes(s.unpaid)} stayed unpaid`);
  return lines.join('\n');
}
