import { CompileError } from './compileError.ts';
import { parseProgram } from './parser.ts';
import { collectSymbols, type ParamValue } from './symbols.ts';
import { compileFunction } from './codegenFunction.ts';
import { encodeContract } from '../encoding.ts';
import { loadContract } from '../program.ts';
import { VmError } from '../vmError.ts';
import { ON_PERIOD_ENTRY, type Contract } from '../contract.ts';
import { MAX_ENTRY_NAME } from '../limits.ts';

/** What the compiler produces: the bytes the chain stores, and a description of them. */
export interface CompiledContract {
  /** The canonical encoding (what a deploy transaction carries). */
  readonly bytes: Uint8Array;
  readonly contract: Contract;
  /** Entry points with their parameter names, sorted by name. */
  readonly entries: ReadonlyArray<{ readonly name: string; readonly params: readonly string[] }>;
  /** The value each template parameter got. */
  readonly params: ReadonlyMap<string, bigint>;
}

/** Compile options: values for the source's `param` declarations. */
export interface CompileOptions {
  readonly params?: Readonly<Record<string, ParamValue>>;
}

const ENTRY_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Compiles contract source to bytecode, off chain. Functions marked `pub` become entry
 * points (a `pub fn on_period()` is what the standing-strategy hook runs each period);
 * template parameters take their values from `options.params`. Throws CompileError with
 * the line and column of the first problem. The result is checked by the VM's own loader,
 * so it always deploys.
 */
export function compileContract(source: string, options: CompileOptions = {}): CompiledContract {
  const items = parseProgram(source);
  const symbols = collectSymbols(items, options.params ?? {});
  const entries: Array<{ name: string; fn: number; params: string[] }> = [];
  for (const [index, fn] of symbols.functions.entries()) {
    if (fn.name === ON_PERIOD_ENTRY && (!fn.pub || fn.params.length > 0)) {
      throw new CompileError(fn.pos, `${ON_PERIOD_ENTRY} is run by the standing-strategy hook with no arguments: declare it as pub fn ${ON_PERIOD_ENTRY}()`);
    }
    if (!fn.pub) continue;
    if (!ENTRY_NAME.test(fn.name) || fn.name.length > MAX_ENTRY_NAME) {
      throw new CompileError(fn.pos, `entry point '${fn.name}' must be named with a-z, 0-9 and _ (at most ${MAX_ENTRY_NAME} characters), as transactions call it by name`);
    }
    entries.push({ name: fn.name, fn: index, params: fn.params.map((p) => p.name) });
  }
  if (entries.length === 0) throw new CompileError({ line: 1, column: 1 }, 'the contract has no entry point: mark the functions a transaction or the period hook may run with pub, as in pub fn on_period() { ... }');
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const contract: Contract = {
    memoryWords: symbols.globals,
    functions: symbols.functions.map((fn) => compileFunction(symbols, fn)),
    entries: entries.map((e) => ({ name: e.name, fn: e.fn })),
  };
  let bytes: Uint8Array;
  try {
    bytes = encodeContract(contract);
  } catch (e) {
    if (e instanceof VmError && e.code === 'TOO_LARGE') throw new CompileError(undefined, `the contract is too large: ${e.message}`);
    throw e;
  }
  try {
    loadContract(bytes);
  } catch (e) {
    // The code generator only emits what validation accepts; reaching this is a compiler bug.
    throw new Error(`compiler bug: the VM rejects the compiled contract: ${(e as Error).message}`, { cause: e });
  }
  return { bytes, contract, entries: entries.map((e) => ({ name: e.name, params: e.params })), params: symbols.params };
}
