import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeContract, CONTRACT_MAGIC } from '../../../src/vm/encoding.ts';
import { loadContract, type Program } from '../../../src/vm/program.ts';
import { execute, type VmResult } from '../../../src/vm/interpreter.ts';
import { createMemoryStorage } from '../../../src/vm/storage.ts';
import { HOST_FUNCTIONS, HOST_BY_ID, type VmHost } from '../../../src/vm/hostFunctions.ts';
import { IMMEDIATE_BYTES, OPS, Op, OP_BY_CODE } from '../../../src/vm/opcodes.ts';
import { HostRefusal, VmError } from '../../../src/vm/vmError.ts';
import { INT64_MAX, INT64_MIN } from '../../../src/vm/limits.ts';
import type { Contract } from '../../../src/vm/contract.ts';

// Random bytecode, fixed seeds: validation refuses it with a VmError, or every entry runs
// to a result or a VmError within its gas, never an uncaught exception, the same twice.

/** A host whose answers depend only on the call: some calls are refused. */
let hostCalls = 0;
const fuzzHost = (): VmHost => ({
  call(id, args) {
    hostCalls++;
    let h = BigInt(id) * 0x9e3779b97f4a7c15n;
    for (const a of args) h = BigInt.asIntN(64, (h ^ a) * 0x100000001b3n);
    if (h % 5n === 2n || h % 5n === -2n) throw new HostRefusal('FUZZ', `refused ${id}`);
    return HOST_BY_ID[id]!.results.map((_, i) => BigInt.asIntN(64, h + BigInt(i)));
  },
});

const int64 = fc.bigInt({ min: INT64_MIN, max: INT64_MAX });
const smallOrEdge = fc.oneof(fc.bigInt({ min: -3n, max: 300n }), fc.constantFrom(INT64_MIN, INT64_MAX, -1n, 0n, 1n), int64);

/** One instruction, immediate usually in range (locals < 4, functions < 3, known host ids), jump targets as instruction indices. */
// Pushes (and host calls, many of which take no argument) weigh more than the rest, so that
// stacks grow and runs get past their first instructions.
const pushes = [Op.PUSH1, Op.PUSH4, Op.PUSH8, Op.LGET, Op.DUP, Op.HOST];
const instruction = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom(...pushes), v: smallOrEdge, target: fc.nat(40) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom(...OPS.map((o) => o.code)), v: smallOrEdge, target: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.integer({ min: 0, max: 255 }), v: smallOrEdge, target: fc.nat(40) }) },
);

/** Lays out instructions to bytes; jumps go to the start of instruction `target` (mod count), or a random byte. */
function layout(list: Array<{ op: number; v: bigint; target: number }>, functions: number, locals: number): Uint8Array {
  const offsets: number[] = [];
  let at = 0;
  for (const i of list) {
    offsets.push(at);
    at += 1 + (OP_BY_CODE[i.op] ? IMMEDIATE_BYTES[OP_BY_CODE[i.op]!.imm] : 0);
  }
  const out: number[] = [];
  for (const i of list) {
    out.push(i.op);
    const info = OP_BY_CODE[i.op];
    if (!info) continue;
    let v = i.v;
    if (i.op === Op.JUMP || i.op === Op.JUMPI || i.op === Op.JUMPZ) v = BigInt(i.target % 7 === 6 ? i.target : offsets[i.target % offsets.length]!);
    else if (i.op === Op.LGET || i.op === Op.LSET) v = ((v % 5n) + 5n) % 5n < BigInt(locals + 1) ? ((v % 5n) + 5n) % 5n : 0n;
    else if (i.op === Op.CALL) v = ((v % BigInt(functions + 1)) + BigInt(functions + 1)) % BigInt(functions + 1);
    else if (i.op === Op.HOST) v = BigInt(HOST_FUNCTIONS[Number(((v % 30n) + 30n) % 30n) % HOST_FUNCTIONS.length]!.id) + (v === 299n ? 1000n : 0n);
    else if (i.op === Op.LOG) v = ((v % 10n) + 10n) % 10n;
    const width = IMMEDIATE_BYTES[info.imm];
    for (let b = width - 1; b >= 0; b--) out.push(Number((v >> BigInt(8 * b)) & 0xffn));
  }
  return Uint8Array.from(out);
}

