import { addressToBytes } from '../chain/address.ts';
import { sha256 } from '../chain/hash.ts';
import { formatTes, parseTes } from '../chain/units.ts';
import { parseId, parseWhole, table } from '../chain/module/cliArgs.ts';
import { DOC, REQUIRED_DOCS } from './records/participant.ts';
import { PARTICIPANT_ROLES, type ParticipantRole } from './types.ts';
import { MAX_BOND_DEPOSIT, MAX_CARBON, MAX_PRICE, MAX_WH } from './limits.ts';
import { createNamer, describeTrade, grouped, utes, whText, type TradeJson } from './cliText.ts';
import { marketPeriod, marketStatus, marketWait, readStatus } from './cliWait.ts';
import { parseCarbon, parsePositiveTes, parsePrice, parseWh, plural, sendTimed } from './cliInput.ts';
import { HUMAN_TEXT, type CliCommand, type CliContext } from '../chain/module/cliCommand.ts';
import type { Payload } from '../chain/types.ts';

/**
 * The listed-trading market's commands (`tesnode market …`, docs/market.md): reads go
 * through the market RPC methods, actions are signed transactions. Values are checked
 * against the same ranges the chain applies (limits.ts) before anything is signed.
 */

type Opts = Record<string, any>;
const MAX_DOCS_BYTES = 1024 * 1024;

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
  // The documents stay off chain; the chain keeps only their hash (docs/market.md).
  return { docHash: sha256(bytes), docFields };
}

/** `market register`. */
async function marketRegister(cli: CliContext, opts: { role: string; region: string; source?: string; carbon?: string; docs: string }): Promise<void> {
  if (!(PARTICIPANT_ROLES as readonly string[]).includes(opts.role)) throw cli.error('BAD_ROLE', `--role must be one of ${PARTICIPANT_ROLES.join(', ')}`);
  const role = opts.role as ParticipantRole;
  if (role === 'seller' && opts.source === undefined) throw cli.error('BAD_SOURCE', 'a seller declares its energy source: add --source solar|wind|hydro|… and --carbon G (g CO2/kWh)');
  if (role !== 'seller' && (opts.source !== undefined || opts.carbon !== undefined)) throw cli.error('BAD_SOURCE', `only sellers declare --source and --carbon, not a ${role}`);
  const { docHash, docFields } = await readDocuments(cli, opts.docs, role);
  const carbon = opts.carbon !== undefined ? parseCarbon(opts.carbon) : 0;
  await cli.send('market.register', { role, region: opts.region, docHash, docFields, source: opts.source ?? '', carbon });
}

/** `market approve --account ADDR [--reject --reason TEXT]`. */
async function marketApprove(cli: CliContext, opts: { account: string; reject?: boolean; reason?: string }): Promise<void> {
  if (opts.reject && !opts.reason) throw cli.error('REASON_REQUIRED', 'a rejection needs --reason TEXT, which the applicant will see');
  const account = await cli.resolveAddress(opts.account);
  await cli.send('market.review', { account: addressToBytes(account), approve: !opts.reject, reason: opts.reason ?? '' });
}

/**
 * `market bond --amount TES [--withdraw]`. Checked before signing, in TES: more than 0,
 * a deposit the balance covers with the fee, a withdrawal the bond covers.
 */
