import { addressToBytes } from '../chain/address.ts';
import { formatTes } from '../chain/units.ts';
import { parseId, parseWhole, table } from '../chain/module/cliArgs.ts';
import type { CliCommand, CliContext } from '../chain/module/cliCommand.ts';

/**
 * The green-certificate commands (`tesnode cert …`, docs/certificates.md): reads go
 * through the cert_* RPC methods, actions are signed `cert.*` transactions whose receipts
 * name what they created.
 */

type Opts = Record<string, any>;

const pct = (bp: string | number): string => `${(Number(bp) / 100).toFixed(2)} %`;
const tes = (v: string): string => `${formatTes(BigInt(v))} TES`;

function lotLine(l: any): string {
  return `lot #${String(l.id).padEnd(5)} ${String(l.free).padStart(10)} Wh free of ${String(l.wh).padEnd(10)} ${l.source} ${l.carbon} g/kWh, ${l.region}, generated in period ${l.period} (compliance ${l.compliancePeriod}) by ${l.generator}` +
    ` [listed ${l.listed}, sold ${l.sold}, claimed ${l.claimed}, revoked ${l.revoked}; root ${l.root}${l.parent ? `, split from ${l.parent}` : ''}]`;
}

function listingLine(l: any): string {
  return `#${String(l.id).padEnd(5)} ${l.status.padEnd(9)} ${String(l.rest).padStart(10)} of ${String(l.wh).padEnd(10)} Wh @ ${String(l.price).padStart(8)} µTES/kWh  lot ${l.lot}: ${l.source}, ${l.region}, period ${l.period}  ${l.seller}`;
}

/** `cert status [--delivery-period K]`. */
async function certStatus(cli: CliContext, opts: { deliveryPeriod?: string }): Promise<void> {
  const s = await cli.rpc<any>('cert_status', opts.deliveryPeriod !== undefined ? { deliveryPeriod: parseId(opts.deliveryPeriod, '--delivery-period') } : {});
  cli.emit(s, () => {
    if (!s.enabled) return 'this chain has no green certificates: its genesis has no "certificates" section';
    const c = s.compliance;
    return table([
      ['renewable sources', s.renewableSources.join(', ')],
      ['compliance period', `${s.compliancePeriods} delivery periods, closed ${s.claimGracePeriods} delivery periods after its end; fine ${tes(s.finePerMWh)} per MWh short`],
      ['current period', `delivery ${s.currentPeriod}, compliance ${s.currentCompliancePeriod}`],
      [`compliance ${c.period}`, `delivery periods ${c.firstDeliveryPeriod}–${c.lastDeliveryPeriod}; ${c.closed ? 'closed' : `closes when period ${c.closesWhenSettled} settles`}`],
      ['issued below', `delivery period ${s.issuedBelow}`],
      ['closed below', `compliance period ${s.closedBelow}`],
      ['volume (Wh)', `issued ${s.totals.issued} = free ${s.totals.free} + listed ${s.totals.listed} + claimed ${s.totals.claimed} + revoked ${s.totals.revoked}`],
    ]);
  });
}

/** `cert lots --owner X | --root N | --generator X --period K | --id N`. */
async function certLots(cli: CliContext, opts: { owner?: string; root?: string; generator?: string; period?: string; id?: string }): Promise<void> {
  const params: Record<string, unknown> = {};
  if (opts.owner !== undefined) params.owner = await cli.resolveAddress(opts.owner);
  if (opts.root !== undefined) params.root = parseId(opts.root, '--root');
  if (opts.id !== undefined) params.id = parseId(opts.id, '--id');
  if (opts.generator !== undefined) params.generator = await cli.resolveAddress(opts.generator);
  if (opts.period !== undefined) params.period = parseId(opts.period, '--period');
  const given = ['owner', 'root', 'id', 'generator'].filter((k) => k in params).length;
  if (given !== 1 || ('generator' in params) !== ('period' in params)) throw cli.error('BAD_ARGUMENT', 'give one of --owner NAME, --root N, --id N, or --generator NAME with --period K');
  const { lots } = await cli.rpc<any>('cert_lots', params);
  cli.emit({ lots }, () => (lots.length ? lots.map(lotLine).join('\n') : 'no lots'));
}

