import { addressFromBytes } from '../../chain/address.ts';
import { Field, type ArgsOf } from '../../chain/module/schema.ts';
import { readParticipant } from '../../market/records/participant.ts';
import { readReading } from '../../market/records/readings.ts';
import { CertError } from '../certError.ts';
import { complianceRange, requireCertConfig } from '../config.ts';
import { MAX_CERT_WH, requireRegulator } from '../checks.ts';
import { readComplianceCursor, readIssueCursor } from '../records/counters.ts';
import { deleteQuota, readQuota, readQuotaAccounts, setQuotaAccount, writeQuota } from '../records/quota.ts';
import { QuotaSet } from '../events.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';

/** Most obligated accounts per compliance period (closing one walks them all in one block). */
export const MAX_QUOTAS_PER_PERIOD = 1000;

/** Arguments of cert.quota: regulator: an account's quota for a compliance period, as Wh or as percent of its consumption; both 0 removes it. */
export const certQuotaArgs = { account: Field.address, period: Field.u32, wh: Field.amount, percent: Field.u32 } as const;

/**
 * cert.quota: the regulator sets an approved buyer's renewable quota for a compliance
 * period that is not closed yet: a fixed volume (wh, percent 0) or a percent of its
 * metered consumption over the period (percent 1..100, wh 0). Setting it again replaces
 * it; both zero removes it. A quota set after some of the period's delivery periods
 * settled counts their consumption at once.
 */
export function applyCertQuota(state: Overlay, ctx: OpContext, args: ArgsOf<typeof certQuotaArgs>): Record<string, never> {
  const cfg = requireCertConfig(state);
  requireRegulator(state, ctx.sender, 'setting quotas');
  const c = args.period;
  const open = readComplianceCursor(state);
  if (c < open) throw new CertError('COMPLIANCE_CLOSED', `compliance period ${c} is closed; set quotas for period ${open} or later`);
  if (args.wh > 0n && args.percent > 0) throw new CertError('BAD_QUOTA', 'a quota is a volume (wh) or a percent of consumption, not both: set the other to 0');
  if (args.percent > 100) throw new CertError('BAD_QUOTA', `a percent quota is from 1 to 100, got ${args.percent}`);
  if (args.wh > MAX_CERT_WH) throw new CertError('BAD_AMOUNT', `a quota is at most ${MAX_CERT_WH} Wh, got ${args.wh}`);
  const prev = readQuota(state, c, args.account);
  if (args.wh === 0n && args.percent === 0) {
    if (prev) {
      deleteQuota(state, c, args.account);
      setQuotaAccount(state, c, args.account, false);
    }
    ctx.emit(QuotaSet, { account: args.account, period: c, wh: 0n, percent: 0 });
    return {};
  }
  const p = readParticipant(state, args.account);
  if (!p || p.role !== 'buyer' || p.status !== 'approved') {
    const is = !p ? 'has not registered' : p.role !== 'buyer' ? `is registered as '${p.role}'` : `is ${p.status}`;
    throw new CertError('NOT_A_BUYER', `${addressFromBytes(args.account)} ${is}; quotas oblige approved buyers`);
  }
  if (!prev && readQuotaAccounts(state, c).length >= MAX_QUOTAS_PER_PERIOD) {
    throw new CertError('TOO_MANY_QUOTAS', `compliance period ${c} already has ${MAX_QUOTAS_PER_PERIOD} quotas, the most one period holds`);
  }
  let consumed = prev?.consumed ?? 0n;
  let countedBelow = prev?.countedBelow;
  if (countedBelow === undefined) {
    // Back-fill the consumption of the period's delivery periods already settled.
    const r = complianceRange(cfg, c);
    const end = Math.min(readIssueCursor(state), r.last + 1);
    for (let k = r.first; k < end; k++) consumed += readReading(state, k, args.account);
    countedBelow = Math.max(r.first, end);
  }
  writeQuota(state, { account: args.account, period: c, wh: args.wh, percent: args.percent, consumed, countedBelow, setHeight: ctx.header.height, outcome: null });
  setQuotaAccount(state, c, args.account, true);
  ctx.emit(QuotaSet, { account: args.account, period: c, wh: args.wh, percent: args.percent });
  return {};
}
