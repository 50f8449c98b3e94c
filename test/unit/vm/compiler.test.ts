import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileContract, CompileError, type CompileOptions } from '../../../src/vm/lang/index.ts';
import { execute, type VmResult } from '../../../src/vm/interpreter.ts';
import { loadContract } from '../../../src/vm/program.ts';
import { createMemoryStorage, type MemoryStorage } from '../../../src/vm/storage.ts';
import { INT64_MAX, INT64_MIN } from '../../../src/vm/limits.ts';
import { FakeMarket } from './fakeHost.ts';
import { NO_HOST, outcome } from './run.ts';
import { disassemble } from '../../../src/vm/disassemble.ts';
import type { VmHost } from '../../../src/vm/hostFunctions.ts';

function run(source: string, entry = 'main', args: bigint[] = [], o: { params?: CompileOptions['params']; host?: VmHost; storage?: MemoryStorage; gas?: number } = {}): VmResult {
  const c = compileContract(source, { params: o.params ?? {} });
  return execute(loadContract(c.bytes), { entry, args, gasLimit: o.gas ?? 1_000_000, host: o.host ?? NO_HOST, storage: o.storage ?? createMemoryStorage() });
}

const value = (source: string, args: bigint[] = [], o: Parameters<typeof run>[3] = {}) => outcome(run(source, 'main', args, o));

describe('expressions', () => {
  it.each([
    ['a + b * c', 7n],
    ['(a + b) * c', 9n],
    ['c - b - a', 0n],
    ['c * 100 / b / c', 50n],
    ['-b * c', -6n],
    ['!a + 1', 1n],
    ['!(a - 1) + 1', 2n],
    ['a < b == 1', 1n],
    ['b + c < 6 && a', 1n],
    ['0 || a - 1 && 1', 0n],
    ['a || 0 && 0', 1n],
    ['c % b - -a', 2n],
    ['a <= 1 && b >= 2 && c > 2 && a != b && !(a == b)', 1n],
  ])('%s with a=1, b=2, c=3 is %d', (expr, want) => {
    const src = `pub fn main(a, b, c) { return ${expr}; }`;
    expect(value(src, [1n, 2n, 3n])).toBe(want);
  });

  it('traps at run time where constants would fail to compile', () => {
    expect(value('pub fn main(a) { return a + 1; }', [INT64_MAX])).toBe('OVERFLOW');
    expect(value('pub fn main(a) { return 10 / a; }', [0n])).toBe('DIV_BY_ZERO');
    expect(() => compileContract('pub fn main() { return INT_MAX + 1; }')).toThrow(/^1:32: 9223372036854775807 \+ 1 is outside int64/);
    expect(() => compileContract('pub fn main() { return 1 % 0; }')).toThrow(/^1:26: remainder of 1 by zero/);
  });

  it('reads the full int64 range as literals', () => {
    expect(value('pub fn main() { return -9223372036854775808; }')).toBe(INT64_MIN);
    expect(value('pub fn main() { return 9_223_372_036_854_775_807; }')).toBe(INT64_MAX);
    expect(() => compileContract('pub fn main() { return 9223372036854775808; }')).toThrow(/^1:24: 9223372036854775808 does not fit/);
  });

  it('&& and || short-circuit: the right side does not run when the left decides', () => {
    const src = `
      fn mark(k) { storage_set(k, 1); return 1; }
      pub fn main(a) { let x = a && mark(1); let y = a || mark(2); return x * 10 + y; }`;
    const s0 = createMemoryStorage();
    expect(value(src, [0n], { storage: s0 })).toBe(1n);
    expect(s0.entries()).toEqual([[2n, 1n]]);
    const s5 = createMemoryStorage();
    expect(value(src, [5n], { storage: s5 })).toBe(11n);
    expect(s5.entries()).toEqual([[1n, 1n]]);
  });

  it('compiled arithmetic agrees with a reference evaluator on random expressions', () => {
    type E = { src: string; v: (a: bigint, b: bigint) => bigint | 'trap' };
    const lift = (f: (x: bigint, y: bigint) => bigint | 'trap') => (x: bigint | 'trap', y: bigint | 'trap') => (x === 'trap' || y === 'trap' ? 'trap' : f(x, y));
    const fit = (r: bigint) => (r > INT64_MAX || r < INT64_MIN ? 'trap' : r);
    const ops: Record<string, (x: bigint, y: bigint) => bigint | 'trap'> = {
      '+': (x, y) => fit(x + y), '-': (x, y) => fit(x - y), '*': (x, y) => fit(x * y),
      '/': (x, y) => (y === 0n ? 'trap' : fit(x / y)), '%': (x, y) => (y === 0n ? 'trap' : x % y),
      '<': (x, y) => (x < y ? 1n : 0n), '==': (x, y) => (x === y ? 1n : 0n), '>=': (x, y) => (x >= y ? 1n : 0n),
    };
    const { expr } = fc.letrec<{ expr: E }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom<E>({ src: 'a', v: (a) => a }, { src: 'b', v: (_, b) => b }),
        fc.bigInt({ min: -1000n, max: 1000n }).map((n): E => ({ src: `(${n})`, v: () => n })),
        fc.record({ op: fc.constantFrom(...Object.keys(ops)), l: tie('expr'), r: tie('expr') }).map(({ op, l, r }): E => ({
          src: `(${l.src} ${op} ${r.src})`,
          v: (a, b) => lift(ops[op]!)(l.v(a, b), r.v(a, b)),
        })),
      ),
    }));
    const arg = fc.oneof(fc.bigInt({ min: -50n, max: 50n }), fc.constantFrom(INT64_MAX, INT64_MIN));
    fc.assert(
      fc.property(expr, arg, arg, (e, a, b) => {
        const want = e.v(a, b);
        let got: bigint | string;
        try {
          got = value(`pub fn main(a, b) { return ${e.src}; }`, [a, b]);
        } catch (err) {
          // a constant sub-expression that traps is a compile error, as it must be
          if (!(err instanceof CompileError)) throw err;
          got = 'trap';
        }
        expect(got === 'OVERFLOW' || got === 'DIV_BY_ZERO' ? 'trap' : got).toBe(want);
      }),
      { seed: 20261103, numRuns: 400 },
    );
  });
});