async function marketBond(cli: CliContext, opts: { amount: string; withdraw?: boolean; from?: string; fee?: string }): Promise<void> {
  const amount = parsePositiveTes(cli, opts.amount, '--amount', opts.withdraw ? 'a withdrawal' : 'a deposit');
  const me = await cli.fromAddress();
  if (opts.withdraw) {
    const p = await cli.rpc<{ bond: string }>('market_participant', { address: me });
    if (amount > BigInt(p.bond)) throw cli.error('BAD_AMOUNT', `'${opts.from}' holds a bond of ${formatTes(BigInt(p.bond))} TES; the most it can withdraw is that (less while listings or trades are open)`);
  } else {
    if (amount > MAX_BOND_DEPOSIT) throw cli.error('BAD_AMOUNT', `--amount is over the largest single deposit, ${formatTes(MAX_BOND_DEPOSIT)} TES`);
    const [acct, info] = await Promise.all([cli.rpc<{ balance: string }>('state_account', { address: me }), cli.rpc<{ params: { minFee: string } }>('node_info')]);
    const fee = opts.fee !== undefined && /^\d{1,18}$/.test(opts.fee) ? BigInt(opts.fee) : BigInt(info.params.minFee);
    const balance = BigInt(acct.balance);
    if (amount + fee > balance) {
      const most = balance > fee ? balance - fee : 0n;
      throw cli.error('INSUFFICIENT_FUNDS', `insufficient funds: '${opts.from}' holds ${formatTes(balance)} TES, and a bond of ${formatTes(amount)} TES costs a fee of ${formatTes(fee)} TES on top; the most it can deposit is ${formatTes(most)} TES`);
    }
  }
  await cli.send(opts.withdraw ? 'market.unbond' : 'market.bond', { amount });
}

/** `market list --side sell|buy --period K --wh N --price P`. Region, source and carbon default to the registration. */
async function marketList(cli: CliContext, opts: { side: string; period: string; wh: string; price: string; region?: string; source?: string; carbon?: string }): Promise<void> {
  if (opts.side !== 'sell' && opts.side !== 'buy') throw cli.error('BAD_ARGUMENT', '--side must be sell or buy');
  const period = parseId(opts.period, '--period');
  const wh = parseWh(opts.wh, '--wh');
  const price = parsePrice(cli, opts.price, '--price');
  const me = await cli.fromAddress();
  const p = await cli.rpc<any>('market_participant', { address: me });
  const sell = opts.side === 'sell';
  const payload: Payload = {
    side: opts.side,
    period,
    wh,
    price,
    region: opts.region ?? p.region,
    source: sell ? (opts.source ?? p.source) : '',
    carbon: sell ? (opts.carbon !== undefined ? parseCarbon(opts.carbon) : p.carbon) : 0,
  };
  // The receipt names the listing this transaction made.
  await sendTimed(cli, 'market.list', payload, async (r) => ({
    listing: r.result.listing,
    [HUMAN_TEXT]: `listing #${String(r.result.listing)}: ${opts.side} ${whText(wh)} at ${grouped(price)} µTES/kWh for period ${period}`,
  }));
}

/** `market cancel --listing ID`. */
async function marketCancel(cli: CliContext, opts: { listing: string }): Promise<void> {
  await sendTimed(cli, 'market.cancel', { listing: parseId(opts.listing, '--listing', 1) });
}

/** `market pick --listing ID --wh N`. */
async function marketPick(cli: CliContext, opts: { listing: string; wh: string }): Promise<void> {
  await sendTimed(cli, 'market.pick', { listing: parseId(opts.listing, '--listing', 1), wh: parseWh(opts.wh, '--wh') }, async (r) => {
    // The receipt names the trade this pick formed; its record gives the route.
    const t = await cli.rpc<TradeJson>('market_trade', { id: r.result.trade });
    const route = t.route.map((h) => h.region).join('→');
    const energy = BigInt(t.escrow) - BigInt(t.fee);
    return {
      trade: t.id,
      escrow: t.escrow,
      route,
      [HUMAN_TEXT]: `trade #${t.id}: ${whText(t.wh)} at ${grouped(t.price)} µTES/kWh, route ${route}\nescrow ${utes(t.escrow)} (energy ${grouped(energy)} + transmission ${grouped(t.fee)}), held until period ${t.period} settles`,
    };
  });
}

/** `market curtail --trade ID --wh N` (dispatcher). */
async function marketCurtail(cli: CliContext, opts: { trade: string; wh: string }): Promise<void> {
  await sendTimed(cli, 'market.curtail', { trade: parseId(opts.trade, '--trade', 1), wh: parseWh(opts.wh, '--wh') });
}

