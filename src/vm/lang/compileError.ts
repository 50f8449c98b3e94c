/** A position in contract source: 1-based line and column. */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/**
 * The compiler's one error class: what is wrong, at which line and column, and what was
 * expected or how to fix it. The message starts with "line:column: ". Errors about the
 * compile options rather than the source (a parameter value given for no `param`) have
 * no position: line and column are 0 and the message has no prefix.
 */
export class CompileError extends Error {
  readonly line: number;
  readonly column: number;
  /** The message without the position prefix. */
  readonly reason: string;
  constructor(pos: SourcePos | undefined, reason: string) {
    super(pos ? `${pos.line}:${pos.column}: ${reason}` : reason);
    this.name = 'CompileError';
    this.line = pos?.line ?? 0;
    this.column = pos?.column ?? 0;
    this.reason = reason;
  }
}
