import { RuleError } from '../chain/chainError.ts';

/** Why a certificate transaction was refused (docs/certificates.md). Stable: RPC and CLI show them. */
export type CertErrorCode =
  | 'CERTS_DISABLED'
  | 'NOT_AUTHORIZED'
  | 'BAD_AMOUNT'
  | 'UNKNOWN_LOT'
  | 'NOT_HOLDER'
  | 'NOT_RENEWABLE'
  | 'OVER_LIST'
  | 'CLAIMED_VOLUME'
  | 'TOO_MANY_LISTINGS'
  | 'UNKNOWN_LISTING'
  | 'LISTING_CLOSED'
  | 'OWN_LISTING'
  | 'OVER_PICK'
  | 'INSUFFICIENT_FUNDS'
  | 'NOT_OWNER'
  | 'OVER_CLAIM'
  | 'WRONG_VINTAGE'
  | 'COMPLIANCE_CLOSED'
  | 'TOO_FRAGMENTED'
  | 'BENEFICIARY_REQUIRED'
  | 'REASON_REQUIRED'
  | 'OVER_REVOKE'
  | 'NOT_A_BUYER'
  | 'BAD_QUOTA'
  | 'TOO_MANY_QUOTAS';

/** A certificate rule refused a transaction; the message names the problem and the fix. */
export class CertError extends RuleError {
  declare readonly code: CertErrorCode;
  constructor(code: CertErrorCode, message: string) {
    super(code, message);
    this.name = 'CertError';
  }
}