describe('statements and functions', () => {
  it('if / else if / else', () => {
    const src = 'pub fn main(x) { if x < 0 { return -1; } else if x == 0 { return 0; } else { return 1; } }';
    expect([value(src, [-5n]), value(src, [0n]), value(src, [9n])]).toEqual([-1n, 0n, 1n]);
  });
  it('while with break and continue', () => {
    const src = `pub fn main(n) {
      let i = 0; let sum = 0;
      while 1 {
        i = i + 1;
        if i > n { break; }
        if i % 2 == 0 { continue; }
        sum = sum + i;
      }
      return sum;
    }`;
    expect(value(src, [10n])).toBe(25n);
  });
  it('constant conditions compile to no test (the code they guard is still checked)', () => {
    const c = compileContract('const DEBUG = 0; pub fn main(n) { let i = 0; while 1 { i = i + 1; if i >= n { break; } } if DEBUG { log(i); } return i; }');
    const listing = disassemble(c.contract);
    expect(listing.split('\n').filter((l) => l.includes('JUMPZ')).length).toBe(1);
    expect(value('pub fn main(n) { let i = 0; while 1 { i = i + 1; if i >= n { break; } } return i; }', [7n])).toBe(7n);
  });
  it('functions call each other, forward and recursively; falling off the end returns 0', () => {
    const src = `
      pub fn main(n) { return fib(n) * 1000 + nothing(); }
      fn fib(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }
      fn nothing() { let x = 5; }`;
    expect(value(src, [15n])).toBe(610_000n);
  });
  it('globals are shared by the functions of a run and start at 0 in every run', () => {
    const src = 'let count; fn bump() { count = count + 1; return count; } pub fn main() { bump(); bump(); return bump(); }';
    const c = compileContract(src);
    expect(c.contract.memoryWords).toBe(1);
    const p = loadContract(c.bytes);
    for (let i = 0; i < 2; i++) expect(outcome(execute(p, { entry: 'main', args: [], gasLimit: 10_000, host: NO_HOST, storage: createMemoryStorage() }))).toBe(3n);
  });
  it('storage keeps values between runs; log records values; abort stops with its code', () => {
    const src = 'pub fn main() { let n = storage_get(7) + 1; storage_set(7, n); log(n, n * 2); if n == 3 { abort(33); } return n; }';
    const storage = createMemoryStorage();
    expect(run(src, 'main', [], { storage })).toMatchObject({ ok: true, value: 1n, logs: [[1n, 2n]] });
    expect(outcome(run(src, 'main', [], { storage }))).toBe(2n);
    const r = run(src, 'main', [], { storage });
    expect(!r.ok && r.error.abortCode).toBe(33n);
  });
  it('block-scoped locals reuse slots once their block ends', () => {
    const src = `pub fn main() {
      let total = 0;
      if 1 { let a = 1; let b = 2; total = total + a + b; }
      if 1 { let c = 3; let d = 4; total = total + c + d; }
      return total;
    }`;
    const c = compileContract(src);
    expect(c.contract.functions[0]!.locals).toBe(3);
    expect(value(src)).toBe(10n);
  });
  it('host functions are called by name; several results are taken with let a, b = ...', () => {
    const m = new FakeMarket();
    m.offer('sell', 11n, 700n, 100n, 5n);
    const src = `pub fn main() {
      let p = first_open_period();
      let id, wh, landed, price = book_offer(p, SELL, 0);
      book_offer(p, SELL, 0); // results dropped
      return book_count(p, SELL) * 1000000 + wh * 1000 + landed - price;
    }`;
    expect(value(src, [], { host: m })).toBe(1_700_005n);
    expect(m.calls.map((c) => c.name)).toEqual(['first_open_period', 'book_offer', 'book_offer', 'book_count']);
  });
  it('the disassembly shows what the compiler emitted, host calls by name', () => {
    const c = compileContract('pub fn main(p) { let id, wh, landed, price = book_offer(p, SELL, 0); return landed; }');
    const listing = disassemble(c.contract);
    expect(listing).toContain('entry main -> fn 0');
    expect(listing).toContain(`HOST 17 (book_offer)`);
    expect(listing.split('\n').filter((l) => l.includes('LSET')).length).toBe(4);
  });
  it('entry points are the pub functions, sorted by name, with their parameter names', () => {
    const c = compileContract('pub fn zeta(a, b) {} fn helper() {} pub fn on_period() {} pub fn alpha() {}');
    expect(c.entries).toEqual([{ name: 'alpha', params: [] }, { name: 'on_period', params: [] }, { name: 'zeta', params: ['a', 'b'] }]);
    expect(c.contract.entries.map((e) => e.fn)).toEqual([3, 2, 0]);
  });
});