/** `market meter --account ADDR --period K --wh N` (meter). */
async function marketMeter(cli: CliContext, opts: { account: string; period: string; wh: string }): Promise<void> {
  const account = await cli.resolveAddress(opts.account);
  // A reading may be 0 Wh (nothing flowed); its range is otherwise a listing's.
  await sendTimed(cli, 'market.meter', { account: addressToBytes(account), period: parseId(opts.period, '--period'), wh: parseWh(opts.wh, '--wh', 0n) });
}

/** `market rate --trade ID --score 1..5`. */
async function marketRate(cli: CliContext, opts: { trade: string; score: string }): Promise<void> {
  const score = Number(parseWhole(opts.score, '--score', { min: 1n, max: 5n, unit: 'stars' }));
  await cli.send('market.rate', { trade: parseId(opts.trade, '--trade', 1), score });
}

/** `market ftr --from-region A --to-region B --period K --wh N --rate R`. */
async function marketFtr(cli: CliContext, opts: { fromRegion: string; toRegion: string; period: string; wh: string; rate: string }): Promise<void> {
  await sendTimed(cli, 'market.ftr', { from: opts.fromRegion, to: opts.toRegion, period: parseId(opts.period, '--period'), wh: parseWh(opts.wh, '--wh'), rate: parsePrice(cli, opts.rate, '--rate') });
}

/** `market exit`. */
async function marketExit(cli: CliContext, opts: Opts): Promise<void> {
  await cli.send('market.exit', {});
}

function listingLine(l: any, owner: string = l.owner): string {
  const src = l.side === 'sell' ? ` ${l.source} ${l.carbon} g/kWh` : '';
  return `#${String(l.id).padEnd(5)} ${l.side.padEnd(4)} ${grouped(l.rest).padStart(13)} of ${whText(l.wh).padEnd(16)} @ ${grouped(l.price).padStart(10)} µTES/kWh  ${l.region.padEnd(8)}${src}  ${owner}`;
}

/** `market book [--period K]`: the open listings of a period, by default the next open one. */
async function marketBook(cli: CliContext, opts: { period?: string }): Promise<void> {
  const period = opts.period !== undefined ? parseId(opts.period, '--period') : (await readStatus(cli)).nextOpenPeriod;
  const book = await cli.rpc<any>('market_book', { period });
  const nameOf = createNamer(cli);
  const lines = [`period ${book.period}${opts.period === undefined ? ' (the next open period)' : ''}: ${plural(book.sells.length, 'sell-listing')}, ${plural(book.buys.length, 'buy-listing')}`];
  for (const l of [...book.sells, ...book.buys]) lines.push(listingLine(l, await nameOf(l.owner)));
  if (opts.period === undefined && book.sells.length + book.buys.length === 0) lines.push('(listings for later periods: add --period K)');
  cli.emit(book, () => lines.join('\n'));
}

