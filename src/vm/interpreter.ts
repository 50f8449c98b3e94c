import { HostRefusal } from './vmError.ts';
import type { LogRecord, VmResult } from './runResult.ts';
import { arith, checkedValue, copyOut, failure, memoryTrap, overflow, underflow } from './traps.ts';
import { CALL_GAS, MEMORY_WORD_GAS, ssetGas, SSET_GAS } from './opcodes.ts';
import { HOST_BY_ID, type VmHost } from './hostFunctions.ts';
import { INT64_MAX, INT64_MIN, MAX_CALL_DEPTH, MAX_LOGS, MAX_STACK } from './limits.ts';
import type { Program } from './program.ts';
import type { VmStorage } from './storage.ts';

export type { LogRecord, VmResult } from './runResult.ts';

/** One run: which entry point, its int64 arguments, the gas it may use, and the chain's side. */
export interface RunOptions {
  readonly entry: string;
  readonly args: readonly bigint[];
  /** A safe integer >= 0. */
  readonly gasLimit: number;
  readonly host: VmHost;
  readonly storage: VmStorage;
}

// Opcodes as plain constants: the switch below compiles to a jump table.
const PUSH1 = 0x01, PUSH4 = 0x02, PUSH8 = 0x03, POP = 0x04, DUP = 0x05, SWAP = 0x06, LGET = 0x08, LSET = 0x09;
const ADD = 0x10, SUB = 0x11, MUL = 0x12, DIV = 0x13, MOD = 0x14, NEG = 0x15;
const EQ = 0x18, NE = 0x19, LT = 0x1a, LE = 0x1b, GT = 0x1c, GE = 0x1d, NOT = 0x1e;
const JUMP = 0x20, JUMPI = 0x21, JUMPZ = 0x22, CALL = 0x28, RET = 0x29, ABORT = 0x2a;
const MLOAD = 0x30, MSTORE = 0x31, SGET = 0x38, SSET = 0x39, LOG = 0x3a, HOST = 0x40;

/**
 * Runs an entry point of a prepared contract to its end. Deterministic: the same program,
 * arguments, gas limit, host answers and storage give the same result. Gas is charged
 * before each instruction runs; values are int64 and any result outside int64 stops the
 * run with OVERFLOW (never wraps). Never throws for anything the contract does; it throws
 * only when the host or storage breaks its own contract (a bug outside the VM).
 */
