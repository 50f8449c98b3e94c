import { encode, decodeTrusted } from '../../chain/codec.ts';
import { MarketKey } from '../keys.ts';
import { MarketError } from '../marketError.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { MarketConfig, Network, Region, Reserve } from '../types.ts';

/** Canonical encoding of the market configuration. */
export function encodeConfig(c: MarketConfig): Uint8Array {
  return encode([c.bondBase, [...c.bondPercent], c.gateClosureMs, c.meterWindowMs, c.maxPeriodsAhead, c.ftrPremiumPercent]);
}

/** The market configuration, or undefined on a chain whose genesis has no market section. */
export function readConfig(state: StateReader): MarketConfig | undefined {
  const raw = state.get(MarketKey.config);
  if (!raw) return undefined;
  const [bondBase, bondPercent, gateClosureMs, meterWindowMs, maxPeriodsAhead, ftrPremiumPercent] = decodeTrusted(raw) as [
    bigint, number[], number, number, number, number,
  ];
  return { bondBase, bondPercent, gateClosureMs, meterWindowMs, maxPeriodsAhead, ftrPremiumPercent };
}

/** The market configuration; throws MARKET_DISABLED on a chain without a market. */
export function requireConfig(state: StateReader): MarketConfig {
  const c = readConfig(state);
  if (!c) throw new MarketError('MARKET_DISABLED', 'this chain has no market: its genesis file has no "market" section');
  return c;
}

/** Writes the market configuration (genesis only). */
export function writeConfig(state: Overlay, c: MarketConfig): void {
  state.set(MarketKey.config, encodeConfig(c));
}

/** Reads the region graph (empty without a market). */
export function readNetwork(state: StateReader): Network {
  const raw = state.get(MarketKey.network);
  if (!raw) return { regions: [], links: [] };
  const [regions, links] = decodeTrusted(raw) as [Array<[string, bigint, Uint8Array]>, Array<[string, string]>];
  return { regions: regions.map(([id, stamp, feeAccount]) => ({ id, stamp, feeAccount })), links };
}

/** Writes the region graph in canonical order: regions by id, links as sorted pairs, sorted. */
export function writeNetwork(state: Overlay, net: Network): void {
  const regions = [...net.regions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const links = net.links.map(([a, b]) => (a < b ? [a, b] : [b, a]) as [string, string]);
  links.sort((x, y) => (x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  state.set(MarketKey.network, encode([regions.map((r) => [r.id, r.stamp, r.feeAccount]), links]));
}

/** A region by id, if it exists. */
export function findRegion(net: Network, id: string): Region | undefined {
  return net.regions.find((r) => r.id === id);
}

/** The reserve, if the chain has a market. */
export function readReserve(state: StateReader): Reserve | undefined {
  const raw = state.get(MarketKey.reserve);
  if (!raw) return undefined;
  const [account, downCost, upCost] = decodeTrusted(raw) as [Uint8Array, bigint, bigint];
  return { account, downCost, upCost };
}

/** Writes the reserve. */
export function writeReserve(state: Overlay, r: Reserve): void {
  state.set(MarketKey.reserve, encode([r.account, r.downCost, r.upCost]));
}
