import { VmError, type VmErrorCode } from './vmError.ts';
import { INT64_MAX, INT64_MIN, MAX_STACK } from './limits.ts';
import type { LogRecord, VmResult } from './runResult.ts';
import type { Program } from './program.ts';

// How a run stops: the interpreter's failure results, kept out of its loop's file.

/** A plain array of n stack values from `from` (faster than a subarray view for a few values). */
export function copyOut(stack: BigInt64Array, from: number, n: number): bigint[] {
  const out: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = stack[from + i]!;
  return out;
}

/** A value from the host or storage must be an int64 bigint; anything else is their bug, not the contract's. */
export function checkedValue(v: unknown, from: string): bigint {
  if (typeof v !== 'bigint' || v > INT64_MAX || v < INT64_MIN) throw new Error(`${from} returned ${String(v)}, not an int64 bigint`);
  return v;
}

/** A failed run's result, located at instruction pc (-1: before the first instruction). */
export function failure(p: Program, code: VmErrorCode, message: string, pc: number, gasUsed: number, logs: LogRecord[], extra: { hostCode?: string; abortCode?: bigint } = {}): VmResult {
  const at = pc >= 0 ? { fn: p.insFn[pc]!, offset: p.insOffset[pc]! } : undefined;
  const where = at ? ` (function ${at.fn}, byte ${at.offset})` : '';
  return { ok: false, error: new VmError(code, message + where, { ...extra, ...(at ? { at } : {}) }), gasUsed, logs };
}

/** STACK_UNDERFLOW at pc. */
export function underflow(p: Program, pc: number, gasUsed: number, logs: LogRecord[]): VmResult {
  return failure(p, 'STACK_UNDERFLOW', 'the instruction takes more values than its function has on the stack', pc, gasUsed, logs);
}

/** STACK_OVERFLOW at pc. */
export function overflow(p: Program, pc: number, gasUsed: number, logs: LogRecord[]): VmResult {
  return failure(p, 'STACK_OVERFLOW', `the stack holds at most ${MAX_STACK} values, locals included`, pc, gasUsed, logs);
}

/** OVERFLOW at pc: `what` is the operation that left int64. */
export function arith(p: Program, pc: number, gasUsed: number, logs: LogRecord[], what: string): VmResult {
  return failure(p, 'OVERFLOW', `${what} is outside int64; values are -2^63 .. 2^63-1 and never wrap`, pc, gasUsed, logs);
}

/** MEMORY_OUT_OF_RANGE at pc. */
export function memoryTrap(p: Program, pc: number, gasUsed: number, logs: LogRecord[], addr: bigint): VmResult {
  return failure(p, 'MEMORY_OUT_OF_RANGE', `memory address ${addr} is outside the contract's ${p.memoryWords} words`, pc, gasUsed, logs);
}
