import { CompileError, type SourcePos } from './compileError.ts';
import { Emitter, type Label } from './emitter.ts';
import { evalConst } from './constEval.ts';
import { BUILTIN_FUNCTIONS } from './builtins.ts';
import { HOST_BY_NAME } from '../hostFunctions.ts';
import { Op } from '../opcodes.ts';
import { MAX_LOCALS, MAX_PARAMS } from '../limits.ts';
import type { ProgramSymbols } from './symbols.ts';
import type { BinaryOp, Expr, Item, Stmt } from './ast.ts';
import type { ContractFunction } from '../contract.ts';

const BINARY_OPS: Partial<Record<BinaryOp, number>> = {
  '+': Op.ADD, '-': Op.SUB, '*': Op.MUL, '/': Op.DIV, '%': Op.MOD,
  '==': Op.EQ, '!=': Op.NE, '<': Op.LT, '<=': Op.LE, '>': Op.GT, '>=': Op.GE,
};

/** How a call's results are used: as one value, dropped (a statement), or taken by `let a, b = ...`. */
type ResultUse = 'value' | 'statement' | number;

/**
 * Compiles one function. Locals live in slots: parameters first, then each `let`, a
 * slot freed when its block ends. Statements leave the operand stack as they found it;
 * an expression pushes exactly one value. Names never shadow: a local may not reuse a
 * name that is visible.
 */
export function compileFunction(symbols: ProgramSymbols, fn: Extract<Item, { kind: 'fn' }>): ContractFunction {
  return new FunctionCompiler(symbols, fn).compile();
}

class FunctionCompiler {
  private readonly out = new Emitter();
  private readonly scopes: Array<Map<string, { slot: number; pos: SourcePos }>> = [];
  private readonly loops: Array<{ top: Label; exit: Label }> = [];
  private nextSlot = 0;
  private maxSlots = 0;
  private readonly symbols: ProgramSymbols;
  private readonly fn: Extract<Item, { kind: 'fn' }>;

  constructor(symbols: ProgramSymbols, fn: Extract<Item, { kind: 'fn' }>) {
    this.symbols = symbols;
    this.fn = fn;
  }

  compile(): ContractFunction {
    const fn = this.fn;
    if (fn.params.length > MAX_PARAMS) throw new CompileError(fn.params[MAX_PARAMS]!.pos, `function ${fn.name} takes more than ${MAX_PARAMS} parameters`);
    this.scopes.push(new Map());
    for (const p of fn.params) this.declareLocal(p.name, p.pos);
    this.block(fn.body, false);
    // Falling off the end returns 0.
    this.out.push(0n);
    this.out.emit(Op.RET);
    return { params: fn.params.length, locals: this.maxSlots, code: this.out.finish(fn.pos, fn.name) };
  }

  private declareLocal(name: string, pos: SourcePos): number {
    const top = this.symbols.names.get(name);
    if (top) throw new CompileError(pos, top.pos ? `'${name}' is already declared at ${top.pos.line}:${top.pos.column}; choose another name` : `'${name}' is a built-in constant; choose another name`);
    if (BUILTIN_FUNCTIONS.has(name) || HOST_BY_NAME.has(name)) throw new CompileError(pos, `'${name}' is the name of a function; choose another name`);
    const old = this.local(name);
    if (old) throw new CompileError(pos, `'${name}' is already declared at ${old.pos.line}:${old.pos.column}; choose another name`);
    if (this.nextSlot >= MAX_LOCALS) throw new CompileError(pos, `function ${this.fn.name} needs more than ${MAX_LOCALS} local variables at once; split it`);
    const slot = this.nextSlot++;
    this.maxSlots = Math.max(this.maxSlots, this.nextSlot);
    this.scopes[this.scopes.length - 1]!.set(name, { slot, pos });
    return slot;
  }

