import { CompileError } from './compileError.ts';
import type { TokenStream } from './tokenStream.ts';
import type { BinaryOp, Expr } from './ast.ts';

// Binary operators by precedence level, lowest first; all associate to the left.
const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Parses an expression: binary operators with the usual precedence, unary '-' and '!', calls, names, integers, parentheses. */
export function parseExpression(s: TokenStream): Expr {
  return parseLevel(s, 0);
}

function parseLevel(s: TokenStream, level: number): Expr {
  if (level === LEVELS.length) return parseUnary(s);
  let left = parseLevel(s, level + 1);
  // Each operator of a chain makes the tree one level deeper: count it as nesting, so that
  // the code generator's recursion over the tree stays bounded.
  let chain = 0;
  try {
    for (;;) {
      const t = s.peek();
      const op = LEVELS[level]!.find((o) => t.kind === 'symbol' && t.text === o);
      if (!op) return left;
      s.enter();
      chain++;
      s.next();
      const right = parseLevel(s, level + 1);
      left = { kind: 'binary', op, left, right, pos: { line: t.line, column: t.column } };
    }
  } finally {
    s.leave(chain);
  }
}

function parseUnary(s: TokenStream): Expr {
  const t = s.peek();
  if (s.accept('-') || s.accept('!')) {
    return { kind: 'unary', op: t.text as '-' | '!', expr: s.nested(() => parseUnary(s)), pos: { line: t.line, column: t.column } };
  }
  return parsePrimary(s);
}

function parsePrimary(s: TokenStream): Expr {
  const t = s.peek();
  const pos = { line: t.line, column: t.column };
  if (t.kind === 'int') {
    s.next();
    if (t.value! > (1n << 63n)) throw new CompileError(pos, `${t.text} does not fit in a 64-bit signed integer`);
    // 2^63 is only valid negated (-9223372036854775808); the code generator checks.
    return { kind: 'int', value: t.value!, pos };
  }
  if (t.kind === 'name') {
    s.next();
    if (!s.accept('(')) return { kind: 'name', name: t.text, pos };
    const args: Expr[] = [];
    if (!s.is(')')) {
      do args.push(s.nested(() => parseExpression(s)));
      while (s.accept(','));
    }
    s.expect(')', `to close the arguments of ${t.text}(`);
    return { kind: 'call', name: t.text, args, pos };
  }
  if (s.accept('(')) {
    const inner = s.nested(() => parseExpression(s));
    s.expect(')', 'to close the parenthesis');
    return inner;
  }
  return s.fail('expected an expression (a number, a name, a call or a parenthesis)');
}
