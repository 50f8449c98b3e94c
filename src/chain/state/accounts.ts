import { encode, decodeTrusted } from '../codec.ts';
import { sha256 } from '../hash.ts';
import { utf8 } from '../bytes.ts';
import { accountKey, creditKey, rolesKey, SUPPLY_KEY } from './keys.ts';
import type { StateReader } from './stateReader.ts';
import type { Overlay } from './overlay.ts';

/** An account's balance (µTES) and the nonce its next transaction must carry. */
export interface Account {
  balance: bigint;
  nonce: number;
}

/** The 20-byte id every address is made from: SHA-256(public key)[0..20]. */
export function accountIdFromPublicKey(pub: Uint8Array): Uint8Array {
  return sha256(pub).subarray(0, 20);
}

/** The community pool's account id: no key controls it; only consensus rules move its funds. */
export const COMMUNITY_POOL_ID = sha256(utf8('tesnode/community-pool')).subarray(0, 20);

/** Reads an account; a missing one is empty. */
export function getAccount(state: StateReader, id: Uint8Array): Account {
  const raw = state.get(accountKey(id));
  if (!raw) return { balance: 0n, nonce: 0 };
  const [balance, nonce] = decodeTrusted(raw) as [bigint, number];
  return { balance, nonce };
}

/** Writes an account; an empty one is deleted so the state holds only live accounts. */
export function setAccount(state: Overlay, id: Uint8Array, acct: Account): void {
  if (acct.balance < 0n) throw new Error('internal: negative balance written');
  if (acct.balance === 0n && acct.nonce === 0) state.delete(accountKey(id));
  else state.set(accountKey(id), encode([acct.balance, acct.nonce]));
}

/** Adds (or, with a negative delta, takes) µTES; throws if the balance would go negative. */
export function addBalance(state: Overlay, id: Uint8Array, delta: bigint): void {
  const acct = getAccount(state, id);
  const balance = acct.balance + delta;
  if (balance < 0n) throw new Error('internal: balance would go negative');
  setAccount(state, id, { ...acct, balance });
}

/** Total µTES minted so far. */
export function getSupply(state: StateReader): bigint {
  const raw = state.get(SUPPLY_KEY);
  return raw ? (decodeTrusted(raw) as bigint) : 0n;
}

/** Records newly minted µTES. */
export function addSupply(state: Overlay, minted: bigint): void {
  state.set(SUPPLY_KEY, encode(getSupply(state) + minted));
}

/**
 * The credit score (0..1000) a miner's boost is computed from, read from the parent
 * state. The credit rules write a record only for registered, approved participants,
 * so any other key mines with credit 0 (boost 1), as docs/protocol/consensus.md says.
 */
export function getMinerCredit(state: StateReader, minerPub: Uint8Array): number {
  return getCreditScore(state, accountIdFromPublicKey(minerPub));
}

/** The credit score (0..1000) of an account id; 0 without a credit record. */
export function getCreditScore(state: StateReader, id: Uint8Array): number {
  const raw = state.get(creditKey(id));
  if (!raw) return 0;
  const rec = decodeTrusted(raw) as [number, ...unknown[]];
  const score = rec[0];
  return Number.isInteger(score) && score >= 0 && score <= 1000 ? score : 0;
}

/** Authority roles held by an account (from the genesis or later grants). */
export function getRoles(state: StateReader, id: Uint8Array): string[] {
  const raw = state.get(rolesKey(id));
  return raw ? (decodeTrusted(raw) as string[]) : [];
}

/** Sets an account's authority roles, sorted for a canonical encoding. */
export function setRoles(state: Overlay, id: Uint8Array, roles: readonly string[]): void {
  const sorted = [...new Set(roles)].sort();
  if (sorted.length === 0) state.delete(rolesKey(id));
  else state.set(rolesKey(id), encode(sorted));
}
