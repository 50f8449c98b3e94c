import { CALL_GAS, LOG_GAS, LOG_VALUE_GAS, Op, OP_BY_CODE } from './opcodes.ts';
import { HOST_BY_ID } from './hostFunctions.ts';
import { decodeContract } from './encoding.ts';
import { validateContract, type ValidatedContract } from './validate.ts';
import type { Contract } from './contract.ts';

/**
 * A validated contract laid out for the interpreter: every function's instructions in one
 * flat array, jump targets and calls turned into instruction indices, PUSH values and the
 * static gas of each instruction looked up once. Build it with loadContract (from bytes)
 * or prepareProgram (from a validated contract); the chain may cache it by code hash.
 */
export interface Program {
  readonly contract: Contract;
  /** Opcode of each instruction. */
  readonly ops: Uint8Array;
  /** Decoded immediate: local index, stack depth, value count, host id, function index, or jump target as an instruction index. */
  readonly imm: Int32Array;
  /** PUSH values. */
  readonly vals: BigInt64Array;
  /** Gas charged before each instruction (SSET adds its bytes when it runs). */
  readonly cost: Float64Array;
  /** Per function: index of its first instruction, parameters, locals. */
  readonly fnStart: Int32Array;
  readonly fnParams: Int32Array;
  readonly fnLocals: Int32Array;
  /** Per instruction: its function and byte offset, for error locations. */
  readonly insFn: Int32Array;
  readonly insOffset: Int32Array;
  /** Entry point name to function index. */
  readonly entries: ReadonlyMap<string, number>;
  readonly memoryWords: number;
}

/** Decodes, validates and prepares an encoded contract; throws VmError at the first problem. */
export function loadContract(bytes: Uint8Array): Program {
  return prepareProgram(validateContract(decodeContract(bytes)));
}

/** Lays out a validated contract for the interpreter. */
export function prepareProgram(v: ValidatedContract): Program {
  const c = v.contract;
  const total = v.instructions.reduce((n, f) => n + f.length, 0);
  const ops = new Uint8Array(total);
  const imm = new Int32Array(total);
  const vals = new BigInt64Array(total);
  const cost = new Float64Array(total);
  const insFn = new Int32Array(total);
  const insOffset = new Int32Array(total);
  const fnStart = new Int32Array(c.functions.length);
  const fnParams = new Int32Array(c.functions.map((f) => f.params));
  const fnLocals = new Int32Array(c.functions.map((f) => f.locals));
  let at = 0;
  for (const [fn, list] of v.instructions.entries()) {
    fnStart[fn] = at;
    at += list.length;
  }
  for (const [fn, list] of v.instructions.entries()) {
    // byte offset -> instruction index, for this function's jumps
    const indexOf = new Map<number, number>();
    list.forEach((ins, i) => indexOf.set(ins.offset, fnStart[fn]! + i));
    for (const [i, ins] of list.entries()) {
      const k = fnStart[fn]! + i;
      ops[k] = ins.op;
      insFn[k] = fn;
      insOffset[k] = ins.offset;
      cost[k] = OP_BY_CODE[ins.op]!.gas;
      if (typeof ins.imm === 'bigint') vals[k] = ins.imm;
      else imm[k] = ins.imm;
      switch (ins.op) {
        case Op.JUMP:
        case Op.JUMPI:
        case Op.JUMPZ:
          imm[k] = indexOf.get(ins.imm as number)!;
          break;
        case Op.CALL:
          cost[k] = CALL_GAS + fnLocals[ins.imm as number]! - fnParams[ins.imm as number]!;
          break;
        case Op.LOG:
          cost[k] = LOG_GAS + LOG_VALUE_GAS * (ins.imm as number);
          break;
        case Op.HOST:
          cost[k] = HOST_BY_ID[ins.imm as number]!.gas;
          break;
      }
    }
  }
  return {
    contract: c, ops, imm, vals, cost, fnStart, fnParams, fnLocals, insFn, insOffset,
    entries: new Map(c.entries.map((e) => [e.name, e.fn])), memoryWords: c.memoryWords,
  };
}
