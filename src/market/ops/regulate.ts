import { MarketError } from '../marketError.ts';
import { requireConfig, readNetwork, writeNetwork, findRegion, writeReserve } from '../records/config.ts';
import { MAX_PRICE, requireAuthority, requireRegion } from '../checks.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { TxContext } from '../../chain/stf/context.ts';

/** Region ids: a lowercase letter, then up to 15 lowercase letters, digits or dashes. */
export const REGION_ID = /^[a-z][a-z0-9-]{0,15}$/;
/** Most regions a network may hold. */
export const MAX_REGIONS = 256;

/**
 * market.region: the regulator adds a region or changes its stamp rate (µTES/kWh) and
 * fee account. Trades already formed keep the rates and accounts of their formation.
 */
export function applySetRegion(state: Overlay, ctx: TxContext): void {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const id = ctx.tx.payload.region as string;
  const stamp = ctx.tx.payload.stamp as bigint;
  const feeAccount = ctx.tx.payload.feeAccount as Uint8Array;
  if (!REGION_ID.test(id)) throw new MarketError('BAD_REGION', `region id '${id}' must be a lowercase letter then up to 15 letters, digits or dashes`);
  if (stamp > MAX_PRICE) throw new MarketError('BAD_AMOUNT', `a stamp rate must be at most ${MAX_PRICE} µTES/kWh`);
  const net = readNetwork(state);
  const others = net.regions.filter((r) => r.id !== id);
  if (!findRegion(net, id) && others.length >= MAX_REGIONS) throw new MarketError('TOO_MANY', `the network already has ${MAX_REGIONS} regions`);
  writeNetwork(state, { regions: [...others, { id, stamp, feeAccount }], links: net.links });
}

/** market.link: the regulator connects two regions (`connected` true) or removes the link. */
export function applySetLink(state: Overlay, ctx: TxContext): void {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const a = ctx.tx.payload.a as string;
  const b = ctx.tx.payload.b as string;
  const connected = ctx.tx.payload.connected as boolean;
  const net = readNetwork(state);
  requireRegion(net, a);
  requireRegion(net, b);
  if (a === b) throw new MarketError('BAD_LINK', 'a link joins two different regions');
  const others = net.links.filter(([x, y]) => !((x === a && y === b) || (x === b && y === a)));
  writeNetwork(state, { regions: net.regions, links: connected ? [...others, [a, b]] : others });
}

/** market.reserve: the regulator names the reserve account and its unit costs a (down) and a' (up), µTES/kWh. */
export function applySetReserve(state: Overlay, ctx: TxContext): void {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const downCost = ctx.tx.payload.downCost as bigint;
  const upCost = ctx.tx.payload.upCost as bigint;
  if (downCost > MAX_PRICE || upCost > MAX_PRICE) throw new MarketError('BAD_AMOUNT', `reserve costs must be at most ${MAX_PRICE} µTES/kWh`);
  writeReserve(state, { account: ctx.tx.payload.account as Uint8Array, downCost, upCost });
}