export function execute(p: Program, o: RunOptions): VmResult {
  const entryFn = p.entries.get(o.entry);
  if (entryFn === undefined) {
    const names = [...p.entries.keys()].join(', ') || 'none';
    return failure(p, 'UNKNOWN_ENTRY', `the contract has no entry point '${o.entry}' (it has: ${names})`, -1, 0, []);
  }
  const params = p.fnParams[entryFn]!;
  if (o.args.length !== params) {
    return failure(p, 'BAD_ARGUMENTS', `entry '${o.entry}' takes ${params} argument${params === 1 ? '' : 's'}, got ${o.args.length}`, -1, 0, []);
  }
  for (const a of o.args) {
    if (typeof a !== 'bigint' || a > INT64_MAX || a < INT64_MIN) return failure(p, 'BAD_ARGUMENTS', `arguments are int64 integers, got ${String(a)}`, -1, 0, []);
  }
  if (!Number.isSafeInteger(o.gasLimit) || o.gasLimit < 0) return failure(p, 'BAD_ARGUMENTS', `the gas limit is a whole number >= 0, got ${o.gasLimit}`, -1, 0, []);

  const gasLimit = o.gasLimit;
  const logs: LogRecord[] = [];
  const locals0 = p.fnLocals[entryFn]!;
  // Starting a run costs what a CALL of the entry function costs, plus its memory.
  let gas = gasLimit - (CALL_GAS + locals0 - params + p.memoryWords * MEMORY_WORD_GAS);
  if (gas < 0) return failure(p, 'OUT_OF_GAS', `starting '${o.entry}' needs more than the ${gasLimit} gas given`, -1, gasLimit, logs);

  const { ops, imm, vals, cost, fnStart, fnParams, fnLocals } = p;
  const stack = new BigInt64Array(MAX_STACK);
  const memory = new BigInt64Array(p.memoryWords);
  const memoryWords = BigInt(p.memoryWords);
  const frameRet = new Int32Array(MAX_CALL_DEPTH);
  const frameBase = new Int32Array(MAX_CALL_DEPTH);
  const frameFloor = new Int32Array(MAX_CALL_DEPTH);
  const { host, storage } = o;
  for (let i = 0; i < params; i++) stack[i] = o.args[i]!;
  // A frame: locals at stack[base .. floor), its operand stack from floor up.
  let sp = locals0;
  let base = 0;
  let floor = locals0;
  let depth = 1;
  let pc = fnStart[entryFn]!;

  for (;;) {
    const op = ops[pc]!;
    gas -= cost[pc]!;
    if (gas < 0) return failure(p, 'OUT_OF_GAS', `out of gas: the run needs more than the ${gasLimit} gas given`, pc, gasLimit, logs);
    switch (op) {
      case PUSH1:
      case PUSH4:
      case PUSH8:
        if (sp >= MAX_STACK) return overflow(p, pc, gasLimit - gas, logs);
        stack[sp++] = vals[pc]!;
        pc++;
        break;
      case POP:
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        sp--;
        pc++;
        break;
      case DUP: {
        const n = imm[pc]!;
        if (sp - floor <= n) return underflow(p, pc, gasLimit - gas, logs);
        if (sp >= MAX_STACK) return overflow(p, pc, gasLimit - gas, logs);
        stack[sp] = stack[sp - 1 - n]!;
        sp++;
        pc++;
        break;
      }
      case SWAP: {
        const n = imm[pc]!;
        if (sp - floor < n + 2) return underflow(p, pc, gasLimit - gas, logs);
        const t = stack[sp - 1]!;
        stack[sp - 1] = stack[sp - 2 - n]!;
        stack[sp - 2 - n] = t;
        pc++;
        break;
      }
      case LGET:
        if (sp >= MAX_STACK) return overflow(p, pc, gasLimit - gas, logs);
        stack[sp++] = stack[base + imm[pc]!]!;
        pc++;
        break;
      case LSET:
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        stack[base + imm[pc]!] = stack[--sp]!;
        pc++;
        break;
      case ADD: {
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        const a = stack[sp - 2]!, b = stack[sp - 1]!;
        const r = a + b;
        if (r > INT64_MAX || r < INT64_MIN) return arith(p, pc, gasLimit - gas, logs, `${a} + ${b}`);
        stack[sp - 2] = r;
        sp--;
        pc++;
        break;
      }
      case SUB: {
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        const a = stack[sp - 2]!, b = stack[sp - 1]!;
        const r = a - b;
        if (r > INT64_MAX || r < INT64_MIN) return arith(p, pc, gasLimit - gas, logs, `${a} - ${b}`);
        stack[sp - 2] = r;
        sp--;
        pc++;
        break;
      }
      case MUL: {
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        const a = stack[sp - 2]!, b = stack[sp - 1]!;
        const r = a * b;
        if (r > INT64_MAX || r < INT64_MIN) return arith(p, pc, gasLimit - gas, logs, `${a} * ${b}`);
        stack[sp - 2] = r;
        sp--;
        pc++;
        break;
      }
      case DIV:
      case MOD: {
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        const a = stack[sp - 2]!, b = stack[sp - 1]!;
        if (b === 0n) return failure(p, 'DIV_BY_ZERO', `${op === DIV ? 'division' : 'remainder'} of ${a} by zero`, pc, gasLimit - gas, logs);
        if (op === DIV) {
          // The one quotient outside int64: INT64_MIN / -1.
          if (a === INT64_MIN && b === -1n) return arith(p, pc, gasLimit - gas, logs, `${a} / ${b}`);
          stack[sp - 2] = a / b; // truncates toward zero
        } else {
          stack[sp - 2] = a % b; // sign of the dividend; INT64_MIN % -1 is 0
        }
        sp--;
        pc++;
        break;
      }
      case NEG: {
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        const a = stack[sp - 1]!;
        if (a === INT64_MIN) return arith(p, pc, gasLimit - gas, logs, `-(${a})`);
        stack[sp - 1] = -a;
        pc++;
        break;
      }
      case EQ:
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 2] = stack[sp - 2]! === stack[sp - 1]! ? 1n : 0n;
        sp--;
        pc++;
        break;
      case NE:
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 2] = stack[sp - 2]! !== stack[sp - 1]! ? 1n : 0n;
        sp--;
        pc++;
        break;
      case LT:
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 2] = stack[sp - 2]! < stack[sp - 1]! ? 1n : 0n;
        sp--;
        pc++;
        break;
      case LE:
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 2] = stack[sp - 2]! <= stack[sp - 1]! ? 1n : 0n;
        sp--;
        pc++;
        break;
      case GT:
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 2] = stack[sp - 2]! > stack[sp - 1]! ? 1n : 0n;
        sp--;
        pc++;
        break;
      case GE:
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 2] = stack[sp - 2]! >= stack[sp - 1]! ? 1n : 0n;
        sp--;
        pc++;
        break;
      case NOT:
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 1] = stack[sp - 1] === 0n ? 1n : 0n;
        pc++;
        break;
      case JUMP:
        pc = imm[pc]!;
        break;
      case JUMPI:
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        if (stack[--sp] !== 0n) pc = imm[pc]!;
        else pc++;
        break;
      case JUMPZ:
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        if (stack[--sp] === 0n) pc = imm[pc]!;
        else pc++;
        break;
      case CALL: {
        const f = imm[pc]!;
        const n = fnParams[f]!;
        const extra = fnLocals[f]! - n;
        if (sp - floor < n) return underflow(p, pc, gasLimit - gas, logs);
        if (depth >= MAX_CALL_DEPTH) return failure(p, 'CALL_DEPTH', `calls nest deeper than ${MAX_CALL_DEPTH}; the contract recurses without end or too deep`, pc, gasLimit - gas, logs);
        if (sp + extra > MAX_STACK) return overflow(p, pc, gasLimit - gas, logs);
        frameRet[depth] = pc + 1;
        frameBase[depth] = base;
        frameFloor[depth] = floor;
        depth++;
        base = sp - n;
        stack.fill(0n, sp, sp + extra);
        sp += extra;
        floor = sp;
        pc = fnStart[f]!;
        break;
      }
      case RET: {
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        const v = stack[sp - 1]!;
        if (depth === 1) return { ok: true, value: v, gasUsed: gasLimit - gas, logs };
        depth--;
        sp = base;
        stack[sp++] = v;
        base = frameBase[depth]!;
        floor = frameFloor[depth]!;
        pc = frameRet[depth]!;
        break;
      }
      case ABORT: {
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        const code = stack[--sp]!;
        return failure(p, 'ABORTED', `the contract aborted with code ${code}`, pc, gasLimit - gas, logs, { abortCode: code });
      }
      case MLOAD: {
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        const addr = stack[sp - 1]!;
        if (addr < 0n || addr >= memoryWords) return memoryTrap(p, pc, gasLimit - gas, logs, addr);
        stack[sp - 1] = memory[Number(addr)]!;
        pc++;
        break;
      }
      case MSTORE: {
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        const addr = stack[sp - 2]!;
        if (addr < 0n || addr >= memoryWords) return memoryTrap(p, pc, gasLimit - gas, logs, addr);
        memory[Number(addr)] = stack[sp - 1]!;
        sp -= 2;
        pc++;
        break;
      }
      case SGET: {
        if (sp <= floor) return underflow(p, pc, gasLimit - gas, logs);
        stack[sp - 1] = checkedValue(storage.get(stack[sp - 1]!), 'storage.get');
        pc++;
        break;
      }
      case SSET: {
        if (sp - floor < 2) return underflow(p, pc, gasLimit - gas, logs);
        const key = stack[sp - 2]!, value = stack[sp - 1]!;
        // The bytes written are priced before the write happens.
        gas -= ssetGas(key, value) - SSET_GAS;
        if (gas < 0) return failure(p, 'OUT_OF_GAS', `out of gas: the run needs more than the ${gasLimit} gas given`, pc, gasLimit, logs);
        storage.set(key, value);
        sp -= 2;
        pc++;
        break;
      }
      case LOG: {
        const n = imm[pc]!;
        if (sp - floor < n) return underflow(p, pc, gasLimit - gas, logs);
        if (logs.length >= MAX_LOGS) return failure(p, 'LOG_LIMIT', `a run logs at most ${MAX_LOGS} records`, pc, gasLimit - gas, logs);
        sp -= n;
        logs.push(copyOut(stack, sp, n));
        pc++;
        break;
      }
      case HOST: {
        const id = imm[pc]!;
        const f = HOST_BY_ID[id]!;
        const arity = f.args.length;
        const results = f.results.length;
        if (sp - floor < arity) return underflow(p, pc, gasLimit - gas, logs);
        if (sp - arity + results > MAX_STACK) return overflow(p, pc, gasLimit - gas, logs);
        const args = copyOut(stack, sp - arity, arity);
        let out: readonly bigint[];
        try {
          out = host.call(id, args);
        } catch (e) {
          if (!(e instanceof HostRefusal)) throw e;
          return failure(p, 'HOST_REFUSED', `${f.name} refused: ${e.code}: ${e.message}`, pc, gasLimit - gas, logs, { hostCode: e.code });
        }
        if (!Array.isArray(out) || out.length !== results) throw new Error(`VmHost bug: ${f.name} must return ${results} values, returned ${String(out)}`);
        sp -= arity;
        for (let i = 0; i < results; i++) stack[sp++] = checkedValue(out[i], `host function ${f.name}`);
        pc++;
        break;
      }
      default:
        // Unreachable for a validated program; kept so a bad Program cannot loop silently.
        throw new Error(`VM bug: opcode 0x${op.toString(16)} at instruction ${pc} passed validation`);
    }
  }
}
