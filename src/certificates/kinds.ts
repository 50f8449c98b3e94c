import { defineKind, NO_RESULT } from '../chain/module/stateModule.ts';
import { Field } from '../chain/module/schema.ts';
import { applyCertList, certListArgs } from './ops/list.ts';
import { applyCertPick, certPickArgs } from './ops/pick.ts';
import { applyCertCancel, certCancelArgs } from './ops/cancel.ts';
import { applyCertClaim, certClaimArgs } from './ops/claim.ts';
import { applyCertRevoke, certRevokeArgs } from './ops/revoke.ts';
import { applyCertQuota, certQuotaArgs } from './ops/quota.ts';

/** The certificate transaction kinds: payload schema, typed operation, result schema. */
export const CERT_KINDS = {
  'cert.list': defineKind({ doc: 'offer certificate volume of a lot you hold at a price (µTES/kWh)', schema: certListArgs, result: { listing: Field.u32 }, apply: applyCertList }),
  'cert.pick': defineKind({ doc: 'take certificate volume of a listing, paying the lister at once', schema: certPickArgs, result: { lot: Field.u32, paid: Field.amount }, apply: applyCertPick }),
  'cert.cancel': defineKind({ doc: 'withdraw the unpicked rest of your certificate listing', schema: certCancelArgs, result: { rest: Field.amount }, apply: applyCertCancel }),
  'cert.claim': defineKind({ doc: 'retire certificate volume for a beneficiary and compliance period', schema: certClaimArgs, result: { claim: Field.u32, lots: Field.u32 }, apply: applyCertClaim }),
  'cert.revoke': defineKind({ doc: 'regulator: revoke certificate volume of a lot, with the reason', schema: certRevokeArgs, result: { revocation: Field.u32, fromListings: Field.amount }, apply: applyCertRevoke }),
  'cert.quota': defineKind({ doc: "regulator: set a buyer's quota for a compliance period (Wh or percent of consumption)", schema: certQuotaArgs, result: NO_RESULT, apply: applyCertQuota }),
};
