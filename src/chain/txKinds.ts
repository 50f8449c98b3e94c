import { F, type FieldSpec } from './payloadFields.ts';
import { MARKET_TX_KINDS } from '../market/txKinds.ts';

/**
 * Payload schemas of every transaction kind, in field order. The wire decoder, the RPC
 * and the CLI all read payloads through this table, so a kind is declared once.
 * Kinds of other modules (market, credit, contracts) are merged in here.
 */
export const TX_KINDS: Readonly<Record<string, readonly FieldSpec[]>> = {
  /** Moves µTES from the sender to another account. */
  transfer: [
    { name: 'to', type: F.address },
    { name: 'amount', type: F.amount },
  ],
  // Listed trading (src/market): registration, bonds, listings, picks, dispatch, metering.
  ...MARKET_TX_KINDS,
};

/** The schema of a kind, or undefined for an unknown kind. */
export function getKindSchema(kind: string): readonly FieldSpec[] | undefined {
  return Object.hasOwn(TX_KINDS, kind) ? TX_KINDS[kind] : undefined;
}
