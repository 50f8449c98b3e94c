import { TxError } from '../../chain/chainError.ts';
import { Field } from '../../chain/module/schema.ts';
import { defineQuery, opt, ParamError } from '../../chain/module/stateModule.ts';
import { CREDIT_LEVELS } from '../types.ts';
import { readCreditConfig } from './config.ts';
import { getCredit } from '../query/credit.ts';
import { getCheck, getReport, getReports, getViolations } from '../query/supervision.ts';

const REPORT_STATUSES = ['open', 'confirmed', 'dismissed'] as const;

/**
 * Read-only credit and supervision methods (docs/credit.md) over the head state. Agency
 * scores, reports, rulings and expulsions are transactions (market.agency, market.report,
 * market.rule, market.expel): clients sign them and send them with tx_send.
 */
export const CREDIT_RPC = {
  credit_get: defineQuery({
    doc: "an account's credit: score, level, parts, agency score, bond position, mining boost and history",
    params: { address: Field.address },
    handler: (q, a) => getCredit(q.state, a.address, q.chain.params.maxBoost),
  }),
  credit_params: defineQuery({
    doc: "the chain's credit parameters (levels, weights, prior, activity, penalties, cycles, reward) and maxBoost",
    params: {},
    handler: (q) => {
      const c = readCreditConfig(q.state);
      return { ...c, levels: Object.fromEntries(CREDIT_LEVELS.slice(0, 6).map((name, i) => [name, c.levelFloors[i]])), maxBoost: q.chain.params.maxBoost };
    },
  }),
  market_check: defineQuery({
    doc: "the violation check on an account: indicators, the classifier's score, flags, verdict and reasons",
    params: { address: Field.address },
    handler: (q, a) => getCheck(q.state, a.address),
  }),
  market_report: defineQuery({
    doc: 'one violation report',
    params: { id: Field.u32 },
    handler: (q, a) => {
      const r = getReport(q.state, a.id);
      if (!r) throw new TxError('NOT_FOUND', `no report ${a.id}: see market_reports`);
      return r;
    },
  }),
  market_reports: defineQuery({
    doc: 'reports newest first: all, or those of one status (open, confirmed, dismissed); at most limit (default 100)',
    params: { status: opt(Field.text(16)), limit: opt(Field.u32) },
    handler: (q, a) => {
      if (a.status !== undefined && !(REPORT_STATUSES as readonly string[]).includes(a.status)) throw new ParamError(`"status" must be one of ${REPORT_STATUSES.join(', ')}`);
      const limit = a.limit ?? 100;
      if (limit < 1 || limit > 1000) throw new ParamError('"limit" must be from 1 to 1000');
      const status = a.status as (typeof REPORT_STATUSES)[number] | undefined;
      return { reports: getReports(q.state, { ...(status ? { status } : {}), limit }) };
    },
  }),
  market_violations: defineQuery({
    doc: 'confirmed violations (published rulings), oldest first: all, or one account\'s',
    params: { address: opt(Field.address) },
    handler: (q, a) => ({ violations: getViolations(q.state, a.address) }),
  }),
};