/** `cert list --lot N --wh W --price P`. */
async function certList(cli: CliContext, opts: { lot: string; wh: string; price: string }): Promise<void> {
  await cli.send('cert.list', { lot: parseId(opts.lot, '--lot', 1), wh: parseWhole(opts.wh, '--wh', { min: 1n, unit: 'Wh' }), price: parseWhole(opts.price, '--price', { min: 1n }) }, async (r) => ({ listing: r.result.listing }));
}

/** `cert listings [--seller X] [--all]`. */
async function certListings(cli: CliContext, opts: { seller?: string; all?: boolean }): Promise<void> {
  const params: Record<string, unknown> = opts.all ? { all: true } : {};
  if (opts.seller !== undefined) params.seller = await cli.resolveAddress(opts.seller);
  const { listings } = await cli.rpc<any>('cert_listings', params);
  cli.emit({ listings }, () => (listings.length ? listings.map(listingLine).join('\n') : 'no certificate listings'));
}

/** `cert pick --listing N --wh W`. */
async function certPick(cli: CliContext, opts: { listing: string; wh: string }): Promise<void> {
  await cli.send('cert.pick', { listing: parseId(opts.listing, '--listing', 1), wh: parseWhole(opts.wh, '--wh', { min: 1n, unit: 'Wh' }) }, async (r) => ({ lot: r.result.lot, paid: r.result.paid }));
}

/** `cert cancel --listing N`. */
async function certCancel(cli: CliContext, opts: { listing: string }): Promise<void> {
  await cli.send('cert.cancel', { listing: parseId(opts.listing, '--listing', 1) }, async (r) => ({ rest: r.result.rest }));
}

/** `cert claim --wh W --period C --beneficiary TEXT [--lot N]`. */
async function certClaim(cli: CliContext, opts: { wh: string; period: string; beneficiary: string; lot?: string }): Promise<void> {
  const payload = {
    lot: opts.lot !== undefined ? parseId(opts.lot, '--lot', 1) : 0,
    wh: parseWhole(opts.wh, '--wh', { min: 1n, unit: 'Wh' }),
    period: parseId(opts.period, '--period'),
    beneficiary: opts.beneficiary,
  };
  await cli.send('cert.claim', payload, async (r) => {
    const { claims } = await cli.rpc<any>('cert_claims', { id: r.result.claim });
    return { claim: r.result.claim, lots: claims[0].lots.map((p: any) => `${p.wh} Wh of lot ${p.lot} (period ${p.period})`).join(', ') };
  });
}

/** `cert claims NAME`. */
async function certClaims(cli: CliContext, who: string): Promise<void> {
  const { claims } = await cli.rpc<any>('cert_claims', { account: await cli.resolveAddress(who) });
  cli.emit({ claims }, () =>
    claims.length
      ? claims.map((c: any) => `claim #${c.id}: ${c.wh} Wh for '${c.beneficiary}', compliance period ${c.period}, from ${c.lots.map((p: any) => `lot ${p.lot} (${p.wh} Wh of period ${p.period})`).join(', ')}`).join('\n')
      : 'no claims');
}

/** `cert revoke --lot N --wh W --reason TEXT` (regulator). */
async function certRevoke(cli: CliContext, opts: { lot: string; wh: string; reason: string }): Promise<void> {
  await cli.send('cert.revoke', { lot: parseId(opts.lot, '--lot', 1), wh: parseWhole(opts.wh, '--wh', { min: 1n, unit: 'Wh' }), reason: opts.reason }, async (r) => ({ revocation: r.result.revocation, fromListings: r.result.fromListings }));
}

