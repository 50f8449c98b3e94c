import { Field } from '../chain/module/schema.ts';
import { defineEvent } from '../chain/module/receipt.ts';

// Events of the certificate transactions, recorded in receipts. Volumes are Wh, prices
// µTES/kWh, payments µTES. Issuance and fines happen in block hooks, which have no
// receipt: their records (lots, quota outcomes) are in the state, read by cert_lots and
// cert_quota.

/** A holder offered certificate volume of a lot. */
export const CertListed = defineEvent('cert.listed', { listing: Field.u32, lot: Field.u32, wh: Field.amount, price: Field.amount });
/** A buyer picked certificate volume: paid at once, received as a new lot. */
export const CertPicked = defineEvent('cert.picked', { listing: Field.u32, lot: Field.u32, buyer: Field.address, wh: Field.amount, paid: Field.amount });
/** A listing's unpicked rest went back to its lot. */
export const CertCancelled = defineEvent('cert.cancelled', { listing: Field.u32, rest: Field.amount });
/** Certificate volume was claimed (retired) for a compliance period. */
export const CertClaimed = defineEvent('cert.claimed', { claim: Field.u32, period: Field.u32, wh: Field.amount, lots: Field.u32 });
/** The regulator revoked certificate volume of a lot. */
export const CertRevoked = defineEvent('cert.revoked', { revocation: Field.u32, lot: Field.u32, wh: Field.amount });
/** The regulator set (or, with zeros, removed) an account's quota for a compliance period. */
export const QuotaSet = defineEvent('cert.quotaSet', { account: Field.address, period: Field.u32, wh: Field.amount, percent: Field.u32 });

/** Every certificate event type, for the module declaration. */
export const CERT_EVENTS = [CertListed, CertPicked, CertCancelled, CertClaimed, CertRevoked, QuotaSet];
