import { CompileError, type SourcePos } from './compileError.ts';
import { BUILTIN_CONSTANTS, BUILTIN_FUNCTIONS } from './builtins.ts';
import { HOST_BY_NAME } from '../hostFunctions.ts';
import { INT64_MAX, INT64_MIN, MAX_MEMORY_WORDS } from '../limits.ts';
import { evalConst } from './constEval.ts';
import type { Item } from './ast.ts';

/** A top-level name: a constant (param, const or built-in), a global variable (a memory word) or a function. */
export type TopSymbol =
  | { readonly kind: 'const' | 'param' | 'builtin'; readonly value: bigint; readonly pos: SourcePos | undefined }
  | { readonly kind: 'global'; readonly slot: number; readonly pos: SourcePos }
  | { readonly kind: 'fn'; readonly index: number; readonly item: Extract<Item, { kind: 'fn' }>; readonly pos: SourcePos };

/** What a contract declares at the top level, with parameter and constant values worked out. */
export interface ProgramSymbols {
  readonly names: ReadonlyMap<string, TopSymbol>;
  readonly functions: readonly Extract<Item, { kind: 'fn' }>[];
  readonly globals: number;
  /** The value each declared parameter got. */
  readonly params: ReadonlyMap<string, bigint>;
}

/** A value given for a template parameter: an integer, or its decimal text. */
export type ParamValue = bigint | number | string;

/**
 * Collects the top-level declarations, gives every `param` its value (from `given`, else
 * its default) and evaluates every `const`, in source order. Fails on a name declared
 * twice or taken by a built-in or host function, a parameter given but not declared, a
 * parameter declared without default and not given, or a value that is not an int64.
 */
export function collectSymbols(items: readonly Item[], given: Readonly<Record<string, ParamValue>>): ProgramSymbols {
  const names = new Map<string, TopSymbol>([...BUILTIN_CONSTANTS].map(([n, value]) => [n, { kind: 'builtin', value, pos: undefined }]));
  const declared = items.filter((i) => i.kind === 'param').map((i) => i.name);
  for (const name of Object.keys(given).sort()) {
    if (!declared.includes(name)) {
      const known = declared.length ? `it declares: ${declared.join(', ')}` : 'it declares none';
      throw new CompileError(undefined, `unknown parameter '${name}': the source has no 'param ${name};' (${known})`);
    }
  }
  const lookup = (n: string) => {
    const s = names.get(n);
    return s && (s.kind === 'const' || s.kind === 'param' || s.kind === 'builtin') ? s.value : undefined;
  };
  const functions: Extract<Item, { kind: 'fn' }>[] = [];
  const params = new Map<string, bigint>();
  let globals = 0;
  const claim = (name: string, pos: SourcePos) => {
    const old = names.get(name);
    if (old) throw new CompileError(pos, old.pos ? `'${name}' is already declared at ${old.pos.line}:${old.pos.column}` : `'${name}' is a built-in constant; choose another name`);
    if (BUILTIN_FUNCTIONS.has(name) || HOST_BY_NAME.has(name)) throw new CompileError(pos, `'${name}' is the name of a ${BUILTIN_FUNCTIONS.has(name) ? 'built-in' : 'host'} function; choose another name`);
  };
  // Functions first, so that calls may come before the function they call.
  for (const item of items) {
    if (item.kind !== 'fn') continue;
    claim(item.name, item.pos);
    names.set(item.name, { kind: 'fn', index: functions.length, item, pos: item.pos });
    functions.push(item);
  }
  for (const item of items) {
    if (item.kind === 'param') {
      claim(item.name, item.pos);
      const value = item.name in given ? paramValue(item.name, given[item.name]!, item.pos) : item.fallback ? constant(item.fallback, lookup, `the default of parameter ${item.name}`) : undefined;
      if (value === undefined) throw new CompileError(item.pos, `missing parameter '${item.name}': give it a value when compiling (e.g. ${item.name}=100), or declare a default with 'param ${item.name} = <value>;'`);
      names.set(item.name, { kind: 'param', value, pos: item.pos });
      params.set(item.name, value);
    } else if (item.kind === 'const') {
      claim(item.name, item.pos);
      names.set(item.name, { kind: 'const', value: constant(item.value, lookup, `the value of ${item.name}`), pos: item.pos });
    } else if (item.kind === 'global') {
      claim(item.name, item.pos);
      if (globals >= MAX_MEMORY_WORDS) throw new CompileError(item.pos, `a contract has at most ${MAX_MEMORY_WORDS} global variables`);
      names.set(item.name, { kind: 'global', slot: globals++, pos: item.pos });
    }
  }
  return { names, functions, globals, params };
}

function constant(e: Parameters<typeof evalConst>[0], lookup: (n: string) => bigint | undefined, what: string): bigint {
  const v = evalConst(e, lookup);
  if (v === undefined) throw new CompileError(e.pos, `${what} must be known when compiling: use numbers, parameters and constants declared above it, no variables or calls`);
  return v;
}

function paramValue(name: string, v: ParamValue, pos: SourcePos): bigint {
  let n: bigint | undefined;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^-?[0-9](_?[0-9])*$/.test(v.trim())) n = BigInt(v.trim().replaceAll('_', ''));
  if (n === undefined) throw new CompileError(pos, `parameter '${name}' must be an integer, got '${String(v)}'`);
  if (n > INT64_MAX || n < INT64_MIN) throw new CompileError(pos, `parameter '${name}' = ${n} does not fit in a 64-bit signed integer`);
  return n;
}
