import { addressToBytes } from '../chain/address.ts';
import { rpcCall } from '../rpc/client.ts';
import { formatTes } from '../wallet/amount.ts';
import { CliError, emit, table } from './output.ts';
import { describeSend, sendTx } from './sendTx.ts';
import { unlockWallet } from './unlock.ts';
import { parseFee, resolveAddress } from './walletCommands.ts';
import { parseId, type MarketOptions, type MarketTxOptions } from './marketCommands.ts';
import type { Payload } from '../chain/types.ts';

/**
 * Credit and supervision commands (docs/credit.md): `credit show|params|agency` and
 * `market check|report|reports|rule|expel|violations`. Reads go through the credit RPC
 * methods; actions are signed transactions.
 */

async function submit(opts: MarketTxOptions, kind: string, payload: Payload): Promise<void> {
  const key = await unlockWallet(opts.from, opts);
  const fee = opts.fee !== undefined ? parseFee(opts.fee) : undefined;
  const r = await sendTx(key.secret, kind, payload, { rpc: opts.rpc, wait: opts.wait, ...(fee !== undefined ? { fee } : {}) });
  emit(opts, { kind, from: key.address, ...r }, () => describeSend(r));
  if (r.status === 'failed') process.exitCode = 1;
}

const tes = (v: string | number) => `${formatTes(BigInt(v))} TES`;

/** `credit show NAME|ADDR`: score, level, parts, agency score, bond, boost and history. */
export async function creditShow(who: string, opts: MarketOptions): Promise<void> {
  const address = await resolveAddress(who, opts.keystore);
  const c = await rpcCall<any>(opts.rpc, 'credit_get', { address });
  emit(opts, c, () => {
    const mix = c.external === null ? 'internal only (no agency score yet)' : `${c.weights.internal} % internal ${c.internal} + ${c.weights.external} % agency ${c.external}`;
    const rows: Array<[string, unknown]> = [
      ['address', c.address],
      ['status', c.status ?? 'never registered'],
      ['score', `${c.score} (${c.level}) = ${mix}`],
      ['internal', `${c.internal} = rating ${c.parts.rating} + activity ${c.parts.activity} − penalty ${c.parts.penalty} (as of period ${c.asOfPeriod}, height ${c.updatedHeight})`],
      ['ratings', `${c.ratings.count} received, average ${(c.ratings.averageMilli / 1000).toFixed(2)}, Bayesian ${(c.ratings.bayesianMilli / 1000).toFixed(2)} stars`],
      ['penalties', `${c.shortfalls} settlement shortfalls (${tes(c.bondTaken)} from the bond, ${tes(c.unpaid)} unpaid), ${c.violations} confirmed violations`],
      ['bond', `${tes(c.bond)} held, ${tes(c.requiredBond)} required at ${c.level}${BigInt(c.bondTopUp) > 0n ? `: deposit ${tes(c.bondTopUp)} before the next listing (tesnode market bond)` : ''}`],
      ['mining boost', `×${(c.miningBoostPermille / 1000).toFixed(3)}`],
      ['exit threshold', `${c.exitCredit}${c.score < c.exitCredit ? ' — below it: forced out once open positions settle' : ''}`],
      ['rewards', tes(c.rewarded)],
    ];
    const lines = [table(rows), 'history (newest last):'];
    for (const e of c.history) lines.push(`  height ${String(e.height).padStart(7)} period ${String(e.period).padStart(6)}  ${e.cause.padEnd(10)} ${String(e.score).padStart(4)} ${e.level.padEnd(3)} internal ${e.internal}${e.external === null ? '' : `, agency ${e.external}`}`);
    if (c.history.length === 0) lines.push('  (none)');
    return lines.join('\n');
  });
}

/** `credit params`: the chain's credit parameters. */
export async function creditParams(opts: MarketOptions): Promise<void> {
  const c = await rpcCall<any>(opts.rpc, 'credit_params');
  emit(opts, c, () => table([
    ['levels', Object.entries(c.levels).map(([k, v]) => `${k} ≥ ${v}`).join(', ') + ', C below'],
    ['composite', `${c.internalWeight} % internal + ${c.externalWeight} % agency`],
    ['rating prior', `${c.priorCount} ratings of ${c.priorMean} stars`],
    ['activity', `up to ${c.activityMax} points at ${c.activityTarget} traded periods, fading ${1000 - c.activityRetention}‰ a period`],
    ['penalties', `${c.shortfallPoints} per shortfall, ${c.violationPoints} per violation (and ${c.violationBondPercent} % of the bond base), fading ${1000 - c.penaltyRetention}‰ a period`],
    ['exit', `forced below ${c.exitCredit}; readmission after ${c.readmitPeriods} periods; inactive accounts reclaimed after ${c.inactivePeriods} periods`],
    ['agency cycle', `${c.agencyPeriods} periods`],
    ['reward', `${tes(c.rewardAmount)} per cycle to scores ≥ ${c.rewardMinScore}, at most ${c.rewardPoolPercent} % of the community pool`],
    ['mining boost', `1 + ${c.maxBoost - 1} × score / 1000`],
  ]));
}