const contractArb: fc.Arbitrary<Contract> = fc
  .record({
    memoryWords: fc.constantFrom(0, 1, 4),
    fns: fc.array(
      fc.record({ params: fc.nat(3), extra: fc.nat(2), body: fc.array(instruction, { minLength: 0, maxLength: 40 }), end: fc.constantFrom(Op.RET, Op.RET, Op.JUMP, Op.ABORT, Op.PUSH1) }),
      { minLength: 1, maxLength: 3 },
    ),
    entryNames: fc.uniqueArray(fc.constantFrom('main', 'on_period', 'b', 'x_1'), { minLength: 1, maxLength: 3 }),
    entryFns: fc.array(fc.nat(3), { minLength: 3, maxLength: 3 }),
  })
  .map((r) => ({
    memoryWords: r.memoryWords,
    functions: r.fns.map((f) => ({
      params: f.params,
      locals: f.params + f.extra,
      code: layout([...f.body, { op: f.end, v: 0n, target: 0 }], r.fns.length, f.params + f.extra),
    })),
    entries: [...r.entryNames].sort().map((name, i) => ({ name, fn: r.entryFns[i]! % (r.fns.length + (i === 2 ? 1 : 0)) })),
  }));

function canonical(r: VmResult): string {
  const plain = r.ok ? r : { ...r, error: { code: r.error.code, message: r.error.message, at: r.error.at, hostCode: r.error.hostCode, abortCode: r.error.abortCode } };
  return JSON.stringify(plain, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

function tryLoad(bytes: Uint8Array): Program | undefined {
  try {
    return loadContract(bytes);
  } catch (e) {
    if (!(e instanceof VmError)) throw e;
    return undefined;
  }
}

describe('fuzzing random bytecode', () => {
  it('random bytes: the loader returns a program or throws a VmError', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([...CONTRACT_MAGIC, ...b])));
    fc.assert(fc.property(bytes, (b) => void tryLoad(b)), { seed: 20261101, numRuns: 2000 });
  });

  it('random contracts: refused, or every entry runs to a result or VmError within its gas, the same twice', () => {
    let valid = 0;
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(contractArb, fc.array(int64, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 20_000 }), (c, args, gasLimit) => {
        let bytes: Uint8Array;
        try {
          bytes = encodeContract(c);
        } catch (e) {
          if (e instanceof VmError) return;
          throw e;
        }
        const p = tryLoad(bytes);
        if (!p) return;
        valid++;
        for (const e of p.contract.entries) {
          const n = p.contract.functions[e.fn]!.params;
          const run = () => {
            const storage = createMemoryStorage([[1n, 7n]]);
            const r = execute(p, { entry: e.name, args: args.slice(0, n), gasLimit, host: fuzzHost(), storage });
            return { r, storage: storage.entries() };
          };
          const a = run();
          const b = run();
          expect(a.r.gasUsed).toBeGreaterThanOrEqual(0);
          expect(a.r.gasUsed).toBeLessThanOrEqual(gasLimit);
          if (!a.r.ok) expect(a.r.error).toBeInstanceOf(VmError);
          expect(canonical(b.r)).toBe(canonical(a.r));
          expect(b.storage).toEqual(a.storage);
          const key = a.r.ok ? 'ok' : a.r.error.code;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }),
      { seed: 20261102, numRuns: 3000 },
    );
    // The generator must reach the interpreter, not only the validator, and its traps.
    expect(valid).toBeGreaterThan(300);
    expect(hostCalls).toBeGreaterThan(100);
    for (const code of ['ok', 'OUT_OF_GAS', 'STACK_UNDERFLOW', 'STACK_OVERFLOW', 'OVERFLOW', 'DIV_BY_ZERO', 'MEMORY_OUT_OF_RANGE', 'CALL_DEPTH', 'ABORTED', 'HOST_REFUSED']) {
      expect(outcomes.get(code), code).toBeGreaterThan(0);
    }
  });
});
