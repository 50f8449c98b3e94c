import { TxError } from '../chain/chainError.ts';
import { Field } from '../chain/module/schema.ts';
import { defineQuery, opt, ParamError } from '../chain/module/stateModule.ts';
import { addressFromBytes } from '../chain/address.ts';
import { getCertListings, getCertStatus, getClaims, getLots, getQuotas, getRevocations, type LotFilter } from './query/read.ts';
import { computeMatching, MAX_MATCHING_SPAN } from './query/matching.ts';

/**
 * Read-only certificate methods over the head state (docs/certificates.md). Certificate
 * actions are transactions (`cert.*` kinds), sent like any other.
 */
export const CERT_RPC = {
  cert_status: defineQuery({
    doc: 'certificate rules, issuance and compliance cursors, volume totals, and the compliance period of a delivery period (default: the current one)',
    params: { deliveryPeriod: opt(Field.u32) },
    handler: (q, a) => getCertStatus(q.state, q.chain, q.head.timestamp, a.deliveryPeriod),
  }),
  cert_lots: defineQuery({
    doc: 'certificate lots: one by id, an owner\'s, those split off an issued lot (root), or the lot issued to a generator for a period',
    params: { id: opt(Field.u32), owner: opt(Field.address), root: opt(Field.u32), generator: opt(Field.address), period: opt(Field.u32) },
    handler: (q, a) => {
      const given = [a.id !== undefined, a.owner !== undefined, a.root !== undefined, a.generator !== undefined].filter(Boolean).length;
      if (given !== 1 || (a.generator !== undefined) !== (a.period !== undefined)) throw new ParamError('give exactly one of id, owner, root, or generator with period');
      const f: LotFilter = a.id !== undefined ? { id: a.id } : a.owner ? { owner: a.owner } : a.root !== undefined ? { root: a.root } : { generator: a.generator!, period: a.period! };
      return { lots: getLots(q.state, f) };
    },
  }),
  cert_listings: defineQuery({
    doc: 'certificate listings, open ones unless all: a seller\'s, or the newest on the chain',
    params: { seller: opt(Field.address), all: opt(Field.bool), count: opt(Field.u32) },
    handler: (q, a) => ({ listings: getCertListings(q.state, { seller: a.seller, all: a.all, count: a.count }) }),
  }),
  cert_claims: defineQuery({
    doc: 'claims (retirements): one by id, or an account\'s',
    params: { id: opt(Field.u32), account: opt(Field.address) },
    handler: (q, a) => {
      if ((a.id === undefined) === (a.account === undefined)) throw new ParamError('give exactly one of id or account');
      const claims = getClaims(q.state, a.id !== undefined ? { id: a.id } : { account: a.account! });
      if (a.id !== undefined && claims.length === 0) throw new TxError('NOT_FOUND', `no claim ${a.id}`);
      return { claims };
    },
  }),
  cert_quota: defineQuery({
    doc: 'the quotas of a compliance period (or one account\'s): required, claimed, shortfall, fine, and once closed what was taken',
    params: { period: Field.u32, account: opt(Field.address) },
    handler: (q, a) => ({ period: a.period, quotas: getQuotas(q.state, a.period, a.account) }),
  }),
  cert_matching: defineQuery({
    doc: 'share of an account\'s metered consumption matched by its claimed certificates: per delivery period (time-matched) and over the range (volume-matched)',
    params: { account: Field.address, fromPeriod: Field.u32, toPeriod: Field.u32 },
    handler: (q, a) => {
      if (a.toPeriod < a.fromPeriod) throw new ParamError(`"toPeriod" (${a.toPeriod}) must not be below "fromPeriod" (${a.fromPeriod})`);
      if (a.toPeriod - a.fromPeriod + 1 > MAX_MATCHING_SPAN) throw new ParamError(`at most ${MAX_MATCHING_SPAN} periods per call (asked for ${a.toPeriod - a.fromPeriod + 1}); narrow fromPeriod..toPeriod`);
      const r = computeMatching(q.state, a.account, a.fromPeriod, a.toPeriod);
      return { ...r, account: addressFromBytes(r.account) };
    },
  }),
  cert_revocations: defineQuery({
    doc: 'the newest revocations with their reasons',
    params: { count: opt(Field.u32) },
    handler: (q, a) => ({ revocations: getRevocations(q.state, a.count ?? 100) }),
  }),
};
