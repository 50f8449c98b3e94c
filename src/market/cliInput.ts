import { parseTes } from '../chain/units.ts';
import { parseWhole } from '../chain/module/cliArgs.ts';
import { MAX_CARBON, MAX_PRICE, MAX_WH } from './limits.ts';
import { periodTimes, readStatus } from './cliWait.ts';
import { describeFromNow } from './timeText.ts';
import type { CliContext, SentTx } from '../chain/module/cliCommand.ts';
import type { Payload } from '../chain/types.ts';

/**
 * What the market's commands read from the command line, checked against the ranges the
 * chain applies (limits.ts) so nothing out of range is ever signed, and how they send:
 * a refusal for timing gets this node's clock added ("its gate closes in 41 s").
 */

/** A quantity in Wh, in the chain's range (1 Wh up to 10^12 Wh unless `min` says 0). */
export function parseWh(text: string, flag: string, min = 1n): bigint {
  return parseWhole(text, flag, { min, max: MAX_WH, unit: 'Wh' });
}

/** A price or rate in µTES/kWh; a decimal is taken for TES/kWh and answered with its µTES value. */
export function parsePrice(cli: CliContext, text: string, flag: string): bigint {
  if (/^\d*\.\d+$/.test(text)) {
    let hint = '';
    try {
      hint = `: ${text} TES/kWh is ${flag} ${parseTes(text.startsWith('.') ? `0${text}` : text)}`;
    } catch {
      // more than six decimals: no µTES value to suggest
    }
    throw cli.error('BAD_ARGUMENT', `${flag} is in µTES per kWh, a whole number from 1 to ${MAX_PRICE} (1 TES = 1,000,000 µTES)${hint}`);
  }
  return parseWhole(text, flag, { min: 1n, max: MAX_PRICE, unit: 'µTES per kWh' });
}

/** A TES amount above zero. */
export function parsePositiveTes(cli: CliContext, text: string, flag: string, what: string): bigint {
  const v = parseTes(text);
  if (v === 0n) throw cli.error('BAD_AMOUNT', `${flag} must be more than 0 TES: ${what} of nothing would still cost the fee`);
  return v;
}

/** "1 listing", "2 listings". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The error code of a failed RPC call or command (typed node errors carry it in data.code). */
export function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { code?: unknown } } | null;
  if (typeof e?.data?.code === 'string') return e.data.code;
  return typeof e?.code === 'string' ? e.code : undefined;
}

/**
 * Sends a market transaction; when the node refuses it for timing (gate closed, meter
 * window, dispatch closed), adds what this node's clock says: which period is open and
 * how long until its gate closes, or how long until the period starts.
 */
export async function sendTimed(cli: CliContext, kind: string, payload: Payload, describe?: (r: SentTx) => Promise<Record<string | symbol, unknown>>): Promise<SentTx> {
  try {
    return await cli.send(kind, payload, describe);
  } catch (err) {
    const code = codeOf(err);
    if (code !== 'GATE_CLOSED' && code !== 'METER_WINDOW' && code !== 'DISPATCH_CLOSED') throw err;
    const s = await readStatus(cli).catch(() => undefined);
    if (!s) throw err;
    let hint = `by this node's clock, period ${s.nextOpenPeriod} is the next open one and its gate closes ${describeFromNow(periodTimes(s, s.nextOpenPeriod).gate, s.now)}; \`tesnode market period --ahead 2\` names one with time to spare`;
    if (code === 'METER_WINDOW' && typeof payload.period === 'number') {
      const t = periodTimes(s, payload.period);
      hint = BigInt(s.now) < t.start
        ? `by this node's clock period ${payload.period} starts ${describeFromNow(t.start, s.now)}: \`tesnode market wait --period ${payload.period} --until start\` waits for it`
        : `by this node's clock period ${payload.period} ended ${describeFromNow(t.end, s.now)}`;
    }
    throw cli.error(code, `${(err as Error).message}\n${hint}`);
  }
}

/** Carbon intensity, g CO2/kWh, in the chain's range. */
export function parseCarbon(text: string): number {
  return Number(parseWhole(text, '--carbon', { min: 0n, max: BigInt(MAX_CARBON), unit: 'g CO2/kWh' }));
}

