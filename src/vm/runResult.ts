import type { VmError } from './vmError.ts';

/** A log record: the values of one LOG instruction. */
export type LogRecord = readonly bigint[];

/**
 * How a run ended. On success: the entry function's return value. On failure: the
 * VmError that stopped it; the chain then reverts everything the run did through the host
 * and the storage (it checkpoints before the run), and keeps the gas. `gasUsed` is the gas
 * charged up to and including the instruction that stopped (all of it for OUT_OF_GAS).
 * `logs` are what the run logged; after a failure the chain keeps none of them.
 */
export type VmResult =
  | { readonly ok: true; readonly value: bigint; readonly gasUsed: number; readonly logs: readonly LogRecord[] }
  | { readonly ok: false; readonly error: VmError; readonly gasUsed: number; readonly logs: readonly LogRecord[] };
