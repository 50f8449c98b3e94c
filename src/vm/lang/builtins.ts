import { SIDE_BUY, SIDE_SELL, TIF_FOK, TIF_GTC, TIF_IOC, TIF_POST_ONLY } from '../hostFunctions.ts';
import { INT64_MAX, INT64_MIN, MAX_LOG_VALUES } from '../limits.ts';
import { Op } from '../opcodes.ts';

/** Constants every contract may use by name. */
export const BUILTIN_CONSTANTS: ReadonlyMap<string, bigint> = new Map([
  ['SELL', SIDE_SELL],
  ['BUY', SIDE_BUY],
  ['GTC', TIF_GTC],
  ['IOC', TIF_IOC],
  ['FOK', TIF_FOK],
  ['POST_ONLY', TIF_POST_ONLY],
  ['INT_MAX', INT64_MAX],
  ['INT_MIN', INT64_MIN],
]);

/** A built-in function compiled to one instruction: its opcode, arity range and results. */
export interface BuiltinFunction {
  readonly op: number;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly results: number;
  readonly usage: string;
}

/** Functions the VM provides itself (storage, logs, abort), beside the host functions. */
export const BUILTIN_FUNCTIONS: ReadonlyMap<string, BuiltinFunction> = new Map([
  ['storage_get', { op: Op.SGET, minArgs: 1, maxArgs: 1, results: 1, usage: 'storage_get(key)' }],
  ['storage_set', { op: Op.SSET, minArgs: 2, maxArgs: 2, results: 0, usage: 'storage_set(key, value)' }],
  ['log', { op: Op.LOG, minArgs: 1, maxArgs: MAX_LOG_VALUES, results: 0, usage: `log(value, ...) with 1 to ${MAX_LOG_VALUES} values` }],
  ['abort', { op: Op.ABORT, minArgs: 1, maxArgs: 1, results: 0, usage: 'abort(code)' }],
]);
