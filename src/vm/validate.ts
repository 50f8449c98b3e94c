import { VmError } from './vmError.ts';
import { IMMEDIATE_BYTES, Op, OP_BY_CODE, isTerminator } from './opcodes.ts';
import { HOST_BY_ID } from './hostFunctions.ts';
import { encodedContractSize } from './encoding.ts';
import {
  MAX_CONTRACT_BYTES, MAX_ENTRIES, MAX_ENTRY_NAME, MAX_FUNCTION_CODE, MAX_FUNCTIONS, MAX_LOCALS,
  MAX_LOG_VALUES, MAX_MEMORY_WORDS, MAX_PARAMS,
} from './limits.ts';
import type { Contract } from './contract.ts';

/** One decoded instruction: byte offset in its function, opcode, immediate (bigint for PUSH, else a number). */
export interface Instruction {
  readonly offset: number;
  readonly op: number;
  readonly imm: number | bigint;
}

/** A contract that passed validation, with its code decoded into instructions per function. */
export interface ValidatedContract {
  readonly contract: Contract;
  readonly instructions: readonly (readonly Instruction[])[];
}

const ENTRY_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Deploy-time validation: after it, a run can never meet an undefined instruction, an
 * immediate out of bounds or a jump off an instruction boundary, nor run past the end of
 * a function. Checks the size cap, memory size, the function table (params <= locals,
 * non-empty code ending in RET, JUMP or ABORT), every opcode and immediate (local index
 * below the function's locals, function index and host id that exist, log count 1..8),
 * every jump target (an instruction boundary of the same function) and the entry points
 * (names [a-z_][a-z0-9_]*, sorted, unique, naming a function). Throws VmError.
 */
export function validateContract(c: Contract): ValidatedContract {
  const size = encodedContractSize(c);
  if (size > MAX_CONTRACT_BYTES) throw new VmError('TOO_LARGE', `the contract encodes to ${size} bytes, above the cap of ${MAX_CONTRACT_BYTES}`);
  if (!Number.isInteger(c.memoryWords) || c.memoryWords < 0 || c.memoryWords > MAX_MEMORY_WORDS) {
    throw new VmError('TOO_LARGE', `memory is 0 to ${MAX_MEMORY_WORDS} words, the contract declares ${c.memoryWords}`);
  }
  if (c.functions.length === 0) throw new VmError('BAD_FUNCTION', 'the contract has no functions');
  if (c.functions.length > MAX_FUNCTIONS) throw new VmError('TOO_LARGE', `a contract has at most ${MAX_FUNCTIONS} functions, this one ${c.functions.length}`);
  const instructions = c.functions.map((_, i) => validateFunction(c, i));
  validateEntries(c);
  return { contract: c, instructions };
}

function validateFunction(c: Contract, index: number): Instruction[] {
  const f = c.functions[index]!;
  const where = `function ${index}`;
  if (!Number.isInteger(f.params) || f.params < 0 || f.params > MAX_PARAMS) throw new VmError('BAD_FUNCTION', `${where} takes ${f.params} parameters; at most ${MAX_PARAMS}`);
  if (!Number.isInteger(f.locals) || f.locals < f.params || f.locals > MAX_LOCALS) {
    throw new VmError('BAD_FUNCTION', `${where} declares ${f.locals} locals; locals count its ${f.params} parameters and are at most ${MAX_LOCALS}`);
  }
  const code = f.code;
  if (code.length === 0) throw new VmError('BAD_FUNCTION', `${where} has no code; every function ends with RET`);
  if (code.length > MAX_FUNCTION_CODE) throw new VmError('TOO_LARGE', `${where} has ${code.length} bytes of code, above ${MAX_FUNCTION_CODE}`);
  const out: Instruction[] = [];
  const boundaries = new Set<number>();
  const jumps: Instruction[] = [];
  let at = 0;
  while (at < code.length) {
    const op = code[at]!;
    const info = OP_BY_CODE[op];
    if (!info) throw new VmError('BAD_OPCODE', `${where}, byte ${at}: 0x${op.toString(16).padStart(2, '0')} is not an instruction`);
    const width = IMMEDIATE_BYTES[info.imm];
    if (at + 1 + width > code.length) throw new VmError('BAD_IMMEDIATE', `${where}, byte ${at}: ${info.name} needs ${width} immediate bytes but the code ends`);
    const imm = readImmediate(code, at + 1, info.imm);
    const ins: Instruction = { offset: at, op, imm };
    checkImmediate(c, index, ins, info.name);
    if (op === Op.JUMP || op === Op.JUMPI || op === Op.JUMPZ) jumps.push(ins);
    boundaries.add(at);
    out.push(ins);
    at += 1 + width;
  }
  for (const j of jumps) {
    if (!boundaries.has(j.imm as number)) {
      throw new VmError('BAD_JUMP', `${where}, byte ${j.offset}: the jump target ${j.imm} is not the start of an instruction of this function`);
    }
  }
  const last = out[out.length - 1]!;
  if (!isTerminator(last.op)) throw new VmError('BAD_FUNCTION', `${where} can run past its end (byte ${last.offset} is ${OP_BY_CODE[last.op]!.name}); end it with RET, JUMP or ABORT`);
  return out;
}

function readImmediate(code: Uint8Array, at: number, kind: string): number | bigint {
  switch (kind) {
    case 'i8': return BigInt((code[at]! << 24) >> 24);
    case 'i32': return BigInt(((code[at]! << 24) | (code[at + 1]! << 16) | (code[at + 2]! << 8) | code[at + 3]!) | 0);
    case 'i64': {
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(code[at + i]!);
      return BigInt.asIntN(64, v);
    }
    case 'u8': return code[at]!;
    case 'u16': return (code[at]! << 8) | code[at + 1]!;
    default: return 0;
  }
}

function checkImmediate(c: Contract, index: number, ins: Instruction, name: string): void {
  const where = `function ${index}, byte ${ins.offset}: ${name}`;
  const n = ins.imm as number;
  switch (ins.op) {
    case Op.LGET:
    case Op.LSET:
      if (n >= c.functions[index]!.locals) throw new VmError('BAD_IMMEDIATE', `${where} names local ${n}, but the function has ${c.functions[index]!.locals}`);
      break;
    case Op.CALL:
      if (n >= c.functions.length) throw new VmError('BAD_IMMEDIATE', `${where} calls function ${n}, but the contract has ${c.functions.length}`);
      break;
    case Op.HOST:
      if (!HOST_BY_ID[n]) throw new VmError('BAD_IMMEDIATE', `${where} calls host function ${n}, which does not exist`);
      break;
    case Op.LOG:
      if (n < 1 || n > MAX_LOG_VALUES) throw new VmError('BAD_IMMEDIATE', `${where} logs ${n} values; a log record has 1 to ${MAX_LOG_VALUES}`);
      break;
  }
}

function validateEntries(c: Contract): void {
  if (c.entries.length > MAX_ENTRIES) throw new VmError('TOO_LARGE', `a contract has at most ${MAX_ENTRIES} entry points, this one ${c.entries.length}`);
  let previous = '';
  for (const e of c.entries) {
    if (e.name.length > MAX_ENTRY_NAME || !ENTRY_NAME.test(e.name)) {
      throw new VmError('BAD_ENTRY', `entry name '${e.name}' must be 1 to ${MAX_ENTRY_NAME} characters of a-z, 0-9 and _, not starting with a digit`);
    }
    if (previous !== '' && e.name <= previous) throw new VmError('BAD_ENTRY', `entry '${e.name}' comes after '${previous}': entries are sorted by name and unique`);
    if (!Number.isInteger(e.fn) || e.fn < 0 || e.fn >= c.functions.length) throw new VmError('BAD_ENTRY', `entry '${e.name}' names function ${e.fn}, but the contract has ${c.functions.length}`);
    if (c.functions[e.fn]!.params > MAX_PARAMS) throw new VmError('BAD_ENTRY', `entry '${e.name}' takes more than ${MAX_PARAMS} arguments`);
    previous = e.name;
  }
}
