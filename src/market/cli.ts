import { addressToBytes } from '../chain/address.ts';
import { sha256 } from '../chain/hash.ts';
import { formatTes, parseTes } from '../chain/units.ts';
import { parseId, parseWhole, table } from '../chain/module/cliArgs.ts';
import { DOC, REQUIRED_DOCS } from './records/participant.ts';
import { PARTICIPANT_ROLES, type ParticipantRole } from './types.ts';
import type { CliCommand, CliContext } from '../chain/module/cliCommand.ts';
import type { Payload } from '../chain/types.ts';

/**
 * The listed-trading market's commands (`tesnode market …`, docs/market.md): reads go
 * through the market RPC methods, actions are signed transactions.
 */

type Opts = Record<string, any>;
const MAX_DOCS_BYTES = 1024 * 1024;

/** `market status`: periods, gate closure, regions, reserve. */
async function marketStatus(cli: CliContext, opts: Opts): Promise<void> {
  const s = await cli.rpc<any>('market_status');
  cli.emit(s, () => {
    if (!s.enabled) return 'this chain has no market section in its genesis';
    const inSec = (t: string) => `${Math.max(0, Math.round((Number(t) - s.now) / 1000))} s`;
    return table([
      ['current period', `${s.currentPeriod} (started ${new Date(Number(s.currentPeriodStart)).toISOString()})`],
      ['next open period', `${s.nextOpenPeriod} (starts in ${inSec(s.nextOpenPeriodStart)}, gate closes in ${inSec(s.nextGateClosure)})`],
      ['period length', `${s.periodMs / 1000} s; gate closure ${s.gateClosureMs / 1000} s before, meter window ${s.meterWindowMs / 1000} s after`],
      ['settled below', s.settledBelow],
      ['regions', s.regions.map((r: any) => `${r.id} (stamp ${r.stamp} µTES/kWh)`).join(', ')],
      ['links', s.links.map((l: string[]) => l.join('—')).join(', ')],
      ['reserve', s.reserve ? `${s.reserve.address} (a ${s.reserve.downCost}, a' ${s.reserve.upCost} µTES/kWh)` : 'none'],
      ['bond base', `${formatTes(BigInt(s.bondBase))} TES × level percent`],
    ]);
  });
}

