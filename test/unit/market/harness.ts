import { MODULES } from '../../../src/node/modules.ts';
/**
 * A small in-process chain for market tests: named actors with deterministic keys, a
 * genesis with a market section, and blocks applied with the real applyBlock at times
 * the test chooses. No proof of work and no signatures (applyBlock does not check them;
 * validateBlock does, elsewhere). Fees and block rewards are zero unless a test sets a
 * fee, so balances move only by market rules and every µTES can be written out.
 */
import { expect } from 'vitest';
import { accumulateState, createGenesisState, type Genesis } from '../../../src/chain/genesis.ts';
import { DEVNET_DEFAULTS } from '../../../src/chain/params.ts';
import { COMMUNITY_POOL_ID, accountIdFromPublicKey, getAccount } from '../../../src/chain/state/accounts.ts';
import { addressFromBytes } from '../../../src/chain/address.ts';
import { applyBlock } from '../../../src/chain/stf/applyBlock.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { utf8 } from '../../../src/chain/bytes.ts';
import { createDevMarketGenesis } from '../../../src/market/devGenesis.ts';
import { DOC, REQUIRED_DOCS } from '../../../src/market/records/participant.ts';
import { readBond } from '../../../src/market/records/ledger.ts';
import { checkConservation } from '../../../src/market/conservation.ts';
import type { MarketGenesis } from '../../../src/market/genesis.ts';
import type { LtHash } from '../../../src/chain/state/ltHash.ts';
import type { MemoryState } from '../../../src/chain/state/stateReader.ts';
import type { ChainContext } from '../../../src/chain/module/context.ts';
import type { Payload, Receipt, Tx } from '../../../src/chain/types.ts';

/** Genesis time of every market test (a fixed instant). */
export const G = 1_700_000_000_000;
/** Dev period length. */
export const PERIOD = 30_000;
/** Start of period k. */
export const start = (k: number): number => G + k * PERIOD;

/** A named account. */
export interface Actor {
  readonly name: string;
  readonly pub: Uint8Array;
  readonly id: Uint8Array;
  readonly address: string;
}

/** The actor of a name: public key SHA-256(name), so the same name is the same account everywhere. */
export function actor(name: string): Actor {
  const pub = sha256(utf8(`market-test/${name}`));
  const id = accountIdFromPublicKey(pub);
  return { name, pub, id, address: addressFromBytes(id) };
}

/** One transaction to put in a block. */
export interface TxSpec {
  readonly from: Actor;
  readonly kind: string;
  readonly payload?: Payload;
  readonly fee?: bigint;
}

/** The authority holding validator, dispatcher, regulator, creditAgency and meter roles (and acting as the reserve). */
export const AUTH = actor('authority');
const MINER = sha256(utf8('market-test/miner'));

/** Options of a test chain. */
export interface HarnessOptions {
  /** Balances at genesis by actor name (the authority gets 1,000 TES unless given). */
  readonly alloc?: Readonly<Record<string, bigint>>;
  /** Changes to the dev market section. */
  readonly market?: (m: MarketGenesis) => MarketGenesis;
  /** µTES in the community pool at genesis (it funds credit rewards). */
  readonly pool?: bigint;
}

/** The test market: the dev genesis (north 8,000 — central 5,000 — south 12,000 µTES/kWh), reserve costs a = 23,457 and a' = 91,113 so floors show. */
export function testMarket(m: MarketGenesis): MarketGenesis {
  return { ...m, reserve: { ...m.reserve, downCost: 23_457n, upCost: 91_113n } };
}

/** A chain under test. */
export class Harness {
  readonly ctx: ChainContext;
  state: MemoryState;
  acc: LtHash;
  height = 0;
  time = G;

  constructor(opts: HarnessOptions = {}) {
    const alloc = { authority: 1_000_000_000n, ...(opts.alloc ?? {}) };
    const market = (opts.market ?? testMarket)(createDevMarketGenesis(AUTH.address));
    const g: Genesis = {
      chainId: 'tesnode-test',
      timestamp: G,
      params: { ...DEVNET_DEFAULTS, minFee: 0n, blockReward: 0n },
      alloc: [
        ...Object.entries(alloc).map(([name, balance]) => ({ id: actor(name).id, balance })),
        ...(opts.pool ? [{ id: COMMUNITY_POOL_ID, balance: opts.pool }] : []),
      ],
      authorities: [{ id: AUTH.id, roles: ['validator', 'dispatcher', 'regulator', 'creditAgency', 'meter'] }],
      sections: { market },
      modules: MODULES,
    };
    this.ctx = { chainId: g.chainId, genesisTime: g.timestamp, params: g.params, modules: g.modules };
    this.state = createGenesisState(g);
    this.acc = accumulateState(this.state);
  }

  /** Applies a block at time `time` (default: 1 ms after the last) and returns its receipts. */
  block(txs: readonly TxSpec[], time = this.time + 1): Receipt[] {
    const used = new Map<string, number>();
    const built: Tx[] = txs.map((t) => {
      const n = used.get(t.from.name) ?? getAccount(this.state, t.from.id).nonce;
      used.set(t.from.name, n + 1);
      return { chainId: this.ctx.chainId, from: t.from.pub, nonce: n, fee: t.fee ?? 0n, kind: t.kind, payload: t.payload ?? {}, sig: new Uint8Array(64) };
    });
    this.height += 1;
    this.time = time;
    const header = {
      version: 1, parentHash: new Uint8Array(32), height: this.height, timestamp: time, txRoot: new Uint8Array(32),
      stateRoot: new Uint8Array(32), receiptRoot: new Uint8Array(32), baseTarget: 1n, miner: MINER, nonce: 0n,
    };
    const res = applyBlock(this.state, this.acc, { header, sig: new Uint8Array(64), txs: built }, this.ctx);
    this.state.applyWrites(res.changes.map((c) => [c.key, c.value] as const));
    this.acc = res.acc;
    return [...res.receipts];
  }

  /** Applies one transaction in its own block and returns its error code ('' on success). */
  send(from: Actor, kind: string, payload: Payload = {}, time?: number): string {
    return this.block([{ from, kind, payload }], time)[0]!.error;
  }

  /** Like send, but fails the test with the message unless the transaction succeeded. */
  ok(from: Actor, kind: string, payload: Payload = {}, time?: number): void {
    const r = this.block([{ from, kind, payload }], time)[0]!;
    expect(r.error, r.message).toBe('');
  }

  /** Balance of an actor or account id. */
  balance(a: Actor | Uint8Array): bigint {
    return getAccount(this.state, a instanceof Uint8Array ? a : a.id).balance;
  }

  /** Bond of an actor. */
  bond(a: Actor): bigint {
    return readBond(this.state, a.id);
  }

  /** Registers, approves and bonds a participant (5 TES bond covers level BB at base 1 TES × 400%). */
  join(a: Actor, role: 'seller' | 'buyer', region: string, bond = 5_000_000n): void {
    this.ok(a, 'market.register', { role, region, docHash: sha256(utf8(a.name)), docFields: REQUIRED_DOCS[role] | DOC.identity, source: role === 'seller' ? 'solar' : '', carbon: role === 'seller' ? 20 : 0 });
    this.ok(AUTH, 'market.review', { account: a.id, approve: true, reason: '' });
    if (bond > 0n) this.ok(a, 'market.bond', { amount: bond });
  }

  /** Asserts balances + escrow + bonds + pools = minted and no negative amount. */
  conserve(): void {
    checkConservation(this.state.map);
  }
}