/** `cert revocations`. */
async function certRevocations(cli: CliContext): Promise<void> {
  const { revocations } = await cli.rpc<any>('cert_revocations', {});
  cli.emit({ revocations }, () => (revocations.length ? revocations.map((r: any) => `revocation #${r.id}: ${r.wh} Wh of lot ${r.lot} (${r.fromListings} from listings) at height ${r.height}: ${r.reason}`).join('\n') : 'no revocations'));
}

/** `cert quota --account X --period C --wh W | --percent P | --remove` (regulator). */
async function certQuota(cli: CliContext, opts: { account: string; period: string; wh?: string; percent?: string; remove?: boolean }): Promise<void> {
  const forms = [opts.wh !== undefined, opts.percent !== undefined, !!opts.remove].filter(Boolean).length;
  if (forms !== 1) throw cli.error('BAD_ARGUMENT', 'give one of --wh W (a volume), --percent P (of metered consumption) or --remove');
  const account = addressToBytes(await cli.resolveAddress(opts.account));
  const wh = opts.wh !== undefined ? parseWhole(opts.wh, '--wh', { min: 1n, unit: 'Wh' }) : 0n;
  const percent = opts.percent !== undefined ? parseId(opts.percent, '--percent', 1) : 0;
  await cli.send('cert.quota', { account, period: parseId(opts.period, '--period'), wh, percent });
}

/** `cert quotas --period C [--account X]`. */
async function certQuotas(cli: CliContext, opts: { period: string; account?: string }): Promise<void> {
  const params: Record<string, unknown> = { period: parseId(opts.period, '--period') };
  if (opts.account !== undefined) params.account = await cli.resolveAddress(opts.account);
  const r = await cli.rpc<any>('cert_quota', params);
  cli.emit(r, () => {
    if (!r.quotas.length) return `no quotas for compliance period ${r.period}`;
    return r.quotas.map((q: any) => {
      const what = q.percent > 0 ? `${q.percent} % of ${q.consumedWh} Wh consumed = ${q.requiredWh} Wh` : `${q.requiredWh} Wh`;
      const head = `${q.account}: quota ${what}, claimed ${q.claimedWh} Wh, short ${q.shortfallWh} Wh`;
      if (!q.closed) return `${head}; open: a fine of ${q.fine} µTES if it closed now`;
      const o = q.outcome;
      return `${head}; closed at height ${o.height}: fined ${o.fine} µTES (${o.fromBalance} from balance, ${o.fromBond} from bond, ${o.unpaid} unpaid), ${o.points} credit points`;
    }).join('\n');
  });
}

/** `cert matching NAME --from-period A --to-period B`. */
async function certMatching(cli: CliContext, who: string, opts: { fromPeriod: string; toPeriod: string }): Promise<void> {
  const r = await cli.rpc<any>('cert_matching', { account: await cli.resolveAddress(who), fromPeriod: parseId(opts.fromPeriod, '--from-period'), toPeriod: parseId(opts.toPeriod, '--to-period') });
  cli.emit(r, () => {
    const lines = [
      table([
        ['account', r.account],
        ['periods', `${r.fromPeriod}–${r.toPeriod}`],
        ['consumed', `${r.consumedWh} Wh`],
        ['claimed', `${r.claimedWh} Wh of certificates generated in these periods`],
        ['time-matched', `${r.timeMatchedWh} Wh = ${pct(r.timeMatchedBp)} (each period against certificates of the same period)`],
        ['volume-matched', `${r.volumeMatchedWh} Wh = ${pct(r.volumeMatchedBp)} (annual style: the whole range at once)`],
      ]),
    ];
    for (const p of r.periods) lines.push(`  period ${String(p.period).padStart(7)}: consumed ${p.consumedWh} Wh, claimed ${p.claimedWh} Wh, matched ${p.matchedWh} Wh`);
    return lines.join('\n');
  });
}

const o = (flags: string, help: string) => ({ flags, help });
const req = (flags: string, help: string) => ({ flags, help, required: true });

