/**
 * A small flow network with bigint capacities and shortest-augmenting-path max flow
 * (Edmonds–Karp). The auction's networks have a few dozen nodes (seller regions and
 * buyer classes), so simplicity wins. Capacities can be raised between runs and the
 * flow continues from where it was, which is how allocation fills orders one by one.
 * Deterministic: paths are searched in the order edges were added.
 */
export class FlowNetwork {
  private readonly first: number[] = [];
  private readonly to: number[] = [];
  private readonly nextEdge: number[] = [];
  private readonly residual: bigint[] = [];

  /** Adds a node and returns its index. */
  addNode(): number {
    this.first.push(-1);
    return this.first.length - 1;
  }

  /** Adds an edge u→v and returns its index; its reverse is index ^ 1. */
  addEdge(u: number, v: number, capacity: bigint): number {
    const e = this.to.length;
    this.to.push(v, u);
    this.residual.push(capacity, 0n);
    this.nextEdge.push(this.first[u]!, this.first[v]!);
    this.first[u] = e;
    this.first[v] = e + 1;
    return e;
  }

  /** Adds `by` to an edge's capacity. */
  raise(edge: number, by: bigint): void {
    this.residual[edge] = this.residual[edge]! + by;
  }

  /** Flow currently on an edge. */
  flowOn(edge: number): bigint {
    return this.residual[edge ^ 1]!;
  }

  /** Pushes flow from s to t until no augmenting path is left; returns how much was added. */
  augment(s: number, t: number): bigint {
    let total = 0n;
    const n = this.first.length;
    const via = new Int32Array(n);
    const queue = new Int32Array(n);
    for (;;) {
      via.fill(-1);
      via[s] = -2;
      queue[0] = s;
      let tail = 1;
      for (let head = 0; head < tail && via[t] === -1; head++) {
        const u = queue[head]!;
        for (let e = this.first[u]!; e !== -1; e = this.nextEdge[e]!) {
          const v = this.to[e]!;
          if (via[v] === -1 && this.residual[e]! > 0n) {
            via[v] = e;
            queue[tail++] = v;
          }
        }
      }
      if (via[t] === -1) return total;
      let push = -1n;
      for (let v = t; v !== s; v = this.to[via[v]! ^ 1]!) {
        const r = this.residual[via[v]!]!;
        if (push < 0n || r < push) push = r;
      }
      for (let v = t; v !== s; v = this.to[via[v]! ^ 1]!) {
        this.residual[via[v]!] = this.residual[via[v]!]! - push;
        this.residual[via[v]! ^ 1] = this.residual[via[v]! ^ 1]! + push;
      }
      total += push;
    }
  }
}