describe('template parameters and constants', () => {
  const src = 'param limit;\nparam lot = limit / 2;\nconst TWICE = limit * 2;\npub fn main() { return TWICE * 1000 + lot; }';
  it('takes parameter values as integers or decimal text, and defaults', () => {
    expect(value(src, [], { params: { limit: 10 } })).toBe(20_005n);
    expect(value(src, [], { params: { limit: '1_000', lot: -3n } })).toBe(2_000_000n - 3n);
    expect(compileContract(src, { params: { limit: 8 } }).params).toEqual(new Map([['limit', 8n], ['lot', 4n]]));
  });
  it('a missing parameter is an error naming it at its declaration', () => {
    expect(() => compileContract(src)).toThrow(/^1:1: missing parameter 'limit': give it a value when compiling/);
  });
  it('an unknown parameter is an error naming it and the declared ones', () => {
    expect(() => compileContract(src, { params: { limit: 1, limt: 2 } })).toThrow("unknown parameter 'limt': the source has no 'param limt;' (it declares: limit, lot)");
  });
  it('a parameter value that is not an int64 is an error naming it', () => {
    expect(() => compileContract(src, { params: { limit: '12.5' } })).toThrow(/^1:1: parameter 'limit' must be an integer, got '12.5'/);
    expect(() => compileContract(src, { params: { limit: 2n ** 63n } })).toThrow(/parameter 'limit' = 9223372036854775808 does not fit/);
  });
  it('a constant must be known when compiling', () => {
    expect(() => compileContract('const X = now_period();\npub fn main() {}')).toThrow(/^1:11: the value of X must be known when compiling/);
  });
});