/** `market recommend --for NAME --period K --wh N`. */
async function marketRecommend(cli: CliContext, opts: { for: string; period: string; wh: string; creditWeight?: string; carbonWeight?: string }): Promise<void> {
  const who = await cli.resolveAddress(opts.for);
  const p = await cli.rpc<any>('market_participant', { address: who });
  const side = p.role === 'seller' ? 'seller' : 'buyer';
  const r = await cli.rpc<any>('market_recommend', {
    [side]: who,
    period: parseId(opts.period, '--period'),
    wh: parseWh(opts.wh, '--wh').toString(),
    ...(opts.creditWeight !== undefined ? { creditWeight: parseWhole(opts.creditWeight, '--credit-weight').toString() } : {}),
    ...(opts.carbonWeight !== undefined ? { carbonWeight: parseWhole(opts.carbonWeight, '--carbon-weight').toString() } : {}),
  });
  const nameOf = createNamer(cli);
  const lines = [`for the ${r.side} ${await nameOf(who)}, period ${r.period}: ${plural(r.ranking.length, 'listing')} ranked`];
  for (const [i, x] of (r.ranking as any[]).entries()) {
    lines.push(`${String(i + 1).padStart(3)}. ${listingLine(x.listing, await nameOf(x.listing.owner))}  landed ${grouped(x.landedPrice)} µTES/kWh via ${x.route.join('→')}, credit ${x.creditLevel}`);
  }
  lines.push(`proposed picks (${grouped(r.filledWh)} of ${whText(r.requestedWh)}):`);
  for (const pk of r.picks) lines.push(`  tesnode market pick --from ${opts.for} --listing ${pk.listing} --wh ${pk.wh}   (energy ${grouped(pk.energy)} + transmission ${grouped(pk.fee)} µTES)`);
  lines.push(`total ${utes(r.total)} (energy ${grouped(r.energy)} + transmission ${grouped(r.fee)})`);
  cli.emit(r, () => lines.join('\n'));
}

