/** One function of a contract: its parameters, its locals (parameters included) and its code. */
export interface ContractFunction {
  readonly params: number;
  readonly locals: number;
  readonly code: Uint8Array;
}

/** A named entry point: what a transaction or the standing-strategy hook may run. */
export interface ContractEntry {
  readonly name: string;
  /** Index of the function it runs. */
  readonly fn: number;
}

/**
 * A contract as the chain stores it (see encoding.ts for the bytes): a memory size,
 * a function table and the entry points, sorted by name.
 */
export interface Contract {
  readonly memoryWords: number;
  readonly functions: readonly ContractFunction[];
  readonly entries: readonly ContractEntry[];
}

/** The entry point the standing-strategy hook runs once per period, when a contract declares it. */
export const ON_PERIOD_ENTRY = 'on_period';
