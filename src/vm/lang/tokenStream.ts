import { CompileError } from './compileError.ts';
import { describe, type Token } from './tokenizer.ts';

/** Blocks, parentheses and unary operators nest at most this deep. */
export const MAX_NESTING = 200;

/** A cursor over tokens for the recursive-descent parser. */
export class TokenStream {
  private readonly tokens: readonly Token[];
  private at = 0;
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  /** The current token (the 'end' token once all are consumed). */
  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)]!;
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const t = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return t;
  }

  /** Whether the current token is the symbol or keyword `text`. */
  is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'symbol' || t.kind === 'keyword') && t.text === text;
  }

  /** Consumes the symbol or keyword `text` if it is next. */
  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }

  /** Consumes the symbol or keyword `text`, or fails saying what was expected where. */
  expect(text: string, context: string): Token {
    if (!this.is(text)) this.fail(`expected '${text}' ${context}`);
    return this.next();
  }

  /** Consumes a name, or fails saying what was expected. */
  expectName(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'name') {
      const reserved = t.kind === 'keyword' ? ` ('${t.text}' is a reserved word)` : '';
      this.fail(`expected ${what}${reserved}`);
    }
    return this.next();
  }

  /**
   * Runs `parse` one nesting level deeper (a block, a parenthesis, a unary operator), so
   * that absurdly deep source gets a compile error rather than exhausting the parser's stack.
   */
  nested<T>(parse: () => T): T {
    this.enter();
    try {
      return parse();
    } finally {
      this.leave(1);
    }
  }

  /** One level deeper (also one more operator in a chain such as a + b + c). */
  enter(): void {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels (counting operators in a chain): expected simpler code, split it with let`);
  }

  /** Back `levels` levels. */
  leave(levels: number): void {
    this.depth -= levels;
  }

  /** Throws a CompileError at the current token: "<expected>, found <token>". */
  fail(expected: string): never {
    const t = this.peek();
    throw new CompileError(t, `${expected}, found ${describe(t)}`);
  }
}
