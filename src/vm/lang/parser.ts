import { tokenize } from './tokenizer.ts';
import { TokenStream } from './tokenStream.ts';
import { parseExpression } from './parseExpression.ts';
import type { Binding, Expr, Item, Stmt } from './ast.ts';

/**
 * Parses a contract's source into top-level items:
 *   param NAME [= const-expr];  const NAME = const-expr;  let NAME;  [pub] fn NAME(a, b) { ... }
 * Throws CompileError with the line and column of the first problem and what was expected.
 */
export function parseProgram(source: string): Item[] {
  const s = new TokenStream(tokenize(source));
  const items: Item[] = [];
  while (s.peek().kind !== 'end') items.push(parseItem(s));
  return items;
}

function parseItem(s: TokenStream): Item {
  const t = s.peek();
  const pos = { line: t.line, column: t.column };
  if (s.accept('param')) {
    const name = s.expectName('a parameter name after param').text;
    const fallback = s.accept('=') ? parseExpression(s) : undefined;
    s.expect(';', 'after the parameter declaration');
    return { kind: 'param', name, fallback, pos };
  }
  if (s.accept('const')) {
    const name = s.expectName('a constant name after const').text;
    s.expect('=', `after const ${name}: a constant needs a value`);
    const value = parseExpression(s);
    s.expect(';', 'after the constant declaration');
    return { kind: 'const', name, value, pos };
  }
  if (s.accept('let')) {
    const name = s.expectName('a variable name after let').text;
    if (s.is('=')) s.fail(`expected ';' after let ${name}: a global variable starts at 0 in every run (use const for a fixed value, or storage to keep a value between runs)`);
    s.expect(';', 'after the global variable declaration');
    return { kind: 'global', name, pos };
  }
  const pub = s.accept('pub');
  if (s.accept('fn')) {
    const name = s.expectName('a function name after fn').text;
    s.expect('(', `after fn ${name} to start its parameter list`);
    const params: Binding[] = [];
    if (!s.is(')')) {
      do {
        const p = s.expectName('a parameter name');
        params.push({ name: p.text, pos: { line: p.line, column: p.column } });
      } while (s.accept(','));
    }
    s.expect(')', `to close the parameter list of ${name}`);
    return { kind: 'fn', name, pub, params, body: parseBlock(s, `the body of ${name}`), pos };
  }
  return s.fail(pub ? "expected 'fn' after 'pub'" : "expected a top-level declaration ('param', 'const', 'let', 'fn' or 'pub fn')");
}

function parseBlock(s: TokenStream, what: string): Stmt[] {
  s.expect('{', `to start ${what}`);
  const body: Stmt[] = [];
  while (!s.is('}')) {
    if (s.peek().kind === 'end') s.fail(`expected '}' to close ${what}`);
    body.push(s.nested(() => parseStatement(s)));
  }
  s.next();
  return body;
}

function parseStatement(s: TokenStream): Stmt {
  const t = s.peek();
  const pos = { line: t.line, column: t.column };
  if (s.accept('let')) {
    const names: Binding[] = [];
    do {
      const n = s.expectName('a variable name');
      names.push({ name: n.text, pos: { line: n.line, column: n.column } });
    } while (s.accept(','));
    s.expect('=', `after let ${names.map((n) => n.name).join(', ')}: a local variable needs a value`);
    const init = parseExpression(s);
    s.expect(';', 'after the let statement');
    return { kind: 'let', names, init, pos };
  }
  if (s.accept('if')) return parseIf(s, pos);
  if (s.accept('while')) {
    const cond = parseExpression(s);
    return { kind: 'while', cond, body: parseBlock(s, 'the body of the while loop'), pos };
  }
  if (s.accept('return')) {
    const value = s.is(';') ? undefined : parseExpression(s);
    s.expect(';', 'after the return statement');
    return { kind: 'return', value, pos };
  }
  if (s.accept('break') || s.accept('continue')) {
    s.expect(';', `after ${t.text}`);
    return { kind: t.text as 'break' | 'continue', pos };
  }
  if (t.kind === 'name' && s.peek(1).kind === 'symbol' && s.peek(1).text === '=') {
    s.next();
    s.next();
    const value = parseExpression(s);
    s.expect(';', 'after the assignment');
    return { kind: 'assign', name: t.text, value, pos };
  }
  if (t.kind === 'keyword') s.fail('expected a statement');
  const expr: Expr = parseExpression(s);
  s.expect(';', 'after the expression');
  return { kind: 'expr', expr, pos };
}

function parseIf(s: TokenStream, pos: { line: number; column: number }): Stmt {
  const cond = parseExpression(s);
  const then = parseBlock(s, 'the body of the if');
  let otherwise: Stmt[] | undefined;
  if (s.accept('else')) {
    const t = s.peek();
    otherwise = s.accept('if') ? [parseIf(s, { line: t.line, column: t.column })] : parseBlock(s, 'the else block');
  }
  return { kind: 'if', cond, then, otherwise, pos };
}
