import { CompileError, type SourcePos } from './compileError.ts';

/** The words the language reserves. */
export const KEYWORDS = ['param', 'const', 'let', 'fn', 'pub', 'if', 'else', 'while', 'return', 'break', 'continue'] as const;

/** Operators and punctuation, longest first so that '<=' wins over '<'. */
const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '(', ')', '{', '}', ',', ';', '=', '+', '-', '*', '/', '%', '<', '>', '!'] as const;

/** One token: an integer, a name, a keyword, a symbol, or the end of the source. */
export interface Token extends SourcePos {
  readonly kind: 'int' | 'name' | 'keyword' | 'symbol' | 'end';
  readonly text: string;
  /** For 'int': the value (0 .. 2^63-1, checked later where it is used). */
  readonly value?: bigint;
}

/** How a token reads in an error message. */
export function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the source' : `'${t.text}'`;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameChar = (c: string) => isNameStart(c) || isDigit(c);

/**
 * Splits source into tokens. Integers are decimal, with optional '_' between digits
 * (1_000_000); '//' starts a comment to the end of the line. Throws CompileError at the
 * first character that starts no token.
 */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < source.length) {
    const c = source[i]!;
    const pos = { line, column: i - lineStart + 1 };
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (isDigit(c)) {
      let j = i;
      while (j < source.length && (isDigit(source[j]!) || source[j] === '_')) j++;
      const text = source.slice(i, j);
      if (j < source.length && isNameStart(source[j]!)) throw new CompileError(pos, `a number runs into a name ('${source.slice(i, j + 1)}'); put a space or an operator between them`);
      if (text.endsWith('_') || text.includes('__')) throw new CompileError(pos, `'${text}': '_' may only separate digits, as in 1_000_000`);
      out.push({ kind: 'int', text, value: BigInt(text.replaceAll('_', '')), ...pos });
      i = j;
    } else if (isNameStart(c)) {
      let j = i;
      while (j < source.length && isNameChar(source[j]!)) j++;
      const text = source.slice(i, j);
      out.push({ kind: (KEYWORDS as readonly string[]).includes(text) ? 'keyword' : 'name', text, ...pos });
      i = j;
    } else {
      const sym = SYMBOLS.find((s) => source.startsWith(s, i));
      if (!sym) {
        const hint = c === '&' || c === '|' ? ` (logical operators are '&&' and '||')` : '';
        throw new CompileError(pos, `unexpected character '${c}'${hint}`);
      }
      out.push({ kind: 'symbol', text: sym, ...pos });
      i += sym.length;
    }
  }
  out.push({ kind: 'end', text: '', line, column: i - lineStart + 1 });
  return out;
}
