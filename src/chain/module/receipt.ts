import { encode, type Encodable } from '../codec.ts';
import { sha256 } from '../hash.ts';
import { merkleRoot } from '../merkle.ts';
import type { FieldValue, Schema, ArgsOf } from './schema.ts';

/**
 * An event type: a name and the schema of its data. Modules declare theirs once
 * (`defineEvent`) and emit them through the operation context; the schema types the
 * data and tells RPC how to print it.
 */
export interface EventType<S extends Schema = Schema> {
  readonly name: string;
  readonly schema: S;
}

/** Declares an event type. Names are `area.what`, e.g. `market.tradeFormed`. */
export function defineEvent<S extends Schema>(name: string, schema: S): EventType<S> {
  return { name, schema };
}

/** One thing that happened while an operation ran: money or energy moved, a record created. */
export interface ChainEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, FieldValue>>;
}

/**
 * What a transaction did inside its block. A failed transaction still paid its fee: its
 * error code and message say why, and it has no result and no events. A successful one
 * carries the operation's result (the ids it created, amounts) and its events in order.
 */
export interface Receipt {
  readonly txHash: Uint8Array;
  /** Empty string on success, else the error code (e.g. 'INSUFFICIENT_FUNDS'). */
  readonly error: string;
  readonly message: string;
  /** The operation's return value, typed by its kind's result schema (empty on failure). */
  readonly result: Readonly<Record<string, FieldValue>>;
  readonly events: readonly ChainEvent[];
}

/** Collects events while an operation runs. */
export type EmitEvent = <S extends Schema>(type: EventType<S>, data: ArgsOf<S>) => void;

/** The canonical array form of a receipt: [txHash, error, message, result, [[type, data]…]]. */
export function receiptToWire(r: Receipt): Encodable[] {
  return [r.txHash, r.error, r.message, r.result as Record<string, Encodable>, r.events.map((e) => [e.type, e.data as Record<string, Encodable>])];
}

/** Reads a receipt back from its array form (our own database: trusted). */
export function receiptFromWire(v: unknown): Receipt {
  const [txHash, error, message, result, events] = v as [Uint8Array, string, string, Record<string, FieldValue>?, Array<[string, Record<string, FieldValue>]>?];
  return {
    txHash: new Uint8Array(txHash),
    error,
    message,
    result: result ?? {},
    events: (events ?? []).map(([type, data]) => ({ type, data })),
  };
}

/** The hash of one receipt: SHA-256 of its canonical encoding. */
export function receiptHash(r: Receipt): Uint8Array {
  return sha256(encode(receiptToWire(r)));
}

/** The receipt root a header commits to: a Merkle root over the receipts' hashes. */
export function computeReceiptRoot(receipts: readonly Receipt[]): Uint8Array {
  return merkleRoot(receipts.map(receiptHash));
}
