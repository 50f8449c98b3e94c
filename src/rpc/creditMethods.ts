import { TxError } from '../chain/chainError.ts';
import { CREDIT_LEVELS, getCheck, getCredit, getReport, getReports, getViolations, readCreditConfig } from '../market/index.ts';
import { U32, requireAddress, objectParams, optional, requireInt, requireOneOf } from './params.ts';
import type { Chain } from '../node/chain/chain.ts';
import type { RpcMethod } from './server.ts';


/**
 * Read-only credit and supervision methods (SPEC 5, 6; docs/credit.md) over the head
 * state. Agency scores, reports, rulings and expulsions are transactions (market.agency,
 * market.report, market.rule, market.expel): clients sign them and send them with tx_send.
 */
export function createCreditMethods(chain: Chain): Record<string, RpcMethod> {
  return {
    /** An account's credit: score, level, parts, agency score, bond position, mining boost and history. */
    credit_get: (params) => {
      const p = objectParams(params, ['address']);
      return getCredit(chain.state, requireAddress(p, 'address'), chain.ctx.params.maxBoost);
    },

    /** The chain's credit parameters (levels, weights, prior, activity, penalties, cycles, reward) and maxBoost. */
    credit_params: (params) => {
      objectParams(params, []);
      const c = readCreditConfig(chain.state);
      return { ...c, levels: Object.fromEntries(CREDIT_LEVELS.slice(0, 6).map((name, i) => [name, c.levelFloors[i]])), maxBoost: chain.ctx.params.maxBoost };
    },

    /** The violation check of SPEC 6 on an account: indicators, the classifier's score, flags, verdict and reasons. */
    market_check: (params) => {
      const p = objectParams(params, ['address']);
      return getCheck(chain.state, requireAddress(p, 'address'));
    },

    market_report: (params) => {
      const p = objectParams(params, ['id']);
      const id = requireInt(p, 'id', U32);
      const r = getReport(chain.state, id);
      if (!r) throw new TxError('NOT_FOUND', `no report ${id}: see market_reports`);
      return r;
    },

    /** Reports, newest first: all, or those of one status (open, confirmed, dismissed); at most `limit` (default 100). */
    market_reports: (params) => {
      const p = objectParams(params, ['status', 'limit']);
      const status = optional(p, 'status', (o, k) => requireOneOf(o, k, ['open', 'confirmed', 'dismissed'] as const));
      const limit = optional(p, 'limit', (o, k) => requireInt(o, k, { min: 1, max: 1000 })) ?? 100;
      return { reports: getReports(chain.state, { ...(status ? { status } : {}), limit }) };
    },

    /** Confirmed violations (published rulings), oldest first: all, or one account's. */
    market_violations: (params) => {
      const p = objectParams(params, ['address']);
      const who = optional(p, 'address', requireAddress);
      return { violations: getViolations(chain.state, who) };
    },
  };
}
