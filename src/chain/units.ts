/** A typed amount is not a valid TES amount; the message says what is wrong. */
export class AmountError extends Error {
  readonly code = 'BAD_AMOUNT';
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

/** µTES per TES: money on the chain is integer µTES (docs/protocol.md). */
export const MICRO_PER_TES = 1_000_000n;

/** Amounts must stay below 2^63 µTES so they fit a signed 64-bit field everywhere. */
export const MAX_MICRO_EXCLUSIVE = 1n << 63n;

// Digits, optionally a point and 1..6 more digits. Nothing else: no sign, no
// exponent, no spaces, no hex, no thousands separators.
const TES_PATTERN = /^\d+(\.\d{1,6})?$/;

// Long enough for any valid amount (19 integer digits + '.' + 6) with slack for
// leading zeros; longer inputs are rejected before BigInt touches them.
const MAX_INPUT_LENGTH = 64;

/**
 * Parse a user-typed TES amount ("1", "1.5", "0.000001") into exact µTES.
 * Throws AmountError (code 'BAD_AMOUNT') for anything that is not plain decimal digits with
 * at most 6 decimals, or that is 2^63 µTES or more.
 */
export function parseTes(text: string): bigint {
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH || !TES_PATTERN.test(text)) {
    throw badAmount(text, 'write it as plain digits with at most 6 decimals, e.g. 12 or 0.5 or 0.000001');
  }
  const [whole = '0', frac = ''] = text.split('.');
  const micro = BigInt(whole) * MICRO_PER_TES + BigInt(frac.padEnd(6, '0'));
  if (micro >= MAX_MICRO_EXCLUSIVE) {
    throw badAmount(text, `the largest amount is ${formatTes(MAX_MICRO_EXCLUSIVE - 1n)} TES`);
  }
  return micro;
}

/**
 * Format µTES as a TES decimal string with no trailing zeros: 1500000n → "1.5",
 * 1n → "0.000001", 0n → "0", -2500000n → "-2.5". Inverse of {@link parseTes}.
 */
export function formatTes(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const whole = abs / MICRO_PER_TES;
  const frac = (abs % MICRO_PER_TES).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}

function badAmount(text: unknown, fix: string): AmountError {
  const shown = typeof text === 'string' ? JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text) : String(text);
  return new AmountError(`invalid TES amount ${shown}: ${fix}`);
}