describe('compile errors carry line, column and what was expected', () => {
  it('absurdly deep nesting is a compile error, not a crash', () => {
    const deep = `pub fn main() { return ${'('.repeat(5000)}1${')'.repeat(5000)}; }`;
    expect(() => compileContract(deep)).toThrow(/^1:\d+: nesting deeper than 200 levels/);
    const blocks = `pub fn main() { ${'if 1 { '.repeat(300)}${'}'.repeat(300)} }`;
    expect(() => compileContract(blocks)).toThrow(CompileError);
    expect(() => compileContract(`pub fn main() { return ${'-'.repeat(5000)}1; }`)).toThrow(CompileError);
    expect(() => compileContract(`pub fn main(a) { return a${' + a'.repeat(50_000)}; }`)).toThrow(/counting operators in a chain/);
    expect(value(`pub fn main(a) { return a${' + a'.repeat(150)}; }`, [2n])).toBe(302n);
  });

  const cases: Array<[string, number, number, string]> = [
    ['pub fn main() {\n  return 1\n}', 3, 1, "expected ';' after the return statement, found '}'"],
    ['pub fn main() {\n  let x = ;\n}', 2, 11, "expected an expression (a number, a name, a call or a parenthesis), found ';'"],
    ['pub fn main() {\n  return y;\n}', 2, 10, "unknown name 'y': declare it with let, const or param"],
    ['pub fn main() { boo(1); }', 1, 17, "unknown function 'boo': not declared in this contract, nor a built-in or host function"],
    ['pub fn main() { return book_count(1); }', 1, 24, 'book_count takes 2 arguments: book_count(period, side); got 1'],
    ['pub fn main() { return book_offer(1, SELL, 0); }', 1, 24, 'book_offer returns 4 values (id, wh, landed, price); take them with let id, wh, landed, price = book_offer(...);'],
    ['pub fn main() { let a, b = book_offer(1, SELL, 0); }', 1, 28, 'book_offer returns 4 values (id, wh, landed, price), but 2 names are given'],
    ['pub fn main() { return cancel(1); }', 1, 24, 'cancel returns no value; call it as a statement'],
    ['pub fn main() { x = 1; }', 1, 17, "unknown variable 'x': declare it first with let x = ...;"],
    ['param p = 1;\npub fn main() { p = 2; }', 2, 17, "'p' is a parameter (fixed when compiling); it cannot be assigned"],
    ['pub fn main(a) { let a = 1; }', 1, 22, "'a' is already declared at 1:13; choose another name"],
    ['pub fn main() { break; }', 1, 17, 'break outside a while loop'],
    ['pub fn main() { return 1 & 2; }', 1, 26, "unexpected character '&' (logical operators are '&&' and '||')"],
    ['pub fn main() { return 12abc; }', 1, 24, "a number runs into a name ('12a'); put a space or an operator between them"],
    ['let g = 5;', 1, 7, "expected ';' after let g: a global variable starts at 0 in every run (use const for a fixed value, or storage to keep a value between runs), found '='"],
    ['fn on_period() {}', 1, 1, 'on_period is run by the standing-strategy hook with no arguments: declare it as pub fn on_period()'],
    ['fn helper() {}', 1, 1, 'the contract has no entry point: mark the functions a transaction or the period hook may run with pub, as in pub fn on_period() { ... }'],
    ['pub fn main(a) { a + 1; }', 1, 18, 'expected a statement: a value on its own does nothing (assign it with let or =, or call a function)'],
    ['pub fn main() {\n  let x = 1;\n', 3, 1, "expected '}' to close the body of main, found the end of the source"],
    ['pub fn main() { if 1 { } else return; }', 1, 31, "expected '{' to start the else block, found 'return'"],
    ['pub fn pick() {}', 1, 1, "'pick' is the name of a host function; choose another name"],
    ['pub fn main() {}\nfn main() {}', 2, 1, "'main' is already declared at 1:1"],
    ['pub fn main() { let let = 1; }', 1, 21, "expected a variable name ('let' is a reserved word), found 'let'"],
    ['pub fn Main() {}', 1, 1, "entry point 'Main' must be named with a-z, 0-9 and _"],
    ['pub fn main() { return SELL(1); }', 1, 24, "'SELL' is not a function"],
    ['pub fn main() { return main; }', 1, 24, "'main' is a function: call it as main(...)"],
  ];
  it.each(cases)('%j -> %i:%i', (src, line, column, reason) => {
    let err: unknown;
    try {
      compileContract(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    const e = err as CompileError;
    expect(e.reason.startsWith(reason), `${e.message}`).toBe(true);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message.startsWith(`${line}:${column}: `)).toBe(true);
  });
});