  private local(name: string): { slot: number; pos: SourcePos } | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }

  private block(stmts: readonly Stmt[], scoped = true): void {
    const mark = this.nextSlot;
    if (scoped) this.scopes.push(new Map());
    for (const s of stmts) this.statement(s);
    if (scoped) {
      this.scopes.pop();
      this.nextSlot = mark;
    }
  }

  private statement(s: Stmt): void {
    const out = this.out;
    switch (s.kind) {
      case 'let': {
        if (s.names.length === 1) this.expr(s.init);
        else if (s.init.kind !== 'call') throw new CompileError(s.init.pos, `let with ${s.names.length} names takes the results of one call, as in let a, b = f(...)`);
        else this.call(s.init, s.names.length);
        // Declared after the value is computed: `let x = x + 1` does not see the new x.
        const slots = s.names.map((n) => this.declareLocal(n.name, n.pos));
        for (let i = slots.length - 1; i >= 0; i--) out.emit(Op.LSET, slots[i]!);
        return;
      }
      case 'assign': {
        const local = this.local(s.name);
        if (local) {
          this.expr(s.value);
          out.emit(Op.LSET, local.slot);
          return;
        }
        const top = this.symbols.names.get(s.name);
        if (top?.kind === 'global') {
          out.push(BigInt(top.slot));
          this.expr(s.value);
          out.emit(Op.MSTORE);
          return;
        }
        if (!top) throw new CompileError(s.pos, `unknown variable '${s.name}': declare it first with let ${s.name} = ...;`);
        throw new CompileError(s.pos, `'${s.name}' is a ${top.kind === 'fn' ? 'function' : top.kind === 'param' ? 'parameter (fixed when compiling)' : 'constant'}; it cannot be assigned`);
      }
      case 'if': {
        const otherwise = out.label();
        const end = out.label();
        this.condition(s.cond, otherwise);
        this.block(s.then);
        if (s.otherwise) out.jump(Op.JUMP, end);
        out.place(otherwise);
        if (s.otherwise) this.block(s.otherwise);
        out.place(end);
        return;
      }
      case 'while': {
        const loop = { top: out.label(), exit: out.label() };
        out.place(loop.top);
        this.condition(s.cond, loop.exit);
        this.loops.push(loop);
        this.block(s.body);
        this.loops.pop();
        out.jump(Op.JUMP, loop.top);
        out.place(loop.exit);
        return;
      }
      case 'return':
        if (s.value) this.expr(s.value);
        else out.push(0n);
        out.emit(Op.RET);
        return;
      case 'break':
      case 'continue': {
        const loop = this.loops[this.loops.length - 1];
        if (!loop) throw new CompileError(s.pos, `${s.kind} outside a while loop`);
        out.jump(Op.JUMP, s.kind === 'break' ? loop.exit : loop.top);
        return;
      }
      case 'expr':
        if (s.expr.kind !== 'call') throw new CompileError(s.pos, 'expected a statement: a value on its own does nothing (assign it with let or =, or call a function)');
        this.call(s.expr, 'statement');
        return;
    }
  }

  /** Pushes the value of an expression. */
  private expr(e: Expr): void {
    const constant = evalConst(e, (n) => this.constantValue(n));
    if (constant !== undefined) {
      this.out.push(constant);
      return;
    }
    const out = this.out;
    switch (e.kind) {
      case 'int':
        out.push(e.value);
        return;
      case 'name': {
        const local = this.local(e.name);
        if (local) return out.emit(Op.LGET, local.slot);
        const top = this.symbols.names.get(e.name);
        if (top?.kind === 'global') {
          out.push(BigInt(top.slot));
          return out.emit(Op.MLOAD);
        }
        if (top?.kind === 'fn' || BUILTIN_FUNCTIONS.has(e.name) || HOST_BY_NAME.has(e.name)) throw new CompileError(e.pos, `'${e.name}' is a function: call it as ${e.name}(...)`);
        throw new CompileError(e.pos, `unknown name '${e.name}': declare it with let, const or param`);
      }
      case 'call':
        return this.call(e, 'value');
      case 'unary':
        this.expr(e.expr);
        return out.emit(e.op === '-' ? Op.NEG : Op.NOT);
      case 'binary': {
        if (e.op === '&&' || e.op === '||') {
          const no = out.label();
          const end = out.label();
          this.condition(e, no);
          out.push(1n);
          out.jump(Op.JUMP, end);
          out.place(no);
          out.push(0n);
          out.place(end);
          return;
        }
        this.expr(e.left);
        this.expr(e.right);
        return out.emit(BINARY_OPS[e.op]!);
      }
    }
  }

  /** Jumps to `no` when the condition is zero; falls through otherwise. && and || short-circuit. */
  private condition(e: Expr, no: Label): void {
    const constant = evalConst(e, (n) => this.constantValue(n));
    if (constant !== undefined) {
      // `while 1 { ... }` needs no test at all
      if (constant === 0n) this.out.jump(Op.JUMP, no);
      return;
    }
    if (e.kind === 'binary' && e.op === '&&') {
      this.condition(e.left, no);
      this.condition(e.right, no);
    } else if (e.kind === 'binary' && e.op === '||') {
      const yes = this.out.label();
      this.conditionTrue(e.left, yes);
      this.condition(e.right, no);
      this.out.place(yes);
    } else if (e.kind === 'unary' && e.op === '!') {
      this.conditionTrue(e.expr, no);
    } else {
      this.expr(e);
      this.out.jump(Op.JUMPZ, no);
    }
  }

  /** Jumps to `yes` when the condition is non-zero; falls through otherwise. */
  private conditionTrue(e: Expr, yes: Label): void {
    const constant = evalConst(e, (n) => this.constantValue(n));
    if (constant !== undefined) {
      if (constant !== 0n) this.out.jump(Op.JUMP, yes);
      return;
    }
    if (e.kind === 'binary' && e.op === '||') {
      this.conditionTrue(e.left, yes);
      this.conditionTrue(e.right, yes);
    } else if (e.kind === 'binary' && e.op === '&&') {
      const no = this.out.label();
      this.condition(e.left, no);
      this.conditionTrue(e.right, yes);
      this.out.place(no);
    } else if (e.kind === 'unary' && e.op === '!') {
      this.condition(e.expr, yes);
    } else {
      this.expr(e);
      this.out.jump(Op.JUMPI, yes);
    }
  }

  private constantValue(name: string): bigint | undefined {
    if (this.local(name)) return undefined;
    const s = this.symbols.names.get(name);
    return s && (s.kind === 'const' || s.kind === 'param' || s.kind === 'builtin') ? s.value : undefined;
  }

  /** Compiles a call to a contract function, a built-in or a host function, checking arity and how its results are used. */
  private call(e: Extract<Expr, { kind: 'call' }>, use: ResultUse): void {
    const out = this.out;
    const top = this.symbols.names.get(e.name);
    const builtin = BUILTIN_FUNCTIONS.get(e.name);
    const host = HOST_BY_NAME.get(e.name);
    let results: number;
    let resultNames = '';
    if (top?.kind === 'fn') {
      const want = top.item.params.map((p) => p.name);
      this.arity(e, want.length, want.length, `${e.name}(${want.join(', ')})`);
      for (const a of e.args) this.expr(a);
      out.emit(Op.CALL, top.index);
      results = 1;
    } else if (builtin) {
      this.arity(e, builtin.minArgs, builtin.maxArgs, builtin.usage);
      for (const a of e.args) this.expr(a);
      out.emit(builtin.op, builtin.op === Op.LOG ? e.args.length : 0);
      results = builtin.results;
    } else if (host) {
      this.arity(e, host.args.length, host.args.length, `${host.name}(${host.args.join(', ')})`);
      for (const a of e.args) this.expr(a);
      out.emit(Op.HOST, host.id);
      results = host.results.length;
      resultNames = host.results.join(', ');
    } else if (top || this.local(e.name)) {
      throw new CompileError(e.pos, `'${e.name}' is not a function`);
    } else {
      throw new CompileError(e.pos, `unknown function '${e.name}': not declared in this contract, nor a built-in or host function`);
    }
    if (use === 'statement') {
      for (let i = 0; i < results; i++) out.emit(Op.POP);
    } else if (use === 'value') {
      if (results === 0) throw new CompileError(e.pos, `${e.name} returns no value; call it as a statement`);
      if (results > 1) throw new CompileError(e.pos, `${e.name} returns ${results} values (${resultNames}); take them with let ${resultNames} = ${e.name}(...);`);
    } else if (results !== use) {
      throw new CompileError(e.pos, `${e.name} returns ${results} value${results === 1 ? '' : 's'}${resultNames ? ` (${resultNames})` : ''}, but ${use} names are given`);
    }
  }

  private arity(e: Extract<Expr, { kind: 'call' }>, min: number, max: number, usage: string): void {
    const n = e.args.length;
    if (n < min || n > max) {
      const want = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
      throw new CompileError(e.pos, `${e.name} takes ${want}: ${usage}; got ${n}`);
    }
  }
}