/** The certificate commands, built by the command line from this list. */
export const CERT_CLI: readonly CliCommand[] = [
  { path: 'cert status', summary: 'certificate rules, cursors, volume totals, and the compliance period of a delivery period', options: [o('--delivery-period <k>', 'show the compliance period this delivery period belongs to')], run: (cli, _a, opts) => certStatus(cli, opts as any) },
  {
    path: 'cert lots',
    summary: 'certificate lots: an owner\'s, those of one issuance (root), or one by id',
    options: [o('--owner <name>', 'holder (wallet name or address)'), o('--root <n>', 'an issued lot: it and every lot split off it'), o('--generator <name>', 'with --period: the lot issued for that delivery period'), o('--period <k>', 'delivery period (with --generator)'), o('--id <n>', 'one lot')],
    run: (cli, _a, opts) => certLots(cli, opts as any),
  },
  { path: 'cert list', summary: 'offer certificate volume of a lot you hold at a price', sends: true, options: [req('--lot <n>', 'lot id (see `cert lots --owner`)'), req('--wh <n>', 'volume in Wh'), req('--price <p>', 'µTES per kWh of certificate volume')], run: (cli, _a, opts) => certList(cli, opts as any) },
  { path: 'cert listings', summary: 'open certificate listings (the newest, or a seller\'s)', options: [o('--seller <name>', 'one lister (wallet name or address)'), o('--all', 'include sold, cancelled and revoked listings')], run: (cli, _a, opts) => certListings(cli, opts as any) },
  { path: 'cert pick', summary: 'buy certificate volume of a listing: paid at once, received as a new lot', sends: true, options: [req('--listing <id>', 'certificate listing id'), req('--wh <n>', 'volume in Wh')], run: (cli, _a, opts) => certPick(cli, opts as any) },
  { path: 'cert cancel', summary: 'withdraw the unpicked rest of your certificate listing', sends: true, options: [req('--listing <id>', 'certificate listing id')], run: (cli, _a, opts) => certCancel(cli, opts as any) },
  {
    path: 'cert claim',
    summary: 'retire certificate volume for a beneficiary and compliance period (final)',
    sends: true,
    options: [req('--wh <n>', 'volume in Wh'), req('--period <c>', 'compliance period (see `cert status --delivery-period K`)'), req('--beneficiary <text>', 'who the renewable energy is claimed for'), o('--lot <n>', 'claim from this lot only (default: your lots of that period, oldest first)')],
    run: (cli, _a, opts) => certClaim(cli, opts as any),
  },
  { path: 'cert claims <nameOrAddress>', summary: 'the claims of an account', run: (cli, [who]) => certClaims(cli, who!) },
  { path: 'cert revoke', summary: 'regulator: revoke certificate volume of a lot, with the reason', sends: true, options: [req('--lot <n>', 'lot id'), req('--wh <n>', 'volume in Wh'), req('--reason <text>', 'why (published), e.g. the corrected reading')], run: (cli, _a, opts) => certRevoke(cli, opts as any) },
  { path: 'cert revocations', summary: 'the newest revocations and their reasons', run: (cli) => certRevocations(cli) },
  {
    path: 'cert quota',
    summary: "regulator: set a buyer's renewable quota for a compliance period",
    sends: true,
    options: [req('--account <name>', 'the buyer (wallet name or address)'), req('--period <c>', 'compliance period'), o('--wh <n>', 'a fixed volume in Wh'), o('--percent <p>', 'or a percent (1-100) of its metered consumption in the period'), o('--remove', 'or remove the quota')],
    run: (cli, _a, opts) => certQuota(cli, opts as any),
  },
  { path: 'cert quotas', summary: 'quotas of a compliance period: required, claimed, shortfall, fine', options: [req('--period <c>', 'compliance period'), o('--account <name>', 'one account')], run: (cli, _a, opts) => certQuotas(cli, opts as any) },
  {
    path: 'cert matching <nameOrAddress>',
    summary: 'consumption matched by claimed certificates: per period (time-matched) and over the range (volume-matched)',
    options: [req('--from-period <k>', 'first delivery period'), req('--to-period <k>', 'last delivery period')],
    run: (cli, [who], opts) => certMatching(cli, who!, opts as any),
  },
];
