import { CompileError } from './compileError.ts';
import { INT64_MAX, INT64_MIN } from '../limits.ts';
import type { BinaryOp, Expr } from './ast.ts';

/**
 * Evaluates an expression whose value is known when compiling (numbers and named
 * constants), with the VM's own rules: int64, trap on overflow and division by zero
 * (reported as compile errors). `lookup` gives a name's constant value or undefined;
 * returns undefined when the expression is not constant (it names a variable or calls).
 */
export function evalConst(e: Expr, lookup: (name: string) => bigint | undefined): bigint | undefined {
  switch (e.kind) {
    case 'int':
      if (e.value > INT64_MAX) throw new CompileError(e.pos, `${e.value} does not fit in a 64-bit signed integer (the largest is ${INT64_MAX})`);
      return e.value;
    case 'name':
      return lookup(e.name);
    case 'call':
      return undefined;
    case 'unary': {
      // -9223372036854775808 is the one literal that is only valid negated.
      if (e.op === '-' && e.expr.kind === 'int' && e.expr.value === -INT64_MIN) return INT64_MIN;
      const v = evalConst(e.expr, lookup);
      if (v === undefined) return undefined;
      if (e.op === '!') return v === 0n ? 1n : 0n;
      return checked(-v, e, `-(${v})`);
    }
    case 'binary': {
      const a = evalConst(e.left, lookup);
      const b = evalConst(e.right, lookup);
      if (a === undefined || b === undefined) return undefined;
      return binary(e.op, a, b, e);
    }
  }
}

function binary(op: BinaryOp, a: bigint, b: bigint, e: Expr): bigint {
  const bool = (x: boolean) => (x ? 1n : 0n);
  switch (op) {
    case '+': return checked(a + b, e, `${a} + ${b}`);
    case '-': return checked(a - b, e, `${a} - ${b}`);
    case '*': return checked(a * b, e, `${a} * ${b}`);
    case '/':
      if (b === 0n) throw new CompileError(e.pos, `division of ${a} by zero`);
      return checked(a / b, e, `${a} / ${b}`);
    case '%':
      if (b === 0n) throw new CompileError(e.pos, `remainder of ${a} by zero`);
      return a % b;
    case '==': return bool(a === b);
    case '!=': return bool(a !== b);
    case '<': return bool(a < b);
    case '<=': return bool(a <= b);
    case '>': return bool(a > b);
    case '>=': return bool(a >= b);
    case '&&': return bool(a !== 0n && b !== 0n);
    case '||': return bool(a !== 0n || b !== 0n);
  }
}

function checked(v: bigint, e: Expr, what: string): bigint {
  if (v > INT64_MAX || v < INT64_MIN) throw new CompileError(e.pos, `${what} is outside int64 (values are -2^63 .. 2^63-1)`);
  return v;
}
