import { COMMUNITY_POOL_ID, addBalance, getAccount } from '../chain/state/accounts.ts';
import { addPenalty, takeFromBond } from '../market/records/ledger.ts';
import { readCreditRecord } from '../market/credit/record.ts';
import { readCreditConfig } from '../market/credit/config.ts';
import { updateCredit } from '../market/credit/update.ts';
import { creditNow, type CreditNow } from '../market/credit/now.ts';
import { closesAt, complianceRange, readCertConfig, type CertConfig } from './config.ts';
import { readComplianceCursor, readIssueCursor, writeComplianceCursor } from './records/counters.ts';
import { readClaimedForPeriod } from './records/claim.ts';
import { readQuota, readQuotaAccounts, writeQuota, type Quota, type QuotaOutcome } from './records/quota.ts';
import type { Overlay } from '../chain/state/overlay.ts';
import type { StateReader } from '../chain/state/stateReader.ts';
import type { ChainContext } from '../chain/module/context.ts';
import type { BlockHeader } from '../chain/types.ts';

/** Wh in a MWh: fines are per MWh, volumes in Wh. */
const WH_PER_MWH = 1_000_000n;

/** A quota's required volume: the fixed Wh, or floor(consumption × percent / 100). */
export function requiredVolume(q: Pick<Quota, 'wh' | 'percent' | 'consumed'>): bigint {
  return q.percent > 0 ? (q.consumed * BigInt(q.percent)) / 100n : q.wh;
}

/** The fine of a shortfall: floor(shortfall Wh × finePerMWh / 1,000,000) µTES. */
export function fineOf(cfg: CertConfig, shortfall: bigint): bigint {
  return (shortfall * cfg.finePerMWh) / WH_PER_MWH;
}

/** What closing would compute for a quota now (also what queries show before the close). */
export function assessQuota(state: StateReader, cfg: CertConfig, q: Quota): { required: bigint; claimed: bigint; shortfall: bigint; fine: bigint } {
  const required = requiredVolume(q);
  const claimed = readClaimedForPeriod(state, q.period, q.account);
  const shortfall = required > claimed ? required - claimed : 0n;
  return { required, claimed, shortfall, fine: fineOf(cfg, shortfall) };
}

/**
 * Closes one quota: the shortfall's fine is paid to the community pool from the account's
 * balance, the rest from its performance bond, and whatever the bond cannot cover stays
 * unpaid, exactly as a deviation payment is taken (src/market/settle/deviationPayments.ts),
 * with a penalty record when the balance fell short. A shortfall also costs the account
 * shortfallPoints of credit, as a settlement shortfall does.
 */
function closeQuota(state: Overlay, cfg: CertConfig, q: Quota, now: CreditNow): QuotaOutcome {
  const a = assessQuota(state, cfg, q);
  const balance = getAccount(state, q.account).balance;
  const fromBalance = a.fine < balance ? a.fine : balance;
  if (fromBalance > 0n) {
    addBalance(state, q.account, -fromBalance);
    addBalance(state, COMMUNITY_POOL_ID, fromBalance);
  }
  const short = a.fine - fromBalance;
  const fromBond = short > 0n ? takeFromBond(state, q.account, short, COMMUNITY_POOL_ID) : 0n;
  const unpaid = short - fromBond;
  if (short > 0n) addPenalty(state, q.account, fromBond, unpaid, complianceRange(cfg, q.period).last);
  let points = 0;
  if (a.shortfall > 0n && readCreditRecord(state, q.account)) {
    points = readCreditConfig(state).shortfallPoints;
    updateCredit(state, q.account, now, 'settled', { shortfalls: 1 });
  }
  return { ...a, fromBalance, fromBond, unpaid, points, height: now.height };
}

/** Closes compliance period c: every obligated account in ascending id order. */
export function closeCompliancePeriod(state: Overlay, cfg: CertConfig, c: number, now: CreditNow): void {
  for (const id of readQuotaAccounts(state, c)) {
    const q = readQuota(state, c, id)!;
    writeQuota(state, { ...q, outcome: closeQuota(state, cfg, q, now) });
  }
}

/**
 * Block hook, after issuance: closes every compliance period whose last delivery period
 * and claimGracePeriods more have been settled and issued, taking its fines. Claims and
 * quotas for a closed period are refused from then on.
 */
export function closeDueCompliancePeriods(state: Overlay, header: BlockHeader, ctx: ChainContext): void {
  const cfg = readCertConfig(state);
  if (!cfg) return;
  const issued = readIssueCursor(state);
  let c = readComplianceCursor(state);
  if (issued < closesAt(cfg, c)) return;
  const now = creditNow(ctx, header);
  while (issued >= closesAt(cfg, c)) {
    closeCompliancePeriod(state, cfg, c, now);
    c += 1;
  }
  writeComplianceCursor(state, c);
}
