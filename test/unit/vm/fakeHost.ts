import { HostId, SIDE_BUY, SIDE_SELL, type VmHost } from '../../../src/vm/hostFunctions.ts';
import { HostRefusal } from '../../../src/vm/vmError.ts';
import { chargeAllowance, type Allowance, type AllowanceUse } from '../../../src/vm/allowance.ts';

/** A listing in the fake market. `fee`: transmission µTES/kWh between its region and the owner's. */
export interface FakeListing {
  id: bigint;
  side: 'sell' | 'buy';
  period: bigint;
  rest: bigint;
  price: bigint;
  fee: bigint;
  own: boolean;
  open: boolean;
}

/** Everything the fake market holds; plain data so a snapshot is a structured clone. */
export interface FakeMarketState {
  period: bigint;
  height: bigint;
  time: bigint;
  periodMs: bigint;
  gateMs: bigint;
  firstOpen: bigint;
  lastOpen: bigint;
  balance: bigint;
  bond: bigint;
  credit: bigint;
  metered: Map<bigint, bigint>;
  allowance: Allowance;
  used: AllowanceUse;
  listings: FakeListing[];
  trades: Array<{ id: bigint; listing: bigint; wh: bigint; cost: bigint }>;
  orders: Array<{ id: bigint; side: bigint; period: bigint; wh: bigint; limit: bigint; tif: bigint; open: boolean }>;
  nextId: bigint;
}

/**
 * A small in-memory market behind the VmHost interface, for unit tests of the VM and the
 * templates (the chain's real host comes with the chain wiring). It follows the host
 * table's rules: the owner's own listings are not in its book, SELL offers rank by landed
 * price, picks escrow energy + fee from the balance, actions count against the allowance,
 * refusals are HostRefusal.
 */
export class FakeMarket implements VmHost {
  s: FakeMarketState;
  /** Every call in order, by name, for assertions. */
  readonly calls: Array<{ name: string; args: bigint[] }> = [];

  constructor(init: Partial<FakeMarketState> = {}) {
    this.s = {
      period: 10n, height: 100n, time: 1_700_000_300_000n, periodMs: 30_000n, gateMs: 5_000n, firstOpen: 11n, lastOpen: 20n,
      balance: 10n ** 12n, bond: 5_000_000n, credit: 640n, metered: new Map(),
      allowance: { utesPerPeriod: 10n ** 12n, whPerPeriod: 10n ** 9n }, used: { utes: 0n, wh: 0n },
      listings: [], trades: [], orders: [], nextId: 1n,
      ...init,
    };
  }

  /** Adds another account's offer; returns its id. */
  offer(side: 'sell' | 'buy', period: bigint, wh: bigint, price: bigint, fee = 0n): bigint {
    const id = this.s.nextId++;
    this.s.listings.push({ id, side, period, rest: wh, price, fee, own: false, open: true });
    return id;
  }

  snapshot(): FakeMarketState {
    return structuredClone(this.s);
  }

  restore(s: FakeMarketState): void {
    this.s = structuredClone(s);
  }

  /** Open offers of others for a period and side, best first as book_offer ranks them. */
  book(period: bigint, side: bigint): FakeListing[] {
    if (side !== SIDE_SELL && side !== SIDE_BUY) throw new HostRefusal('BAD_SIDE', `side is SELL (1) or BUY (2), got ${side}`);
    const want = side === SIDE_SELL ? 'sell' : 'buy';
    const open = this.s.listings.filter((l) => l.open && !l.own && l.period === period && l.side === want && l.rest > 0n);
    const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
    return open.sort((a, b) => (want === 'sell' ? cmp(a.price + a.fee, b.price + b.fee) : cmp(b.price, a.price)) || cmp(a.id, b.id));
  }

