import { parseId, table } from '../chain/module/cliArgs.ts';
import { describeDuration, describeFromNow } from './timeText.ts';
import { grouped, tesText } from './cliText.ts';
import type { CliContext } from '../chain/module/cliCommand.ts';

/**
 * The market's clock for people: `market status` (periods and gates in seconds from now),
 * `market period` (a period to trade in, with time to spare) and `market wait` (until a
 * period has started, or is settled, with a progress line). "Now" is the node's clock;
 * whether a period has started is what the head block says, as the chain decides by
 * block times.
 */

/** What `market_status` returns (amounts and times as decimal strings). */
export interface StatusJson {
  enabled: boolean;
  now: number;
  periodMs: number;
  currentPeriod: number;
  currentPeriodStart: string;
  nextOpenPeriod: number;
  nextOpenPeriodStart: string;
  nextGateClosure: string;
  gateClosureMs: number;
  meterWindowMs: number;
  maxPeriodsAhead: number;
  settledBelow: number;
  pendingPeriods: Array<{ period: number; settlesAt: string }>;
  regions: Array<{ id: string; stamp: string }>;
  links: string[][];
  reserve: { address: string; downCost: string; upCost: string } | null;
  bondBase: string;
}

/** Times of period k derived from a status: its start, gate closure, end and settlement time (ms). */
export function periodTimes(s: StatusJson, k: number): { start: bigint; gate: bigint; end: bigint; settles: bigint } {
  const start = BigInt(s.currentPeriodStart) + BigInt(k - s.currentPeriod) * BigInt(s.periodMs);
  return { start, gate: start - BigInt(s.gateClosureMs), end: start + BigInt(s.periodMs), settles: start + BigInt(s.periodMs) + BigInt(s.meterWindowMs) };
}

/** Reads the market status; refuses clearly on a chain without a market. */
export async function readStatus(cli: CliContext): Promise<StatusJson> {
  const s = await cli.rpc<StatusJson>('market_status');
  if (!s.enabled) throw cli.error('MARKET_DISABLED', 'this chain has no market section in its genesis');
  return s;
}

/** `market status`: periods, gate closure, settlement, regions, reserve. */
export async function marketStatus(cli: CliContext): Promise<void> {
  const s = await cli.rpc<StatusJson>('market_status');
  cli.emit(s, () => {
    if (!s.enabled) return 'this chain has no market section in its genesis';
    const cur = periodTimes(s, s.currentPeriod);
    const next = periodTimes(s, s.nextOpenPeriod);
    const pending = s.pendingPeriods.map((p) => `${p.period} (settles ${describeFromNow(BigInt(p.settlesAt), s.now)})`).join(', ');
    return table([
      ['current period', `${s.currentPeriod} (started ${describeFromNow(cur.start, s.now)}, ends ${describeFromNow(cur.end, s.now)})`],
      ['next open period', `${s.nextOpenPeriod} (gate closes ${describeFromNow(next.gate, s.now)}, starts ${describeFromNow(next.start, s.now)})`],
      ['trade ahead', `\`tesnode market period --ahead 2\` names period ${s.nextOpenPeriod + 2}, whose gate closes ${describeFromNow(periodTimes(s, s.nextOpenPeriod + 2).gate, s.now)}`],
      ['periods', `${describeDuration(s.periodMs)} each; the gate closes ${describeDuration(s.gateClosureMs)} before a period starts; meters report until ${describeDuration(s.meterWindowMs)} after it ends, then it settles; listings up to ${s.maxPeriodsAhead} periods ahead`],
      ['settled', s.settledBelow > 0 ? `every period below ${s.settledBelow}` : 'none yet'],
      ['awaiting settlement', pending || 'none'],
      ['regions', s.regions.map((r) => `${r.id} (stamp ${grouped(r.stamp)} µTES/kWh)`).join(', ')],
      ['links', s.links.map((l) => l.join('—')).join(', ') || 'none'],
      ['reserve', s.reserve ? `${s.reserve.address} (a ${grouped(s.reserve.downCost)}, a' ${grouped(s.reserve.upCost)} µTES/kWh)` : 'none'],
      ['bond base', `${tesText(s.bondBase)}, times the percent of your credit level`],
    ]);
  });
}

