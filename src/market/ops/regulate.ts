import { MarketError } from '../marketError.ts';
import { requireConfig, readNetwork, writeNetwork, findRegion, writeReserve } from '../records/config.ts';
import { MAX_PRICE, requireAuthority, requireRegion } from '../checks.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { GridChanged } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Region ids: a lowercase letter, then up to 15 lowercase letters, digits or dashes. */
export const REGION_ID = /^[a-z][a-z0-9-]{0,15}$/;
/** Most regions a network may hold. */
export const MAX_REGIONS = 256;

/** Arguments of market.region: regulator: add a region or change its stamp rate and fee account. */
export const setRegionArgs = { region: Field.text(16), stamp: Field.amount, feeAccount: Field.address } as const;

/**
 * market.region: the regulator adds a region or changes its stamp rate (µTES/kWh) and
 * fee account. Trades already formed keep the rates and accounts of their formation.
 */
export function applySetRegion(state: Overlay, ctx: OpContext, args: ArgsOf<typeof setRegionArgs>): Record<string, never> {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const id = args.region;
  const stamp = args.stamp;
  const feeAccount = args.feeAccount;
  if (!REGION_ID.test(id)) throw new MarketError('BAD_REGION', `region id '${id}' must be a lowercase letter then up to 15 letters, digits or dashes`);
  if (stamp > MAX_PRICE) throw new MarketError('BAD_AMOUNT', `a stamp rate must be at most ${MAX_PRICE} µTES/kWh`);
  const net = readNetwork(state);
  const others = net.regions.filter((r) => r.id !== id);
  if (!findRegion(net, id) && others.length >= MAX_REGIONS) throw new MarketError('TOO_MANY', `the network already has ${MAX_REGIONS} regions`);
  writeNetwork(state, { regions: [...others, { id, stamp, feeAccount }], links: net.links });
  ctx.emit(GridChanged, { what: 'region', region: id });
  return {};
}

/** Arguments of market.link: regulator: link two regions, or unlink them. */
export const setLinkArgs = { a: Field.text(16), b: Field.text(16), connected: Field.bool } as const;

/** market.link: the regulator connects two regions (`connected` true) or removes the link. */
export function applySetLink(state: Overlay, ctx: OpContext, args: ArgsOf<typeof setLinkArgs>): Record<string, never> {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const a = args.a;
  const b = args.b;
  const connected = args.connected;
  const net = readNetwork(state);
  requireRegion(net, a);
  requireRegion(net, b);
  if (a === b) throw new MarketError('BAD_LINK', 'a link joins two different regions');
  const others = net.links.filter(([x, y]) => !((x === a && y === b) || (x === b && y === a)));
  writeNetwork(state, { regions: net.regions, links: connected ? [...others, [a, b]] : others });
  ctx.emit(GridChanged, { what: 'link', region: a });
  return {};
}

/** Arguments of market.reserve: regulator: set the reserve account and its unit costs a (down) and a' (up). */
export const setReserveArgs = { account: Field.address, downCost: Field.amount, upCost: Field.amount } as const;

/** market.reserve: the regulator names the reserve account and its unit costs a (down) and a' (up), µTES/kWh. */
export function applySetReserve(state: Overlay, ctx: OpContext, args: ArgsOf<typeof setReserveArgs>): Record<string, never> {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const downCost = args.downCost;
  const upCost = args.upCost;
  if (downCost > MAX_PRICE || upCost > MAX_PRICE) throw new MarketError('BAD_AMOUNT', `reserve costs must be at most ${MAX_PRICE} µTES/kWh`);
  writeReserve(state, { account: args.account, downCost, upCost });
  ctx.emit(GridChanged, { what: 'reserve', region: '' });
  return {};
}