  call(id: number, args: readonly bigint[]): readonly bigint[] {
    const s = this.s;
    const name = Object.entries(HostId).find(([, v]) => v === id)![0];
    this.calls.push({ name, args: [...args] });
    switch (id) {
      case HostId.now_period: return [s.period];
      case HostId.block_height: return [s.height];
      case HostId.block_time: return [s.time];
      case HostId.period_length: return [s.periodMs];
      case HostId.gate_closure: return [s.gateMs];
      case HostId.first_open_period: return [s.firstOpen];
      case HostId.last_open_period: return [s.lastOpen];
      case HostId.book_count: return [BigInt(this.book(args[0]!, args[1]!).length)];
      case HostId.book_offer: {
        const b = this.book(args[0]!, args[1]!);
        const l = b[Number(args[2]!)];
        if (args[2]! < 0n || !l) throw new HostRefusal('BAD_INDEX', `index ${args[2]} is outside the ${b.length} offers`);
        return [l.id, l.rest, l.price + l.fee, l.price];
      }
      case HostId.balance: return [s.balance];
      case HostId.bond: return [s.bond];
      case HostId.credit: return [s.credit];
      case HostId.metered: return [s.metered.get(args[0]!) ?? 0n];
      case HostId.allowance_left: return [s.allowance.utesPerPeriod - s.used.utes, s.allowance.whPerPeriod - s.used.wh];
      case HostId.list: return [this.list(args[0]!, args[1]!, args[2]!, args[3]!)];
      case HostId.cancel: {
        const l = s.listings.find((x) => x.id === args[0]);
        if (!l || !l.own || !l.open) throw new HostRefusal('NOT_OWNER', `listing ${args[0]} is not an open listing of the owner`);
        l.open = false;
        return [];
      }
      case HostId.pick: return [this.pick(args[0]!, args[1]!)];
      case HostId.order: {
        const [side, period, wh, limit, tif] = args as [bigint, bigint, bigint, bigint, bigint];
        if (wh <= 0n) throw new HostRefusal('BAD_AMOUNT', 'an order is for a positive number of Wh');
        s.used = chargeAllowance(s.allowance, s.used, { utes: side === SIDE_BUY ? (wh * limit) / 1000n : 0n, wh }, 'order');
        const oid = s.nextId++;
        s.orders.push({ id: oid, side, period, wh, limit, tif, open: true });
        return [oid];
      }
      case HostId.cancel_order: {
        const o = s.orders.find((x) => x.id === args[0] && x.open);
        if (!o) throw new HostRefusal('UNKNOWN_ORDER', `no open order ${args[0]}`);
        o.open = false;
        return [];
      }
      default: throw new Error(`fake host: function ${id} not implemented`);
    }
  }

  private list(side: bigint, period: bigint, wh: bigint, price: bigint): bigint {
    const s = this.s;
    if (side !== SIDE_SELL && side !== SIDE_BUY) throw new HostRefusal('BAD_LISTING', `side is SELL (1) or BUY (2), got ${side}`);
    if (period < s.firstOpen || period > s.lastOpen) throw new HostRefusal('BAD_PERIOD', `period ${period} is not open for listing`);
    if (wh <= 0n || price < 0n) throw new HostRefusal('BAD_AMOUNT', 'a listing has positive Wh and a price >= 0');
    s.used = chargeAllowance(s.allowance, s.used, { utes: side === SIDE_BUY ? (wh * price) / 1000n : 0n, wh }, 'list');
    const id = s.nextId++;
    s.listings.push({ id, side: side === SIDE_SELL ? 'sell' : 'buy', period, rest: wh, price, fee: 0n, own: true, open: true });
    return id;
  }

  private pick(listing: bigint, wh: bigint): bigint {
    const s = this.s;
    const l = s.listings.find((x) => x.id === listing);
    if (!l || !l.open) throw new HostRefusal('UNKNOWN_LISTING', `no open listing ${listing}`);
    if (l.own) throw new HostRefusal('OWN_LISTING', 'the owner cannot pick its own listing');
    if (l.period < s.firstOpen) throw new HostRefusal('GATE_CLOSED', `the gate of period ${l.period} is closed`);
    if (wh <= 0n) throw new HostRefusal('BAD_AMOUNT', 'a pick is for a positive number of Wh');
    if (wh > l.rest) throw new HostRefusal('OVER_PICK', `listing ${listing} has ${l.rest} Wh left, asked ${wh}`);
    const cost = l.side === 'sell' ? (wh * (l.price + l.fee)) / 1000n : 0n;
    s.used = chargeAllowance(s.allowance, s.used, { utes: cost, wh }, 'pick');
    if (cost > s.balance) throw new HostRefusal('INSUFFICIENT_FUNDS', `the pick escrows ${cost} µTES, the balance is ${s.balance}`);
    s.balance -= cost;
    l.rest -= wh;
    if (l.rest === 0n) l.open = false;
    const id = s.nextId++;
    s.trades.push({ id, listing, wh, cost });
    return id;
  }
}
