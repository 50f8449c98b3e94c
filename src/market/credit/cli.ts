import { addressToBytes } from '../../chain/address.ts';
import { formatTes } from '../../chain/units.ts';
import { parseId, parseWhole, table } from '../../chain/module/cliArgs.ts';
import type { CliCommand, CliContext } from '../../chain/module/cliCommand.ts';

/**
 * Credit and supervision commands (docs/credit.md): `credit show|params|agency` and
 * `market check|report|reports|rule|expel|violations`. Reads go through the credit RPC
 * methods; actions are signed transactions.
 */

type Opts = Record<string, any>;

const tes = (v: string | number) => `${formatTes(BigInt(v))} TES`;

/** `credit show NAME|ADDR`: score, level, parts, agency score, bond, boost and history. */
async function creditShow(cli: CliContext, who: string, opts: Opts): Promise<void> {
  const address = await cli.resolveAddress(who);
  const c = await cli.rpc<any>('credit_get', { address });
  cli.emit(c, () => {
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
async function creditParams(cli: CliContext, opts: Opts): Promise<void> {
  const c = await cli.rpc<any>('credit_params');
  cli.emit(c, () => table([
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
async function creditAgency(cli: CliContext, opts: { account: string; score: string }): Promise<void> {
  const account = await cli.resolveAddress(opts.account);
  // The same range the chain applies (market.agency: 0 to 1000).
  const score = Number(parseWhole(opts.score, '--score', { min: 0n, max: 1000n, unit: 'credit points' }));
  await cli.send('market.agency', { account: addressToBytes(account), score });
}

/** `market check NAME|ADDR`: the violation check's indicators and verdict. */
async function marketCheck(cli: CliContext, who: string, opts: Opts): Promise<void> {
  const address = await cli.resolveAddress(who);
  const c = await cli.rpc<any>('market_check', { address });
  cli.emit(c, () => {
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
async function marketReport(cli: CliContext, opts: { account: string; note?: string }): Promise<void> {
  const address = await cli.resolveAddress(opts.account);
  const c = await cli.rpc<any>('market_check', { address });
  if (!c.reportable) {
    const why = c.verdict === 'clean' ? `the check finds nothing to report (score ${c.score})` : c.openReport !== null ? `report ${c.openReport} on it is still open` : `report ${c.ruledBy} already covers its conduct`;
    throw cli.error('NOT_REPORTABLE', `${address}: ${why}`);
  }
  await cli.send('market.report', { account: addressToBytes(address), score: c.score, flags: c.flags, note: opts.note ?? '' });
}

function reportLine(r: any): string {
  const ruling = r.status === 'open' ? 'awaiting the regulator' : `${r.status} at height ${r.rulingHeight}: ${r.rulingReason}${r.status === 'confirmed' ? ` (${tes(r.bondTaken)} from the bond, ${r.points} points)` : ''}`;
  return `report #${r.id} on ${r.account} (score ${r.score}, flags ${r.flags}) filed by ${r.reporter} at height ${r.height}: ${ruling}`;
}

/** `market reports [--status open|confirmed|dismissed]`. */
async function marketReports(cli: CliContext, opts: { status?: string }): Promise<void> {
  const { reports } = await cli.rpc<any>('market_reports', opts.status ? { status: opts.status } : {});
  cli.emit({ reports }, () => (reports.length ? reports.map(reportLine).join('\n') : 'no reports'));
}

/** `market rule --report ID (--confirm | --dismiss) --reason TEXT` (regulator). */
async function marketRule(cli: CliContext, opts: { report: string; confirm?: boolean; dismiss?: boolean; reason: string }): Promise<void> {
  if (Boolean(opts.confirm) === Boolean(opts.dismiss)) throw cli.error('BAD_ARGUMENT', 'give exactly one of --confirm or --dismiss');
  if (!opts.reason?.trim()) throw cli.error('REASON_REQUIRED', 'a ruling needs --reason TEXT, which is published with it');
  await cli.send('market.rule', { report: parseId(opts.report, '--report'), confirm: Boolean(opts.confirm), reason: opts.reason });
}

/** `market expel --account ADDR [--ban] --reason TEXT` (regulator). */
async function marketExpel(cli: CliContext, opts: { account: string; ban?: boolean; reason: string }): Promise<void> {
  if (!opts.reason?.trim()) throw cli.error('REASON_REQUIRED', 'an expulsion needs --reason TEXT');
  const account = await cli.resolveAddress(opts.account);
  await cli.send('market.expel', { account: addressToBytes(account), ban: Boolean(opts.ban), reason: opts.reason });
}

/** `market violations [--account ADDR]`: the published rulings. */
async function marketViolations(cli: CliContext, opts: { account?: string }): Promise<void> {
  const params = opts.account ? { address: await cli.resolveAddress(opts.account) } : {};
  const { violations } = await cli.rpc<any>('market_violations', params);
  cli.emit({ violations }, () => (violations.length ? violations.map(reportLine).join('\n') : 'no confirmed violations'));
}

const o = (flags: string, help: string, extra: { required?: boolean; choices?: readonly string[] } = {}) => ({ flags, help, ...extra });
const req = (flags: string, help: string) => o(flags, help, { required: true });

/** Credit and supervision commands, built by the command line from this list. */
export const CREDIT_CLI: readonly CliCommand[] = [
  { path: 'credit show <nameOrAddress>', summary: 'score, level, its parts and history', run: (cli, [who], opts) => creditShow(cli, who!, opts) },
  { path: 'credit params', summary: 'the credit rules of this chain (weights, levels, thresholds)', run: (cli, _a, opts) => creditParams(cli, opts) },
  { path: 'credit agency', summary: 'credit agency: post an external score (once per account per cycle)', sends: true, options: [req('--account <address>', 'the scored account'), req('--score <n>', '0 to 1000')], run: (cli, _a, opts) => creditAgency(cli, opts as any) },
  { path: 'market check <nameOrAddress>', summary: 'violation indicators of an account from chain data, and the classifier verdict with its reasons', run: (cli, [who], opts) => marketCheck(cli, who!, opts) },
  { path: 'market report', summary: 'file a report carrying the check result of an account (the chain reruns the check)', sends: true, options: [req('--account <address>', 'the reported account (address or wallet name)'), o('--note <text>', 'what you saw')], run: (cli, _a, opts) => marketReport(cli, opts as any) },
  { path: 'market reports', summary: 'filed reports', options: [o('--status <status>', 'only these', { choices: ['open', 'confirmed', 'dismissed'] })], run: (cli, _a, opts) => marketReports(cli, opts as any) },
  {
    path: 'market rule',
    summary: 'regulator: confirm (bond penalty and credit points) or dismiss a report',
    sends: true,
    options: [req('--report <id>', 'report id'), o('--confirm', 'confirm the violation'), o('--dismiss', 'dismiss the report'), req('--reason <text>', 'published with the ruling')],
    run: (cli, _a, opts) => marketRule(cli, opts as any),
  },
  {
    path: 'market expel',
    summary: 'regulator: force an account out (--ban: permanently, for its identity commitment)',
    sends: true,
    options: [req('--account <address>', 'the account'), o('--ban', 'ban the identity for good'), req('--reason <text>', 'published with the ruling')],
    run: (cli, _a, opts) => marketExpel(cli, opts as any),
  },
  { path: 'market violations', summary: 'confirmed violations, published', options: [o('--account <address>', 'only this account')], run: (cli, _a, opts) => marketViolations(cli, opts as any) },
];
