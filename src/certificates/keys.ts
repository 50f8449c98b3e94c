import { toHex } from '../chain/bytes.ts';

/**
 * State key layout of the green certificates (docs/certificates.md). Every key starts
 * with `g/`, a namespace of its own beside the chain's and the market's `m/`. As in the
 * market, collections the rules iterate are chunked id lists (src/market/records/lists.ts)
 * or small sorted arrays, never prefix scans.
 *
 *   g/cfg               configuration: renewable sources, compliance period, grace, fine
 *   g/seq               id counters [next lot, next listing, next claim, next revocation]
 *   g/cur               issuance cursor: every delivery period below it has been considered
 *   g/fin               compliance cursor: every compliance period below it is closed (fined)
 *   g/tot               volume totals [issued, free, listed, claimed, revoked] (Wh)
 *   g/lot/<n>           certificate lot n
 *   g/l/<n>             certificate listing n
 *   g/c/<n>             claim n
 *   g/v/<n>             revocation n
 *   g/is/<k>/<gen>      id of the lot issued to a generator for delivery period k
 *   g/ol/<id>/…         ids of the lots an account received (chunked list)
 *   g/rl/<root>/…       ids of the lots split off an issued lot, itself first (chunked list)
 *   g/al/<id>/…         ids of the certificate listings of an account (chunked list)
 *   g/ac/<id>/…         ids of the claims of an account (chunked list)
 *   g/vl/…              ids of every revocation (chunked list)
 *   g/cp/<c>/<id>       Wh an account claimed for compliance period c
 *   g/cg/<id>/<k>       Wh an account claimed of certificates generated in delivery period k
 *   g/q/<c>/<id>        an account's quota for compliance period c, and once closed its outcome
 *   g/qa/<c>            ids of the accounts with a quota for compliance period c, sorted
 */
export const CertKey = {
  config: 'g/cfg',
  sequence: 'g/seq',
  issueCursor: 'g/cur',
  complianceCursor: 'g/fin',
  totals: 'g/tot',
  revocations: 'g/vl',
} as const;

/** Lot record. */
export const lotKey = (n: number): string => `g/lot/${n}`;
/** Certificate listing record. */
export const certListingKey = (n: number): string => `g/l/${n}`;
/** Claim record. */
export const claimKey = (n: number): string => `g/c/${n}`;
/** Revocation record. */
export const revocationKey = (n: number): string => `g/v/${n}`;
/** The lot issued to a generator for a delivery period (its presence means: issued, never again). */
export const issuanceKey = (k: number, generator: Uint8Array): string => `g/is/${k}/${toHex(generator)}`;
/** Base of the list of lots an account received. */
export const ownerLotsBase = (id: Uint8Array): string => `g/ol/${toHex(id)}`;
/** Base of the list of lots descended from an issued lot. */
export const rootLotsBase = (root: number): string => `g/rl/${root}`;
/** Base of the list of certificate listings of an account. */
export const accountCertListingsBase = (id: Uint8Array): string => `g/al/${toHex(id)}`;
/** Base of the list of claims of an account. */
export const accountClaimsBase = (id: Uint8Array): string => `g/ac/${toHex(id)}`;
/** Wh claimed by an account for a compliance period. */
export const claimedForPeriodKey = (c: number, id: Uint8Array): string => `g/cp/${c}/${toHex(id)}`;
/** Wh claimed by an account of certificates generated in a delivery period. */
export const claimedOfGenerationKey = (id: Uint8Array, k: number): string => `g/cg/${toHex(id)}/${k}`;
/** Quota of an account for a compliance period. */
export const quotaKey = (c: number, id: Uint8Array): string => `g/q/${c}/${toHex(id)}`;
/** Accounts with a quota for a compliance period. */
export const quotaAccountsKey = (c: number): string => `g/qa/${c}`;
