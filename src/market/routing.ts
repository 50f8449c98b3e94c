import type { Network, RouteHop } from './types.ts';

/**
 * Postage-stamp routing (formula 1, docs/protocol/market.md): a route's cost is the sum of the stamp rates
 * of every region on it, both ends included. The route of a trade is the cheapest path
 * from the seller's region to the buyer's; among equally cheap paths, the one whose
 * sequence of region ids is lexicographically smallest (compared id by id, a shorter
 * path first when one is a prefix of the other). Dijkstra over nodes with that total
 * order as the label; region graphs are small, so the O(V²) selection is plenty.
 */
export function findRoute(net: Network, from: string, to: string): RouteHop[] | undefined {
  const byId = new Map(net.regions.map((r) => [r.id, r] as const));
  const start = byId.get(from);
  if (!start || !byId.has(to)) return undefined;
  const adj = new Map<string, string[]>();
  for (const [a, b] of net.links) {
    if (!byId.has(a) || !byId.has(b)) continue;
    (adj.get(a) ?? adj.set(a, []).get(a)!).push(b);
    (adj.get(b) ?? adj.set(b, []).get(b)!).push(a);
  }
  const best = new Map<string, { cost: bigint; path: string[] }>([[from, { cost: start.stamp, path: [from] }]]);
  const done = new Set<string>();
  for (;;) {
    let cur: string | undefined;
    for (const [id, label] of best) {
      if (done.has(id)) continue;
      if (cur === undefined || better(label, best.get(cur)!)) cur = id;
    }
    if (cur === undefined) return undefined;
    const label = best.get(cur)!;
    if (cur === to) return label.path.map((id) => ({ region: id, stamp: byId.get(id)!.stamp, feeAccount: byId.get(id)!.feeAccount }));
    done.add(cur);
    for (const next of adj.get(cur) ?? []) {
      if (done.has(next)) continue;
      const cand = { cost: label.cost + byId.get(next)!.stamp, path: [...label.path, next] };
      const old = best.get(next);
      if (!old || better(cand, old)) best.set(next, cand);
    }
  }
}

function better(a: { cost: bigint; path: string[] }, b: { cost: bigint; path: string[] }): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  return comparePaths(a.path, b.path) < 0;
}

/** Lexicographic order of region id sequences. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}