/** Reads a documents file: a JSON object whose keys are document kinds. Returns its hash and the kinds stated. */
export async function readDocuments(cli: CliContext, file: string, role: ParticipantRole): Promise<{ docHash: Uint8Array; docFields: number }> {
  const bytes = await cli.readFile(file, MAX_DOCS_BYTES, '--docs');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw cli.error('BAD_DOCS', `--docs ${file} must be a JSON object with one entry per document kind (${Object.keys(DOC).join(', ')})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw cli.error('BAD_DOCS', `--docs ${file} must be a JSON object`);
  let docFields = 0;
  for (const [k, v] of Object.entries(json)) {
    if (!Object.hasOwn(DOC, k)) throw cli.error('BAD_DOCS', `--docs ${file}: '${k}' is not a document kind; use ${Object.keys(DOC).join(', ')}`);
    if (v !== null && v !== '' && v !== false) docFields |= DOC[k as keyof typeof DOC];
  }
  const missing = Object.entries(DOC).filter(([, bit]) => (REQUIRED_DOCS[role] & bit) && !(docFields & bit)).map(([k]) => k);
  if (missing.length) throw cli.error('MISSING_DOCUMENTS', `a ${role} must state ${missing.join(', ')} in --docs ${file}`);
  // The documents stay off chain; the chain keeps only their hash (SPEC 3).
  return { docHash: sha256(bytes), docFields };
}

/** `market register`. */
async function marketRegister(cli: CliContext, opts: { role: string; region: string; source?: string; carbon?: string; docs: string }): Promise<void> {
  if (!(PARTICIPANT_ROLES as readonly string[]).includes(opts.role)) throw cli.error('BAD_ROLE', `--role must be one of ${PARTICIPANT_ROLES.join(', ')}`);
  const role = opts.role as ParticipantRole;
  if (role === 'seller' && opts.source === undefined) throw cli.error('BAD_SOURCE', 'a seller declares its energy source: add --source solar|wind|hydro|… and --carbon G (g CO2/kWh)');
  if (role !== 'seller' && (opts.source !== undefined || opts.carbon !== undefined)) throw cli.error('BAD_SOURCE', `only sellers declare --source and --carbon, not a ${role}`);
  const { docHash, docFields } = await readDocuments(cli, opts.docs, role);
  const carbon = opts.carbon !== undefined ? parseId(opts.carbon, '--carbon') : 0;
  await cli.send('market.register', { role, region: opts.region, docHash, docFields, source: opts.source ?? '', carbon });
}

/** `market approve --account ADDR [--reject --reason TEXT]`. */
async function marketApprove(cli: CliContext, opts: { account: string; reject?: boolean; reason?: string }): Promise<void> {
  if (opts.reject && !opts.reason) throw cli.error('REASON_REQUIRED', 'a rejection needs --reason TEXT, which the applicant will see');
  const account = await cli.resolveAddress(opts.account);
  await cli.send('market.review', { account: addressToBytes(account), approve: !opts.reject, reason: opts.reason ?? '' });
}

/** `market bond --amount TES [--withdraw]`. */
async function marketBond(cli: CliContext, opts: { amount: string; withdraw?: boolean }): Promise<void> {
  await cli.send(opts.withdraw ? 'market.unbond' : 'market.bond', { amount: parseTes(opts.amount) });
}

/** `market list --side sell|buy --period K --wh N --price P`. Region, source and carbon default to the registration. */
async function marketList(cli: CliContext, opts: { side: string; period: string; wh: string; price: string; region?: string; source?: string; carbon?: string }): Promise<void> {
  if (opts.side !== 'sell' && opts.side !== 'buy') throw cli.error('BAD_ARGUMENT', '--side must be sell or buy');
  const period = parseId(opts.period, '--period');
  const me = await cli.fromAddress();
  const p = await cli.rpc<any>('market_participant', { address: me });
  const sell = opts.side === 'sell';
  const payload: Payload = {
    side: opts.side,
    period,
    wh: parseWhole(opts.wh, '--wh'),
    price: parseWhole(opts.price, '--price'),
    region: opts.region ?? p.region,
    source: sell ? (opts.source ?? p.source) : '',
    carbon: sell ? (opts.carbon !== undefined ? parseId(opts.carbon, '--carbon') : p.carbon) : 0,
  };
  // The receipt names the listing this transaction made.
  await cli.send('market.list', payload, async (r) => ({ listing: r.result!.listing }));
}

/** `market cancel --listing ID`. */
async function marketCancel(cli: CliContext, opts: { listing: string }): Promise<void> {
  await cli.send('market.cancel', { listing: parseId(opts.listing, '--listing') });
}

/** `market pick --listing ID --wh N`. */
async function marketPick(cli: CliContext, opts: { listing: string; wh: string }): Promise<void> {
  await cli.send('market.pick', { listing: parseId(opts.listing, '--listing'), wh: parseWhole(opts.wh, '--wh') }, async (r) => {
    // The receipt names the trade this pick formed; its record gives the route.
    const t = await cli.rpc<any>('market_trade', { id: r.result!.trade });
    return { trade: t.id, escrow: t.escrow, route: t.route.map((h: any) => h.region).join('→') };
  });
}

/** `market curtail --trade ID --wh N` (dispatcher). */
async function marketCurtail(cli: CliContext, opts: { trade: string; wh: string }): Promise<void> {
  await cli.send('market.curtail', { trade: parseId(opts.trade, '--trade'), wh: parseWhole(opts.wh, '--wh') });
}

/** `market meter --account ADDR --period K --wh N` (meter). */
async function marketMeter(cli: CliContext, opts: { account: string; period: string; wh: string }): Promise<void> {
  const account = await cli.resolveAddress(opts.account);
  await cli.send('market.meter', { account: addressToBytes(account), period: parseId(opts.period, '--period'), wh: parseWhole(opts.wh, '--wh') });
}

/** `market rate --trade ID --score 1..5`. */
async function marketRate(cli: CliContext, opts: { trade: string; score: string }): Promise<void> {
  await cli.send('market.rate', { trade: parseId(opts.trade, '--trade'), score: parseId(opts.score, '--score') });
}

/** `market ftr --from-region A --to-region B --period K --wh N --rate R`. */
async function marketFtr(cli: CliContext, opts: { fromRegion: string; toRegion: string; period: string; wh: string; rate: string }): Promise<void> {
  await cli.send('market.ftr', { from: opts.fromRegion, to: opts.toRegion, period: parseId(opts.period, '--period'), wh: parseWhole(opts.wh, '--wh'), rate: parseWhole(opts.rate, '--rate') });
}

/** `market exit`. */
async function marketExit(cli: CliContext, opts: Opts): Promise<void> {
  await cli.send('market.exit', {});
}

function listingLine(l: any): string {
  const src = l.side === 'sell' ? ` ${l.source} ${l.carbon} g/kWh` : '';
  return `#${String(l.id).padEnd(5)} ${l.side.padEnd(4)} ${String(l.rest).padStart(10)} of ${String(l.wh).padEnd(10)} Wh @ ${String(l.price).padStart(8)} µTES/kWh  ${l.region.padEnd(8)}${src}  ${l.owner}`;
}

/** `market book --period K`: the open listings. */
async function marketBook(cli: CliContext, opts: { period: string }): Promise<void> {
  const book = await cli.rpc<any>('market_book', { period: parseId(opts.period, '--period') });
  cli.emit(book, () => {
    const lines = [`period ${book.period}: ${book.sells.length} sell-listings, ${book.buys.length} buy-listings`];
    for (const l of [...book.sells, ...book.buys]) lines.push(listingLine(l));
    return lines.join('\n');
  });
}

/** `market recommend --for NAME --period K --wh N`. */
async function marketRecommend(cli: CliContext, opts: { for: string; period: string; wh: string; creditWeight?: string; carbonWeight?: string }): Promise<void> {
  const who = await cli.resolveAddress(opts.for);
  const p = await cli.rpc<any>('market_participant', { address: who });
  const side = p.role === 'seller' ? 'seller' : 'buyer';
  const r = await cli.rpc<any>('market_recommend', {
    [side]: who,
    period: parseId(opts.period, '--period'),
    wh: parseWhole(opts.wh, '--wh').toString(),
    ...(opts.creditWeight !== undefined ? { creditWeight: parseWhole(opts.creditWeight, '--credit-weight').toString() } : {}),
    ...(opts.carbonWeight !== undefined ? { carbonWeight: parseWhole(opts.carbonWeight, '--carbon-weight').toString() } : {}),
  });
  cli.emit(r, () => {
    const lines = [`for the ${r.side} ${who}, period ${r.period}: ${r.ranking.length} listings ranked`];
    r.ranking.forEach((x: any, i: number) => lines.push(`${String(i + 1).padStart(3)}. ${listingLine(x.listing)}  landed ${x.landedPrice} µTES/kWh via ${x.route.join('→')}, credit ${x.creditLevel}`));
    lines.push(`proposed picks (${r.filledWh} of ${r.requestedWh} Wh):`);
    for (const pk of r.picks) lines.push(`  tesnode market pick --from ${opts.for} --listing ${pk.listing} --wh ${pk.wh}   (energy ${pk.energy} + fee ${pk.fee} µTES)`);
    lines.push(`total ${r.total} µTES (energy ${r.energy}, transmission ${r.fee})`);
    return lines.join('\n');
  });
}

/** `market trades --period K | --account ADDR`. */
async function marketTrades(cli: CliContext, opts: { period?: string; account?: string }): Promise<void> {
  if ((opts.period === undefined) === (opts.account === undefined)) throw cli.error('BAD_ARGUMENT', 'give --period K or --account ADDR');
  const params = opts.period !== undefined ? { period: parseId(opts.period, '--period') } : { account: await cli.resolveAddress(opts.account!) };
  const { trades } = await cli.rpc<any>('market_trades', params);
  cli.emit({ trades }, () => {
    if (!trades.length) return 'no trades';
    return trades
      .map((t: any) => {
        const s = t.settlement ? ` settled: executed ${t.settlement.executedWh} Wh, energy ${t.settlement.energy}, fee ${t.settlement.fee}, refund ${t.settlement.refund}, deviations buyer ${t.settlement.buyerDeviation} seller ${t.settlement.sellerDeviation}` : ' open';
        return `trade #${t.id} period ${t.period}: ${t.wh} Wh (curtailed ${t.curtailed}) @ ${t.price} µTES/kWh ${t.route.map((h: any) => h.region).join('→')}, escrow ${t.escrow};${s}`;
      })
      .join('\n');
  });
}

/** `market participant NAME|ADDR`: role, status, bond, credit. */
async function marketParticipant(cli: CliContext, who: string, opts: Opts): Promise<void> {
  const address = await cli.resolveAddress(who);
  const p = await cli.rpc<any>('market_participant', { address });
  cli.emit(p, () => table([
    ['address', p.address],
    ['role', `${p.role} in ${p.region}${p.role === 'seller' ? ` (${p.source}, ${p.carbon} g CO2/kWh)` : ''}`],
    ['status', `${p.status}${p.reason ? ` (${p.reason})` : ''}`],
    ['bond', `${formatTes(BigInt(p.bond))} TES (required ${formatTes(BigInt(p.requiredBond))} TES)`],
    ['credit', `${p.creditScore} (${p.creditLevel})`],
    ['open', p.open],
  ]));
}

const o = (flags: string, help: string, extra: { required?: boolean; choices?: readonly string[] } = {}) => ({ flags, help, ...extra });
const req = (flags: string, help: string) => o(flags, help, { required: true });

/** The market's commands, built by the command line from this list. */
export const MARKET_CLI: readonly CliCommand[] = [
  { path: 'market status', summary: 'current period, the next period open for trading and its gate closure, regions, reserve', run: (cli, _a, opts) => marketStatus(cli, opts) },
  { path: 'market participant <nameOrAddress>', summary: 'role, status, bond and credit of a participant', run: (cli, [who], opts) => marketParticipant(cli, who!, opts) },
  {
    path: 'market register',
    summary: 'apply for a role; a validator reviews it (documents stay off chain: only their hash is recorded)',
    sends: true,
    options: [
      req('--role <role>', 'seller, buyer, chargePoint or storage'),
      req('--region <region>', 'home region (see `market status`)'),
      o('--source <source>', 'sellers: energy source (solar, wind, hydro, …)'),
      o('--carbon <g>', 'sellers: carbon intensity, g CO2/kWh'),
      req('--docs <file>', 'JSON documents, one entry per kind: identity, contact, bank, license, creditReport, meterBinding'),
    ],
    run: (cli, _a, opts) => marketRegister(cli, opts as any),
  },
  {
    path: 'market approve',
    summary: 'validator: approve (or --reject with --reason) an application',
    sends: true,
    options: [req('--account <address>', 'the applicant (address or wallet name)'), o('--reject', 'reject instead of approving'), o('--reason <text>', 'why (required with --reject)')],
    run: (cli, _a, opts) => marketApprove(cli, opts as any),
  },
  {
    path: 'market bond',
    summary: 'deposit a performance bond (or --withdraw); the amount required falls as credit rises',
    sends: true,
    options: [req('--amount <tes>', 'amount in TES'), o('--withdraw', 'take bond back (down to what open positions require)')],
    run: (cli, _a, opts) => marketBond(cli, opts as any),
  },
  {
    path: 'market list',
    summary: 'post a sell- or buy-listing for a period',
    sends: true,
    options: [
      req('--side <side>', 'sell or buy'),
      req('--period <k>', 'delivery period (see `market status` for the next open one)'),
      req('--wh <n>', 'quantity in Wh'),
      req('--price <p>', 'price in µTES per kWh'),
      o('--region <region>', 'region (default: your registered region)'),
      o('--source <source>', 'sell-listings: energy source (default: your registered one)'),
      o('--carbon <g>', 'sell-listings: g CO2/kWh (default: your registered one)'),
    ],
    run: (cli, _a, opts) => marketList(cli, opts as any),
  },
  { path: 'market cancel', summary: 'cancel the unpicked rest of your listing', sends: true, options: [req('--listing <id>', 'listing id')], run: (cli, _a, opts) => marketCancel(cli, opts as any) },
  { path: 'market book', summary: 'open listings of a period', options: [req('--period <k>', 'delivery period')], run: (cli, _a, opts) => marketBook(cli, opts as any) },
  {
    path: 'market recommend',
    summary: 'rank listings by landed cost (price + transmission fee), credit and carbon, and propose picks',
    options: [
      req('--for <name>', 'the participant (wallet name or address)'),
      req('--period <k>', 'delivery period'),
      req('--wh <n>', 'quantity wanted in Wh'),
      o('--credit-weight <w>', 'µTES/kWh added for a counterparty at credit 0, scaled to nothing at 1000 (default 20000)'),
      o('--carbon-weight <w>', 'µTES per kg CO2: adds weight × (g CO2/kWh) / 1000 to the landed price (default 50000)'),
    ],
    run: (cli, _a, opts) => marketRecommend(cli, opts as any),
  },
  {
    path: 'market pick',
    summary: 'take (part of) a listing: a trade forms and the buyer escrows energy + transmission fee',
    sends: true,
    options: [req('--listing <id>', 'listing id'), req('--wh <n>', 'quantity in Wh')],
    run: (cli, _a, opts) => marketPick(cli, opts as any),
  },
  { path: 'market curtail', summary: 'dispatcher: curtail a trade before its period starts', sends: true, options: [req('--trade <id>', 'trade id'), req('--wh <n>', 'Wh to curtail')], run: (cli, _a, opts) => marketCurtail(cli, opts as any) },
  {
    path: 'market ftr',
    summary: 'buy a financial transmission right on a route for a period',
    sends: true,
    options: [req('--from-region <r>', 'route start'), req('--to-region <r>', 'route end'), req('--period <k>', 'delivery period'), req('--wh <n>', 'covered quantity in Wh'), req('--rate <r>', 'compensation in µTES per curtailed kWh')],
    run: (cli, _a, opts) => marketFtr(cli, opts as any),
  },
  {
    path: 'market meter',
    summary: "meter: report an account's delivered or consumed Wh for a period",
    sends: true,
    options: [req('--account <address>', 'the metered participant (address or wallet name)'), req('--period <k>', 'delivery period'), req('--wh <n>', 'metered Wh')],
    run: (cli, _a, opts) => marketMeter(cli, opts as any),
  },
  { path: 'market trades', summary: 'trades of a period or an account, with their settlement', options: [o('--period <k>', 'delivery period'), o('--account <address>', 'participant (address or wallet name)')], run: (cli, _a, opts) => marketTrades(cli, opts as any) },
  { path: 'market rate', summary: 'rate the counterparty of a settled trade, once', sends: true, options: [req('--trade <id>', 'trade id'), req('--score <s>', '1 to 5')], run: (cli, _a, opts) => marketRate(cli, opts as any) },
  { path: 'market exit', summary: 'leave the market (nothing may be open); the bond comes back', sends: true, run: (cli, _a, opts) => marketExit(cli, opts) },
];
