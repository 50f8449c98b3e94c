import { toHex } from '../bytes.ts';

/**
 * State key layout. Keys are short ASCII strings, a one-letter namespace and a slash;
 * the state root commits to every key, so the layout is part of consensus.
 *   a/<id>  account: balance and nonce
 *   c/<id>  credit record (written by the credit rules; absent = 0)
 *   r/<id>  authority roles granted by the genesis
 *   x/supply total µTES ever minted (genesis allocations plus block rewards)
 * Market keys live under their own namespaces (see src/market/keys.ts).
 */
export const accountKey = (id: Uint8Array): string => `a/${toHex(id)}`;
/** Credit record of an account. */
export const creditKey = (id: Uint8Array): string => `c/${toHex(id)}`;
/** Authority roles of an account. */
export const rolesKey = (id: Uint8Array): string => `r/${toHex(id)}`;
/** Total supply minted so far. */
export const SUPPLY_KEY = 'x/supply';
