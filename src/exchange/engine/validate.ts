import { ExchangeError } from './exchangeError.ts';
import { TIME_IN_FORCE, type Arrival, type FeeSchedule, type Side } from './types.ts';

/** Largest order quantity (Wh): 2^63 − 1, so every record field fits a signed 64-bit integer. */
export const MAX_WH = (1n << 63n) - 1n;
/** Largest price (µTES/kWh), for the same reason. */
export const MAX_PRICE = (1n << 62n) - 1n;
const U32 = 0xffff_ffff;

/** What every order carries, checked the same way for both venues. */
export interface OrderFields {
  readonly period: number;
  readonly side: Side;
  readonly owner: string;
  readonly region: string;
  readonly wh: bigint;
  readonly price: bigint;
  readonly arrival: Arrival;
}

/** Throws BAD_ORDER or UNKNOWN_REGION for an order that cannot be placed. */
export function validateOrderFields(o: OrderFields, fees: FeeSchedule): void {
  validatePeriod(o.period);
  if (o.side !== 'buy' && o.side !== 'sell') throw new ExchangeError('BAD_ORDER', `side '${String(o.side)}' must be 'buy' or 'sell'`);
  validateName(o.owner, 'owner');
  validateName(o.region, 'region');
  validateQuantity(o.wh);
  validatePrice(o.price);
  validateArrival(o.arrival);
  if (fees.stampSum(o.region, o.region) === null) throw new ExchangeError('UNKNOWN_REGION', `region '${o.region}' is not on the grid; use one of the grid's regions`);
}

/** Throws BAD_ORDER for a period that is not a u32. */
export function validatePeriod(period: number): void {
  if (!isU32(period)) throw new ExchangeError('BAD_ORDER', `period ${String(period)} must be an integer from 0 to ${U32}`);
}

/** Throws BAD_ORDER for a time-in-force the engine does not know. */
export function validateTif(tif: unknown): void {
  if (!TIME_IN_FORCE.includes(tif as never)) throw new ExchangeError('BAD_ORDER', `time-in-force '${String(tif)}' must be one of ${TIME_IN_FORCE.join(', ')}`);
}

/** Throws BAD_ORDER unless 1 <= wh <= MAX_WH. */
export function validateQuantity(wh: bigint): void {
  if (typeof wh !== 'bigint' || wh < 1n || wh > MAX_WH) throw new ExchangeError('BAD_ORDER', `quantity ${String(wh)} Wh must be from 1 to ${MAX_WH}`);
}

/** Throws BAD_ORDER unless 0 <= price <= MAX_PRICE. */
export function validatePrice(price: bigint): void {
  if (typeof price !== 'bigint' || price < 0n || price > MAX_PRICE) throw new ExchangeError('BAD_ORDER', `price ${String(price)} µTES/kWh must be from 0 to ${MAX_PRICE}`);
}

/** Throws BAD_ORDER for a height or transaction index that is not a u32. */
export function validateArrival(a: Arrival): void {
  if (!a || !isU32(a.height) || !isU32(a.txIndex)) throw new ExchangeError('BAD_ORDER', 'arrival must be { height, txIndex } with integers from 0 to 2^32 − 1');
}

/** Throws BAD_ORDER for an owner or region that is empty, too long, or holds a '/'. */
export function validateName(v: string, what: string): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > 128 || v.includes('/')) {
    throw new ExchangeError('BAD_ORDER', `${what} '${String(v)}' must be 1 to 128 characters without '/'`);
  }
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= U32;
}