/** `credit agency --account ADDR --score N` (creditAgency). */
export async function creditAgency(opts: MarketTxOptions & { account: string; score: string }): Promise<void> {
  const account = await resolveAddress(opts.account, opts.keystore);
  const score = parseId(opts.score, '--score');
  if (score > 1000) throw new CliError('BAD_ARGUMENT', '--score is from 0 to 1000');
  await submit(opts, 'market.agency', { account: addressToBytes(account), score });
}

/** `market check NAME|ADDR`: the violation check's indicators and verdict. */
export async function marketCheck(who: string, opts: MarketOptions): Promise<void> {
  const address = await resolveAddress(who, opts.keystore);
  const c = await rpcCall<any>(opts.rpc, 'market_check', { address });
  emit(opts, c, () => {
    const i = c.indicators;
    return [
      table([
        ['address', c.address],
        ['verdict', `${c.verdict} (score ${c.score} of 100, flags ${c.flags})`],
        ['sample', `${i.trades} trades (${i.settled} settled), ${i.listings} listings`],
        ['wash', `${i.wash}‰${i.washCounterparty ? ` with ${i.washCounterparty} (${i.washTrades} trades)` : ''}`],
        ['cancel-to-fill', `${i.cancel}‰`],
        ['off VWAP', `${i.price}‰`],
        ['delivery failure', `${i.failure}‰`],
        ['concentration', `${i.concentration}‰`],
      ]),
      'reasons:',
      ...c.reasons.map((r: string) => `  - ${r}`),
      c.reportable ? `file it: tesnode market report --account ${c.address}` : c.openReport !== null ? `report ${c.openReport} is open` : c.ruledBy !== null ? `already ruled on (report ${c.ruledBy}); nothing new since` : '',
    ].filter((l) => l !== '').join('\n');
  });
}

/** `market report --account ADDR [--note TEXT]`: runs the check and files its result. */
export async function marketReport(opts: MarketTxOptions & { account: string; note?: string }): Promise<void> {
  const address = await resolveAddress(opts.account, opts.keystore);
  const c = await rpcCall<any>(opts.rpc, 'market_check', { address });
  if (!c.reportable) {
    const why = c.verdict === 'clean' ? `the check finds nothing to report (score ${c.score})` : c.openReport !== null ? `report ${c.openReport} on it is still open` : `report ${c.ruledBy} already covers its conduct`;
    throw new CliError('NOT_REPORTABLE', `${address}: ${why}`);
  }
  await submit(opts, 'market.report', { account: addressToBytes(address), score: c.score, flags: c.flags, note: opts.note ?? '' });
}

function reportLine(r: any): string {
  const ruling = r.status === 'open' ? 'awaiting the regulator' : `${r.status} at height ${r.rulingHeight}: ${r.rulingReason}${r.status === 'confirmed' ? ` (${tes(r.bondTaken)} from the bond, ${r.points} points)` : ''}`;
  return `report #${r.id} on ${r.account} (score ${r.score}, flags ${r.flags}) filed by ${r.reporter} at height ${r.height}: ${ruling}`;
}

/** `market reports [--status open|confirmed|dismissed]`. */
export async function marketReports(opts: MarketOptions & { status?: string }): Promise<void> {
  const { reports } = await rpcCall<any>(opts.rpc, 'market_reports', opts.status ? { status: opts.status } : {});
  emit(opts, { reports }, () => (reports.length ? reports.map(reportLine).join('\n') : 'no reports'));
}

/** `market rule --report ID (--confirm | --dismiss) --reason TEXT` (regulator). */
export async function marketRule(opts: MarketTxOptions & { report: string; confirm?: boolean; dismiss?: boolean; reason: string }): Promise<void> {
  if (Boolean(opts.confirm) === Boolean(opts.dismiss)) throw new CliError('BAD_ARGUMENT', 'give exactly one of --confirm or --dismiss');
  if (!opts.reason?.trim()) throw new CliError('REASON_REQUIRED', 'a ruling needs --reason TEXT, which is published with it');
  await submit(opts, 'market.rule', { report: parseId(opts.report, '--report'), confirm: Boolean(opts.confirm), reason: opts.reason });
}

/** `market expel --account ADDR [--ban] --reason TEXT` (regulator). */
export async function marketExpel(opts: MarketTxOptions & { account: string; ban?: boolean; reason: string }): Promise<void> {
  if (!opts.reason?.trim()) throw new CliError('REASON_REQUIRED', 'an expulsion needs --reason TEXT');
  const account = await resolveAddress(opts.account, opts.keystore);
  await submit(opts, 'market.expel', { account: addressToBytes(account), ban: Boolean(opts.ban), reason: opts.reason });
}

/** `market violations [--account ADDR]`: the published rulings. */
export async function marketViolations(opts: MarketOptions & { account?: string }): Promise<void> {
  const params = opts.account ? { address: await resolveAddress(opts.account, opts.keystore) } : {};
  const { violations } = await rpcCall<any>(opts.rpc, 'market_violations', params);
  emit(opts, { violations }, () => (violations.length ? violations.map(reportLine).join('\n') : 'no confirmed violations'));
}
