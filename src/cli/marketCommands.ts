import { readFile } from 'node:fs/promises';
import { addressToBytes } from '../chain/address.ts';
import { sha256 } from '../chain/hash.ts';
import { rpcCall } from '../rpc/client.ts';
import { DOC, REQUIRED_DOCS, PARTICIPANT_ROLES, type ParticipantRole } from '../market/index.ts';
import { formatTes, parseTes } from '../wallet/amount.ts';
import { CliError, emit, table, type OutputOptions } from './output.ts';
import { describeSend, sendTx, type SendResult } from './sendTx.ts';
import { unlockWallet } from './unlock.ts';
import { parseFee, resolveAddress } from './walletCommands.ts';
import type { Payload } from '../chain/types.ts';

/** Options every market command takes. */
export interface MarketOptions extends OutputOptions {
  rpc: string;
  keystore: string;
  passwordFile?: string;
}

/** Options of commands that send a transaction. */
export interface MarketTxOptions extends MarketOptions {
  from: string;
  fee?: string;
  wait: boolean;
}

const MAX_DOCS_BYTES = 1024 * 1024;

/** A whole number from the command line, as bigint, with a message naming the flag. */
export function parseWhole(text: string, flag: string, max = (1n << 62n)): bigint {
  if (!/^\d{1,19}$/.test(text) || BigInt(text) > max) throw new CliError('BAD_ARGUMENT', `${flag} ${JSON.stringify(text)} must be a whole number from 0 to ${max}`);
  return BigInt(text);
}

/** A small whole number (ids, periods, scores). */
export function parseId(text: string, flag: string): number {
  return Number(parseWhole(text, flag, 0xffffffffn));
}

/** Signs and sends a market transaction, waits for its block, and prints the outcome. */
async function submit(opts: MarketTxOptions, kind: string, payload: Payload, describe?: (r: SendResult) => Promise<Record<string, unknown>>): Promise<void> {
  const key = await unlockWallet(opts.from, opts);
  const fee = opts.fee !== undefined ? parseFee(opts.fee) : undefined;
  const r = await sendTx(key.secret, kind, payload, { rpc: opts.rpc, wait: opts.wait, ...(fee !== undefined ? { fee } : {}) });
  const extra = r.status === 'included' && describe ? await describe(r) : {};
  emit(opts, { kind, from: key.address, ...r, ...extra }, () => [describeSend(r), ...Object.entries(extra).map(([k, v]) => `${k}: ${String(v)}`)].join('\n'));
  if (r.status === 'failed') process.exitCode = 1;
}

