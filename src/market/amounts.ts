import type { RouteHop } from './types.ts';

/**
 * Money arithmetic of the market (docs/protocol/market.md): q Wh at p µTES/kWh costs floor(q·p / 1000);
 * every rounding is a floor, so the remainder stays with the payer.
 */

/** Energy value of `wh` at `price` µTES/kWh. */
export function energyCost(wh: bigint, price: bigint): bigint {
  return (wh * price) / 1000n;
}

/** The fee each region on the route earns for `wh`: floor(stamp_i · Q / 1000), in route order. */
export function hopFees(wh: bigint, route: readonly RouteHop[]): bigint[] {
  return route.map((h) => (h.stamp * wh) / 1000n);
}

/** Transmission fee of formula 1, S = α·Q + β·Q + γ·Q: the sum of the per-region fees. */
export function routeFee(wh: bigint, route: readonly RouteHop[]): bigint {
  let s = 0n;
  for (const f of hopFees(wh, route)) s += f;
  return s;
}

/** Sum of the stamp rates on a route (µTES/kWh). */
export function stampSum(route: readonly RouteHop[]): bigint {
  let s = 0n;
  for (const h of route) s += h.stamp;
  return s;
}

/** What the buyer's side escrows for `wh`: energy plus transmission fee. */
export function tradeCost(wh: bigint, price: bigint, route: readonly RouteHop[]): bigint {
  return energyCost(wh, price) + routeFee(wh, route);
}

/**
 * The most Wh, up to `want`, whose trade cost fits in `budget`. Starts from
 * floor(budget·1000 / (price + stamps)), which always fits since each floor only lowers
 * the cost, then steps up while the next Wh still fits (the floors can leave room).
 */
export function affordableWh(budget: bigint, price: bigint, route: readonly RouteHop[], want: bigint): bigint {
  const perKwh = price + stampSum(route);
  if (perKwh === 0n) return want;
  let q = (budget * 1000n) / perKwh;
  if (q >= want) return want;
  // At most ceil(route length + 1) extra Wh can fit, one per floored term.
  while (q < want && tradeCost(q + 1n, price, route) <= budget) q += 1n;
  return q;
}
