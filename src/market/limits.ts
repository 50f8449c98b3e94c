/**
 * The ranges of the market's quantities: one definition that the state transition
 * checks (checks.ts, ops/) and the command line checks before signing (cli.ts), so a
 * value the CLI accepts is never refused on chain for being out of range, and the
 * messages quote the same bounds.
 */

/** Largest quantity of one listing, pick or reading: 10^12 Wh (1 TWh). */
export const MAX_WH = 1_000_000_000_000n;
/** Largest price, stamp rate, reserve cost or FTR rate: 10^12 µTES/kWh (1,000,000 TES/kWh). */
export const MAX_PRICE = 1_000_000_000_000n;
/** Highest carbon intensity a seller may state, g CO2/kWh (above any real plant). */
export const MAX_CARBON = 2000;
/** Largest bond deposit in one transaction, µTES. */
export const MAX_BOND_DEPOSIT = 1n << 62n;