/** `market period [--ahead N]`: prints a period number to trade in (stdout), and its times (stderr). */
export async function marketPeriod(cli: CliContext, opts: { ahead?: string }): Promise<void> {
  const s = await readStatus(cli);
  const ahead = opts.ahead !== undefined ? parseId(opts.ahead, '--ahead') : 0;
  if (ahead > s.maxPeriodsAhead) throw cli.error('BAD_ARGUMENT', `--ahead ${ahead} is more than this chain allows: listings reach at most ${s.maxPeriodsAhead} periods ahead`);
  const k = s.nextOpenPeriod + ahead;
  const t = periodTimes(s, k);
  const out = { period: k, gateClosesInMs: Number(t.gate) - s.now, startsInMs: Number(t.start) - s.now, settlesInMs: Number(t.settles) - s.now };
  cli.emit(out, () => {
    // The number alone on stdout, so `K=$(tesnode market period --ahead 2)` works; the times for people on stderr.
    cli.note(`period ${k}: gate closes ${describeFromNow(t.gate, s.now)}, starts ${describeFromNow(t.start, s.now)}, settles ${describeFromNow(t.settles, s.now)}`);
    return String(k);
  });
}

const POLL_MS = 500;

/**
 * `market wait --period K --until start|settled`: polls the node until period K has
 * started (the head block's time is at or past its start, so a meter reading for it is
 * accepted) or is settled (the settlement cursor is past it), with a progress line on a
 * terminal. Gives up after --timeout seconds (default: the time it should take plus
 * two minutes).
 */
export async function marketWait(cli: CliContext, opts: { period: string; until: string; timeout?: string }): Promise<void> {
  const k = parseId(opts.period, '--period');
  const until = opts.until;
  if (until !== 'start' && until !== 'settled') throw cli.error('BAD_ARGUMENT', '--until must be start or settled');
  const first = await readStatus(cli);
  const t = periodTimes(first, k);
  const target = until === 'start' ? t.start : t.settles;
  const expectMs = Math.max(0, Number(target) - first.now);
  const timeoutMs = opts.timeout !== undefined ? parseId(opts.timeout, '--timeout', 1) * 1000 : expectMs + 120_000;
  const what = until === 'start' ? `period ${k} to start` : `period ${k} to be settled`;
  if (expectMs > 0) cli.note(`waiting for ${what} (about ${describeDuration(expectMs)})`);
  for (;;) {
    const head = await cli.rpc<{ height: number; timestamp: number }>('chain_head');
    const s = await readStatus(cli);
    // Elapsed time by the node's clock, so this command itself reads no clock.
    const waited = s.now - first.now;
    const done = until === 'start' ? BigInt(head.timestamp) >= t.start : s.settledBelow > k;
    if (done) {
      cli.progress(null);
      const text = until === 'start'
        ? `period ${k} has started (block ${head.height}); meter readings for it are accepted until ${describeDuration(first.meterWindowMs)} after it ends`
        : `period ${k} is settled (block ${head.height}): see \`tesnode market trades --period ${k}\``;
      cli.emit({ period: k, until, height: head.height, waitedMs: waited }, () => text);
      return;
    }
    if (waited > timeoutMs) {
      cli.progress(null);
      throw cli.error('TIMEOUT', `gave up waiting for ${what} after ${describeDuration(timeoutMs)} (head block ${head.height}): is the node mining? Raise --timeout to wait longer`);
    }
    const left = Number(target) - s.now;
    cli.progress(`waiting for ${what}: ${left > 0 ? describeDuration(left) : 'due, waiting for the next block'} (head block ${head.height})`);
    await cli.sleep(POLL_MS);
  }
}
