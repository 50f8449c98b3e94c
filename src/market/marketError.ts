import { RuleError } from '../chain/chainError.ts';

/** Why a market transaction was refused (docs/market.md). Stable: RPC and CLI map them. */
export type MarketErrorCode =
  | 'MARKET_DISABLED'
  | 'NOT_AUTHORIZED'
  | 'BAD_ROLE'
  | 'MISSING_DOCUMENTS'
  | 'BAD_SOURCE'
  | 'ALREADY_REGISTERED'
  | 'NOT_REGISTERED'
  | 'NOT_PENDING'
  | 'REASON_REQUIRED'
  | 'NOT_APPROVED'
  | 'WRONG_ROLE'
  | 'BOND_REQUIRED'
  | 'BOND_LOCKED'
  | 'OPEN_POSITIONS'
  | 'BAD_AMOUNT'
  | 'BAD_PERIOD'
  | 'GATE_CLOSED'
  | 'BAD_LISTING'
  | 'UNKNOWN_LISTING'
  | 'UNKNOWN_TRADE'
  | 'UNKNOWN_REGION'
  | 'NO_ROUTE'
  | 'LISTING_CLOSED'
  | 'NOT_OWNER'
  | 'OWN_LISTING'
  | 'OVER_PICK'
  | 'INSUFFICIENT_FUNDS'
  | 'DISPATCH_CLOSED'
  | 'OVER_CURTAIL'
  | 'FTR_EXISTS'
  | 'METER_WINDOW'
  | 'NOT_SETTLED'
  | 'NOT_A_PARTY'
  | 'ALREADY_RATED'
  | 'BAD_SCORE'
  | 'BAD_REGION'
  | 'BAD_LINK'
  | 'TOO_MANY'
  | 'BANNED'
  | 'READMIT_TOO_SOON'
  | 'AGENCY_TOO_SOON'
  | 'NOT_FLAGGED'
  | 'CHECK_MISMATCH'
  | 'UNKNOWN_REPORT'
  | 'REPORT_OPEN'
  | 'REPORT_CLOSED'
  | 'ALREADY_RULED';

/** A market rule refused a transaction; the message names the problem and the fix. */
export class MarketError extends RuleError {
  declare readonly code: MarketErrorCode;
  constructor(code: MarketErrorCode, message: string) {
    super(code, message);
    this.name = 'MarketError';
  }
}
