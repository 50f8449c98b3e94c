import { Op, OP_BY_CODE, IMMEDIATE_BYTES } from '../opcodes.ts';
import { MAX_FUNCTION_CODE } from '../limits.ts';
import { CompileError, type SourcePos } from './compileError.ts';

/** A place in a function's code that jumps can target before it is known. */
export type Label = { offset: number | undefined };

/** Builds one function's bytecode: instructions with big-endian immediates, labels resolved at the end. */
export class Emitter {
  private readonly bytes: number[] = [];
  private readonly fixups: Array<{ at: number; label: Label }> = [];

  /** Appends an instruction; `imm` is its immediate (ignored for opcodes without one). */
  emit(op: number, imm: number | bigint = 0): void {
    const width = IMMEDIATE_BYTES[OP_BY_CODE[op]!.imm];
    this.bytes.push(op);
    const v = BigInt(imm);
    for (let i = width - 1; i >= 0; i--) this.bytes.push(Number((v >> BigInt(8 * i)) & 0xffn));
  }

  /** Pushes a constant with the shortest PUSH that holds it. */
  push(v: bigint): void {
    if (v >= -128n && v <= 127n) this.emit(Op.PUSH1, v);
    else if (v >= -(1n << 31n) && v < 1n << 31n) this.emit(Op.PUSH4, v);
    else this.emit(Op.PUSH8, v);
  }

  /** A new label, not yet placed. */
  label(): Label {
    return { offset: undefined };
  }

  /** Places a label at the current end of the code. */
  place(l: Label): void {
    l.offset = this.bytes.length;
  }

  /** A JUMP, JUMPI or JUMPZ to a label, placed now or later. */
  jump(op: number, l: Label): void {
    this.bytes.push(op, 0, 0);
    this.fixups.push({ at: this.bytes.length - 2, label: l });
  }

  /** The finished code; every label used must be placed. */
  finish(pos: SourcePos, name: string): Uint8Array {
    if (this.bytes.length > MAX_FUNCTION_CODE) throw new CompileError(pos, `function ${name} compiles to ${this.bytes.length} bytes, above ${MAX_FUNCTION_CODE}; split it into smaller functions`);
    for (const f of this.fixups) {
      const target = f.label.offset!;
      this.bytes[f.at] = target >> 8;
      this.bytes[f.at + 1] = target & 0xff;
    }
    return Uint8Array.from(this.bytes);
  }
}
