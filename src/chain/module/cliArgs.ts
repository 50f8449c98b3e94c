/**
 * Pure helpers for module commands: reading numbers the user typed, with messages that
 * name the flag and the range, and aligning "key: value" lines for human output.
 */

/** A command-line value is wrong; the message names the flag and what it must be. */
export class ArgumentError extends Error {
  readonly code = 'BAD_ARGUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** A whole number from `min` to `max`, as bigint; `unit` is named in the message (e.g. 'Wh'). */
export function parseWhole(text: string, flag: string, opts: { min?: bigint; max?: bigint; unit?: string } = {}): bigint {
  const min = opts.min ?? 0n;
  const max = opts.max ?? 1n << 62n;
  const unit = opts.unit ? ` ${opts.unit}` : '';
  if (!/^\d{1,19}$/.test(text) || BigInt(text) < min || BigInt(text) > max) {
    throw new ArgumentError(`${flag} ${JSON.stringify(text)} must be a whole number of${unit || ' units'} from ${min} to ${max}`);
  }
  return BigInt(text);
}

/** A small whole number (ids, periods, scores) from `min` (default 0) to 2^32 − 1. */
export function parseId(text: string, flag: string, min = 0): number {
  return Number(parseWhole(text, flag, { min: BigInt(min), max: 0xffffffffn }));
}

/** Aligns "key: value" lines for human output. */
export function table(rows: ReadonlyArray<readonly [string, unknown]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${(k + ':').padEnd(width + 2)}${String(v)}`).join('\n');
}
