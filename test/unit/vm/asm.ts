import { IMMEDIATE_BYTES, OP_BY_CODE, Op, type OpName } from '../../../src/vm/opcodes.ts';
import { encodeContract } from '../../../src/vm/encoding.ts';
import { loadContract, type Program } from '../../../src/vm/program.ts';
import type { Contract, ContractFunction } from '../../../src/vm/contract.ts';

/** One assembly line: an instruction with an optional immediate (a label name for jumps), or 'name:' for a label. */
export type AsmLine = string | readonly [OpName, (number | bigint | string)?];

/** Assembles instructions into function code; jump immediates may name labels. */
export function asm(...lines: AsmLine[]): Uint8Array {
  const labels = new Map<string, number>();
  let at = 0;
  for (const l of lines) {
    if (typeof l === 'string') labels.set(l.replace(/:$/, ''), at);
    else at += 1 + IMMEDIATE_BYTES[OP_BY_CODE[Op[l[0]]]!.imm];
  }
  const out: number[] = [];
  for (const l of lines) {
    if (typeof l === 'string') continue;
    const info = OP_BY_CODE[Op[l[0]]]!;
    out.push(info.code);
    let v = l[1] ?? 0;
    if (typeof v === 'string') {
      if (!labels.has(v)) throw new Error(`asm: unknown label ${v}`);
      v = labels.get(v)!;
    }
    const n = BigInt(v);
    const width = IMMEDIATE_BYTES[info.imm];
    for (let i = width - 1; i >= 0; i--) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  }
  return Uint8Array.from(out);
}

/** A contract of the given functions; entry 'main' runs function 0 unless entries are given. */
export function contract(functions: ContractFunction[], opts: { entries?: Array<{ name: string; fn: number }>; memoryWords?: number } = {}): Contract {
  return { memoryWords: opts.memoryWords ?? 0, functions, entries: opts.entries ?? [{ name: 'main', fn: 0 }] };
}

/** Encodes and loads (decode + validate + prepare) a contract. */
export function load(c: Contract): Program {
  return loadContract(encodeContract(c));
}

/** A one-function program: `main` with the given params and locals running `code`. */
export function program(code: Uint8Array, opts: { params?: number; locals?: number; memoryWords?: number } = {}): Program {
  const params = opts.params ?? 0;
  return load(contract([{ params, locals: opts.locals ?? params, code }], { memoryWords: opts.memoryWords ?? 0 }));
}
