/**
 * Runner of the market vectors (test/vectors/market/*.json): a vector names accounts,
 * their genesis balances and participants, then steps — transactions with payloads in
 * their JSON form (as RPC and the CLI take them; "@name" stands for an account's
 * address) and the expected error code — and finally expected balances, bonds, credit
 * scores and a digest of every market key. A rule change shows up as a changed vector.
 */
import { expect } from 'vitest';
import { Harness, actor, G, AUTH } from '../../unit/market/harness.ts';
import { MODULES } from '../../../src/node/modules.ts';
import { readArgsJson } from '../../../src/chain/module/schema.ts';
import { encode } from '../../../src/chain/codec.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { toHex } from '../../../src/chain/bytes.ts';
import { devRegionFeeAccount } from '../../../src/market/devGenesis.ts';
import { readCreditScore } from '../../../src/market/credit.ts';
import type { Payload } from '../../../src/chain/types.ts';

/** One market vector. */
export interface MarketVector {
  readonly description: string;
  readonly alloc: Record<string, string>;
  readonly participants: ReadonlyArray<{ name: string; role: 'seller' | 'buyer'; region: string; bond?: string }>;
  readonly steps: ReadonlyArray<{ at?: number; from?: string; kind?: string; payload?: Record<string, unknown>; error?: string }>;
  readonly expect: { balances: Record<string, string>; bonds?: Record<string, string>; credit?: Record<string, number>; marketDigest?: string };
}

const who = (name: string) => (name === 'authority' ? AUTH : actor(name));
const resolve = (v: unknown): unknown => (typeof v === 'string' && v.startsWith('@') ? who(v.slice(1)).address : v);

/** SHA-256 over the canonical encoding of every m/ key and value, sorted by key. */
export function marketDigest(h: Harness): string {
  const entries = [...h.state.map.entries()].filter(([k]) => k.startsWith('m/')).sort(([a], [b]) => (a < b ? -1 : 1));
  return toHex(sha256(encode(entries.map(([k, v]) => [k, v]))));
}

/** Runs a vector; returns the harness and the digest it ended with. */
export function runVector(v: MarketVector): { h: Harness; digest: string } {
  const h = new Harness({ alloc: Object.fromEntries(Object.entries(v.alloc).map(([k, b]) => [k, BigInt(b)])) });
  for (const p of v.participants) h.join(who(p.name), p.role, p.region, BigInt(p.bond ?? '5000000'));
  v.steps.forEach((s, i) => {
    const time = s.at === undefined ? h.time + 1 : G + s.at;
    if (!s.kind) {
      h.block([], time);
      return;
    }
    const schema = MODULES.schemaOf(s.kind);
    if (!schema) throw new Error(`step ${i}: unknown kind ${s.kind}`);
    const json = Object.fromEntries(Object.entries(s.payload ?? {}).map(([k, v]) => [k, resolve(v)]));
    const payload: Payload = readArgsJson(schema, json, s.kind);
    const r = h.block([{ from: who(s.from!), kind: s.kind, payload }], time)[0]!;
    expect(r.error, `step ${i} (${s.kind}): ${r.message}`).toBe(s.error ?? '');
  });
  for (const [name, b] of Object.entries(v.expect.balances)) {
    const id = name.startsWith('fee:') ? devRegionFeeAccount(name.slice(4)) : who(name).id;
    expect(h.balance(id), `balance of ${name}`).toBe(BigInt(b));
  }
  for (const [name, b] of Object.entries(v.expect.bonds ?? {})) expect(h.bond(who(name)), `bond of ${name}`).toBe(BigInt(b));
  for (const [name, score] of Object.entries(v.expect.credit ?? {})) expect(readCreditScore(h.state, who(name).id), `credit of ${name}`).toBe(score);
  h.conserve();
  return { h, digest: marketDigest(h) };
}