/** `market status`: periods, gate closure, regions, reserve. */
export async function marketStatus(opts: MarketOptions): Promise<void> {
  const s = await rpcCall<any>(opts.rpc, 'market_status');
  emit(opts, s, () => {
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
export async function readDocuments(file: string, role: ParticipantRole): Promise<{ docHash: Uint8Array; docFields: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CliError('BAD_DOCS', `cannot read --docs ${file}: ${(err as Error).message}`);
  }
  if (bytes.length > MAX_DOCS_BYTES) throw new CliError('BAD_DOCS', `--docs ${file} is over ${MAX_DOCS_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new CliError('BAD_DOCS', `--docs ${file} must be a JSON object with one entry per document kind (${Object.keys(DOC).join(', ')})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new CliError('BAD_DOCS', `--docs ${file} must be a JSON object`);
  let docFields = 0;
  for (const [k, v] of Object.entries(json)) {
    if (!Object.hasOwn(DOC, k)) throw new CliError('BAD_DOCS', `--docs ${file}: '${k}' is not a document kind; use ${Object.keys(DOC).join(', ')}`);
    if (v !== null && v !== '' && v !== false) docFields |= DOC[k as keyof typeof DOC];
  }
  const missing = Object.entries(DOC).filter(([, bit]) => (REQUIRED_DOCS[role] & bit) && !(docFields & bit)).map(([k]) => k);
  if (missing.length) throw new CliError('MISSING_DOCUMENTS', `a ${role} must state ${missing.join(', ')} in --docs ${file}`);
  // The documents stay off chain; the chain keeps only their hash (SPEC 3).
  return { docHash: sha256(bytes), docFields };
}

/** `market register`. */
export async function marketRegister(opts: MarketTxOptions & { role: string; region: string; source?: string; carbon?: string; docs: string }): Promise<void> {
  if (!(PARTICIPANT_ROLES as readonly string[]).includes(opts.role)) throw new CliError('BAD_ROLE', `--role must be one of ${PARTICIPANT_ROLES.join(', ')}`);
  const role = opts.role as ParticipantRole;
  if (role === 'seller' && opts.source === undefined) throw new CliError('BAD_SOURCE', 'a seller declares its energy source: add --source solar|wind|hydro|… and --carbon G (g CO2/kWh)');
  if (role !== 'seller' && (opts.source !== undefined || opts.carbon !== undefined)) throw new CliError('BAD_SOURCE', `only sellers declare --source and --carbon, not a ${role}`);
  const { docHash, docFields } = await readDocuments(opts.docs, role);
  const carbon = opts.carbon !== undefined ? parseId(opts.carbon, '--carbon') : 0;
  await submit(opts, 'market.register', { role, region: opts.region, docHash, docFields, source: opts.source ?? '', carbon });
}

/** `market approve --account ADDR [--reject --reason TEXT]`. */
export async function marketApprove(opts: MarketTxOptions & { account: string; reject?: boolean; reason?: string }): Promise<void> {
  if (opts.reject && !opts.reason) throw new CliError('REASON_REQUIRED', 'a rejection needs --reason TEXT, which the applicant will see');
  const account = await resolveAddress(opts.account, opts.keystore);
  await submit(opts, 'market.review', { account: addressToBytes(account), approve: !opts.reject, reason: opts.reason ?? '' });
}

/** `market bond --amount TES [--withdraw]`. */
export async function marketBond(opts: MarketTxOptions & { amount: string; withdraw?: boolean }): Promise<void> {
  await submit(opts, opts.withdraw ? 'market.unbond' : 'market.bond', { amount: parseTes(opts.amount) });
}

/** `market list --side sell|buy --period K --wh N --price P`. Region, source and carbon default to the registration. */
export async function marketList(opts: MarketTxOptions & { side: string; period: string; wh: string; price: string; region?: string; source?: string; carbon?: string }): Promise<void> {
  if (opts.side !== 'sell' && opts.side !== 'buy') throw new CliError('BAD_ARGUMENT', '--side must be sell or buy');
  const period = parseId(opts.period, '--period');
  const me = await resolveAddress(opts.from, opts.keystore);
  const p = await rpcCall<any>(opts.rpc, 'market_participant', { address: me });
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
  await submit(opts, 'market.list', payload, async (r) => ({ listing: r.result!.listing }));
}

/** `market cancel --listing ID`. */
export async function marketCancel(opts: MarketTxOptions & { listing: string }): Promise<void> {
  await submit(opts, 'market.cancel', { listing: parseId(opts.listing, '--listing') });
}

/** `market pick --listing ID --wh N`. */
export async function marketPick(opts: MarketTxOptions & { listing: string; wh: string }): Promise<void> {
  await submit(opts, 'market.pick', { listing: parseId(opts.listing, '--listing'), wh: parseWhole(opts.wh, '--wh') }, async (r) => {
    // The receipt names the trade this pick formed; its record gives the route.
    const t = await rpcCall<any>(opts.rpc, 'market_trade', { id: r.result!.trade });
    return { trade: t.id, escrow: t.escrow, route: t.route.map((h: any) => h.region).join('→') };
  });
}

/** `market curtail --trade ID --wh N` (dispatcher). */
export async function marketCurtail(opts: MarketTxOptions & { trade: string; wh: string }): Promise<void> {
  await submit(opts, 'market.curtail', { trade: parseId(opts.trade, '--trade'), wh: parseWhole(opts.wh, '--wh') });
}

/** `market meter --account ADDR --period K --wh N` (meter). */
export async function marketMeter(opts: MarketTxOptions & { account: string; period: string; wh: string }): Promise<void> {
  const account = await resolveAddress(opts.account, opts.keystore);
  await submit(opts, 'market.meter', { account: addressToBytes(account), period: parseId(opts.period, '--period'), wh: parseWhole(opts.wh, '--wh') });
}

/** `market rate --trade ID --score 1..5`. */
export async function marketRate(opts: MarketTxOptions & { trade: string; score: string }): Promise<void> {
  await submit(opts, 'market.rate', { trade: parseId(opts.trade, '--trade'), score: parseId(opts.score, '--score') });
}

/** `market ftr --from-region A --to-region B --period K --wh N --rate R`. */
export async function marketFtr(opts: MarketTxOptions & { fromRegion: string; toRegion: string; period: string; wh: string; rate: string }): Promise<void> {
  await submit(opts, 'market.ftr', { from: opts.fromRegion, to: opts.toRegion, period: parseId(opts.period, '--period'), wh: parseWhole(opts.wh, '--wh'), rate: parseWhole(opts.rate, '--rate') });
}

/** `market exit`. */
export async function marketExit(opts: MarketTxOptions): Promise<void> {
  await submit(opts, 'market.exit', {});
}

function listingLine(l: any): string {
  const src = l.side === 'sell' ? ` ${l.source} ${l.carbon} g/kWh` : '';
  return `#${String(l.id).padEnd(5)} ${l.side.padEnd(4)} ${String(l.rest).padStart(10)} of ${String(l.wh).padEnd(10)} Wh @ ${String(l.price).padStart(8)} µTES/kWh  ${l.region.padEnd(8)}${src}  ${l.owner}`;
}

/** `market book --period K`: the open listings. */
export async function marketBook(opts: MarketOptions & { period: string }): Promise<void> {
  const book = await rpcCall<any>(opts.rpc, 'market_book', { period: parseId(opts.period, '--period') });
  emit(opts, book, () => {
    const lines = [`period ${book.period}: ${book.sells.length} sell-listings, ${book.buys.length} buy-listings`];
    for (const l of [...book.sells, ...book.buys]) lines.push(listingLine(l));
    return lines.join('\n');
  });
}

/** `market recommend --for NAME --period K --wh N`. */
export async function marketRecommend(opts: MarketOptions & { for: string; period: string; wh: string; creditWeight?: string; carbonWeight?: string }): Promise<void> {
  const who = await resolveAddress(opts.for, opts.keystore);
  const p = await rpcCall<any>(opts.rpc, 'market_participant', { address: who });
  const side = p.role === 'seller' ? 'seller' : 'buyer';
  const r = await rpcCall<any>(opts.rpc, 'market_recommend', {
    [side]: who,
    period: parseId(opts.period, '--period'),
    wh: parseWhole(opts.wh, '--wh').toString(),
    ...(opts.creditWeight !== undefined ? { creditWeight: parseWhole(opts.creditWeight, '--credit-weight').toString() } : {}),
    ...(opts.carbonWeight !== undefined ? { carbonWeight: parseWhole(opts.carbonWeight, '--carbon-weight').toString() } : {}),
  });
  emit(opts, r, () => {
    const lines = [`for the ${r.side} ${who}, period ${r.period}: ${r.ranking.length} listings ranked`];
    r.ranking.forEach((x: any, i: number) => lines.push(`${String(i + 1).padStart(3)}. ${listingLine(x.listing)}  landed ${x.landedPrice} µTES/kWh via ${x.route.join('→')}, credit ${x.creditLevel}`));
    lines.push(`proposed picks (${r.filledWh} of ${r.requestedWh} Wh):`);
    for (const pk of r.picks) lines.push(`  tesnode market pick --from ${opts.for} --listing ${pk.listing} --wh ${pk.wh}   (energy ${pk.energy} + fee ${pk.fee} µTES)`);
    lines.push(`total ${r.total} µTES (energy ${r.energy}, transmission ${r.fee})`);
    return lines.join('\n');
  });
}

/** `market trades --period K | --account ADDR`. */
export async function marketTrades(opts: MarketOptions & { period?: string; account?: string }): Promise<void> {
  if ((opts.period === undefined) === (opts.account === undefined)) throw new CliError('BAD_ARGUMENT', 'give --period K or --account ADDR');
  const params = opts.period !== undefined ? { period: parseId(opts.period, '--period') } : { account: await resolveAddress(opts.account!, opts.keystore) };
  const { trades } = await rpcCall<any>(opts.rpc, 'market_trades', params);
  emit(opts, { trades }, () => {
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
export async function marketParticipant(who: string, opts: MarketOptions): Promise<void> {
  const address = await resolveAddress(who, opts.keystore);
  const p = await rpcCall<any>(opts.rpc, 'market_participant', { address });
  emit(opts, p, () => table([
    ['address', p.address],
    ['role', `${p.role} in ${p.region}${p.role === 'seller' ? ` (${p.source}, ${p.carbon} g CO2/kWh)` : ''}`],
    ['status', `${p.status}${p.reason ? ` (${p.reason})` : ''}`],
    ['bond', `${formatTes(BigInt(p.bond))} TES (required ${formatTes(BigInt(p.requiredBond))} TES)`],
    ['credit', `${p.creditScore} (${p.creditLevel})`],
    ['open', p.open],
  ]));
}