/** `market trades --period K | --account ADDR`. */
async function marketTrades(cli: CliContext, opts: { period?: string; account?: string }): Promise<void> {
  if ((opts.period === undefined) === (opts.account === undefined)) throw cli.error('BAD_ARGUMENT', 'give --period K or --account ADDR');
  const params = opts.period !== undefined ? { period: parseId(opts.period, '--period') } : { account: await cli.resolveAddress(opts.account!) };
  const { trades } = await cli.rpc<{ trades: TradeJson[] }>('market_trades', params);
  const nameOf = createNamer(cli);
  const texts: string[] = [];
  for (const t of trades) texts.push(await describeTrade(t, nameOf));
  cli.emit({ trades }, () => (texts.length ? texts.join('\n') : 'no trades'));
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
  { path: 'market status', summary: 'current period, the next period open for trading and when its gate closes, settlement, regions, reserve', run: (cli) => marketStatus(cli) },
  {
    path: 'market period',
    summary: 'print the number of a period to trade in: the next open one, or --ahead N after it (times on stderr)',
    options: [o('--ahead <n>', 'periods after the next open one, for time to list and pick before its gate closes (default 0)')],
    run: (cli, _a, opts) => marketPeriod(cli, opts as any),
  },
  {
    path: 'market wait',
    summary: 'wait until a period has started (meters may report) or is settled, showing the time left',
    options: [req('--period <k>', 'delivery period'), o('--until <event>', 'start or settled', { required: true, choices: ['start', 'settled'] }), o('--timeout <s>', 'give up after this many seconds (default: the expected wait plus two minutes)')],
    run: (cli, _a, opts) => marketWait(cli, opts as any),
  },
  { path: 'market participant <nameOrAddress>', summary: 'role, status, bond and credit of a participant', run: (cli, [who], opts) => marketParticipant(cli, who!, opts) },
  {
    path: 'market register',
    summary: 'apply for a role; a validator reviews it (documents stay off chain: only their hash is recorded)',
    sends: true,
    options: [
      req('--role <role>', 'seller, buyer, chargePoint or storage'),
      req('--region <region>', 'home region (see `market status`)'),
      o('--source <source>', 'sellers: energy source (solar, wind, hydro, …)'),
      o('--carbon <g>', `sellers: carbon intensity, g CO2/kWh (0 to ${MAX_CARBON})`),
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
    options: [req('--amount <tes>', 'amount in TES, more than 0, up to six decimals'), o('--withdraw', 'take bond back (down to what open positions require)')],
    run: (cli, _a, opts) => marketBond(cli, opts as any),
  },
  {
    path: 'market list',
    summary: 'post a sell- or buy-listing for a period',
    sends: true,
    options: [
      req('--side <side>', 'sell or buy'),
      req('--period <k>', 'delivery period (`tesnode market period --ahead 2` names one with time to spare)'),
      req('--wh <n>', `quantity in Wh, 1 to ${MAX_WH}`),
      req('--price <p>', `price in µTES per kWh, 1 to ${MAX_PRICE} (0.1 TES/kWh = 100000)`),
      o('--region <region>', 'region (default: your registered region)'),
      o('--source <source>', 'sell-listings: energy source (default: your registered one)'),
      o('--carbon <g>', `sell-listings: g CO2/kWh, 0 to ${MAX_CARBON} (default: your registered one)`),
    ],
    run: (cli, _a, opts) => marketList(cli, opts as any),
  },
  { path: 'market cancel', summary: 'cancel the unpicked rest of your listing', sends: true, options: [req('--listing <id>', 'listing id')], run: (cli, _a, opts) => marketCancel(cli, opts as any) },
  { path: 'market book', summary: 'open listings of a period, cheapest sell first', options: [o('--period <k>', 'delivery period (default: the next open one)')], run: (cli, _a, opts) => marketBook(cli, opts as any) },
  {
    path: 'market recommend',
    summary: 'rank listings by landed cost (price + transmission fee), credit and carbon, and propose picks',
    options: [
      req('--for <name>', 'the participant (wallet name or address)'),
      req('--period <k>', 'delivery period'),
      req('--wh <n>', `quantity wanted in Wh, 1 to ${MAX_WH}`),
      o('--credit-weight <w>', 'µTES/kWh added for a counterparty at credit 0, scaled to nothing at 1000 (default 20000)'),
      o('--carbon-weight <w>', 'µTES per kg CO2: adds weight × (g CO2/kWh) / 1000 to the landed price (default 50000)'),
    ],
    run: (cli, _a, opts) => marketRecommend(cli, opts as any),
  },
  {
    path: 'market pick',
    summary: 'take (part of) a listing: a trade forms and the buyer escrows energy + transmission fee',
    sends: true,
    options: [req('--listing <id>', 'listing id'), req('--wh <n>', `quantity in Wh, 1 to the listing's unpicked rest`)],
    run: (cli, _a, opts) => marketPick(cli, opts as any),
  },
  { path: 'market curtail', summary: 'dispatcher: curtail a trade before its period starts', sends: true, options: [req('--trade <id>', 'trade id'), req('--wh <n>', 'Wh to curtail, 1 to what is not yet curtailed')], run: (cli, _a, opts) => marketCurtail(cli, opts as any) },
  {
    path: 'market ftr',
    summary: 'buy a financial transmission right on a route for a period',
    sends: true,
    options: [req('--from-region <r>', 'route start'), req('--to-region <r>', 'route end'), req('--period <k>', 'delivery period'), req('--wh <n>', `covered quantity in Wh, 1 to ${MAX_WH}`), req('--rate <r>', `compensation in µTES per curtailed kWh, 1 to ${MAX_PRICE}`)],
    run: (cli, _a, opts) => marketFtr(cli, opts as any),
  },
  {
    path: 'market meter',
    summary: "meter: report an account's delivered or consumed Wh for a period",
    sends: true,
    options: [req('--account <address>', 'the metered participant (address or wallet name)'), req('--period <k>', 'delivery period'), req('--wh <n>', `metered Wh, 0 to ${MAX_WH}`)],
    run: (cli, _a, opts) => marketMeter(cli, opts as any),
  },
  { path: 'market trades', summary: 'trades of a period or an account, with their settlement', options: [o('--period <k>', 'delivery period'), o('--account <address>', 'participant (address or wallet name)')], run: (cli, _a, opts) => marketTrades(cli, opts as any) },
  { path: 'market rate', summary: 'rate the counterparty of a settled trade, once', sends: true, options: [req('--trade <id>', 'trade id'), req('--score <s>', '1 to 5 stars')], run: (cli, _a, opts) => marketRate(cli, opts as any) },
  { path: 'market exit', summary: 'leave the market (nothing may be open); the bond comes back', sends: true, run: (cli, _a, opts) => marketExit(cli, opts) },
];
