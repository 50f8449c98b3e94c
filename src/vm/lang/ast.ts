import type { SourcePos } from './compileError.ts';

/** A binary operator of the language. */
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** An expression; every one has a source position. */
export type Expr =
  | { readonly kind: 'int'; readonly value: bigint; readonly pos: SourcePos }
  | { readonly kind: 'name'; readonly name: string; readonly pos: SourcePos }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly pos: SourcePos }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly expr: Expr; readonly pos: SourcePos }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: SourcePos };

/** A name where it is declared, with its position. */
export interface Binding {
  readonly name: string;
  readonly pos: SourcePos;
}

/** A statement inside a function. */
export type Stmt =
  | { readonly kind: 'let'; readonly names: readonly Binding[]; readonly init: Expr; readonly pos: SourcePos }
  | { readonly kind: 'assign'; readonly name: string; readonly value: Expr; readonly pos: SourcePos }
  | { readonly kind: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly otherwise: readonly Stmt[] | undefined; readonly pos: SourcePos }
  | { readonly kind: 'while'; readonly cond: Expr; readonly body: readonly Stmt[]; readonly pos: SourcePos }
  | { readonly kind: 'return'; readonly value: Expr | undefined; readonly pos: SourcePos }
  | { readonly kind: 'break' | 'continue'; readonly pos: SourcePos }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly pos: SourcePos };

/** A top-level declaration. */
export type Item =
  | { readonly kind: 'param'; readonly name: string; readonly fallback: Expr | undefined; readonly pos: SourcePos }
  | { readonly kind: 'const'; readonly name: string; readonly value: Expr; readonly pos: SourcePos }
  | { readonly kind: 'global'; readonly name: string; readonly pos: SourcePos }
  | { readonly kind: 'fn'; readonly name: string; readonly pub: boolean; readonly params: readonly Binding[]; readonly body: readonly Stmt[]; readonly pos: SourcePos };
