import { describe, expect, it } from 'vitest';
import { asm, type AsmLine } from './asm.ts';
import { outcome, runCode, START_GAS } from './run.ts';
import { INT64_MAX as MAX, INT64_MIN as MIN } from '../../../src/vm/limits.ts';
import type { OpName } from '../../../src/vm/opcodes.ts';

// Per instruction: the value it leaves, the gas it costs (the documented gas table), the
// values it takes (fewer traps STACK_UNDERFLOW) and its traps.
const run2 = (op: OpName, a: bigint, b: bigint) => runCode(asm(['PUSH8', a], ['PUSH8', b], [op], ['RET']));

describe('binary arithmetic and comparisons', () => {
  const cases: Array<[OpName, bigint, bigint, bigint | string]> = [
    ['ADD', 2n, 3n, 5n], ['ADD', -5n, 3n, -2n], ['ADD', MAX, MIN, -1n], ['ADD', MAX, 1n, 'OVERFLOW'], ['ADD', MIN, -1n, 'OVERFLOW'],
    ['SUB', 5n, 7n, -2n], ['SUB', MAX, MAX, 0n], ['SUB', MIN, 1n, 'OVERFLOW'], ['SUB', 0n, MIN, 'OVERFLOW'], ['SUB', -1n, MIN, MAX],
    ['MUL', -3n, 4n, -12n], ['MUL', 1n << 31n, 1n << 31n, 1n << 62n], ['MUL', 1n << 32n, 1n << 31n, 'OVERFLOW'], ['MUL', MAX, 2n, 'OVERFLOW'],
    ['MUL', MIN, -1n, 'OVERFLOW'], ['MUL', MIN, 1n, MIN], ['MUL', -(1n << 32n), 1n << 31n, MIN],
    ['DIV', 7n, 2n, 3n], ['DIV', -7n, 2n, -3n], ['DIV', 7n, -2n, -3n], ['DIV', MIN, 1n, MIN], ['DIV', 1n, 0n, 'DIV_BY_ZERO'], ['DIV', MIN, -1n, 'OVERFLOW'],
    ['MOD', 7n, 3n, 1n], ['MOD', -7n, 3n, -1n], ['MOD', 7n, -3n, 1n], ['MOD', MIN, -1n, 0n], ['MOD', 5n, 0n, 'DIV_BY_ZERO'],
    ['EQ', 4n, 4n, 1n], ['EQ', 4n, -4n, 0n], ['NE', 4n, 4n, 0n], ['NE', MIN, MAX, 1n],
    ['LT', -1n, 0n, 1n], ['LT', 0n, 0n, 0n], ['LE', 0n, 0n, 1n], ['LE', 1n, 0n, 0n],
    ['GT', 0n, -1n, 1n], ['GT', 0n, 0n, 0n], ['GE', 0n, 0n, 1n], ['GE', MIN, MAX, 0n],
  ];
  it.each(cases)('%s %d, %d -> %s', (op, a, b, want) => {
    expect(outcome(run2(op, a, b))).toBe(want);
  });

  const gas: Array<[OpName, number]> = [['ADD', 1], ['SUB', 1], ['MUL', 2], ['DIV', 3], ['MOD', 3], ['EQ', 1], ['NE', 1], ['LT', 1], ['LE', 1], ['GT', 1], ['GE', 1]];
  it.each(gas)('%s costs %i gas and takes two values', (op, g) => {
    // two PUSH (1 each), the op, RET (2)
    expect(run2(op, 6n, 3n).gasUsed).toBe(START_GAS + 1 + 1 + g + 2);
    const short = runCode(asm(['PUSH1', 1], [op], ['RET']));
    expect(outcome(short)).toBe('STACK_UNDERFLOW');
    expect(short.gasUsed).toBe(START_GAS + 1 + g);
  });

  it('a trap charges the trapping instruction and stops there', () => {
    const r = run2('DIV', 1n, 0n);
    expect(r.ok).toBe(false);
    expect(r.gasUsed).toBe(START_GAS + 1 + 1 + 3);
    expect(!r.ok && r.error.at).toEqual({ fn: 0, offset: 18 });
  });
});

describe('unary operations', () => {
  const run1 = (op: OpName, a: bigint) => runCode(asm(['PUSH8', a], [op], ['RET']));
  it('NEG negates, and traps on INT64_MIN', () => {
    expect(outcome(run1('NEG', 5n))).toBe(-5n);
    expect(outcome(run1('NEG', MAX))).toBe(-MAX);
    expect(outcome(run1('NEG', MIN))).toBe('OVERFLOW');
    expect(run1('NEG', 5n).gasUsed).toBe(START_GAS + 1 + 1 + 2);
  });
  it('NOT gives 1 for zero and 0 for anything else', () => {
    expect(outcome(run1('NOT', 0n))).toBe(1n);
    expect(outcome(run1('NOT', 7n))).toBe(0n);
    expect(outcome(run1('NOT', -1n))).toBe(0n);
  });
  it.each(['NEG', 'NOT'] as const)('%s on an empty stack underflows', (op) => {
    expect(outcome(runCode(asm([op], ['RET'])))).toBe('STACK_UNDERFLOW');
  });
});

describe('stack instructions', () => {
  it('PUSH1, PUSH4 and PUSH8 push signed immediates, 1 gas each', () => {
    for (const [op, v] of [['PUSH1', -128n], ['PUSH1', 127n], ['PUSH4', -(1n << 31n)], ['PUSH4', (1n << 31n) - 1n], ['PUSH8', MIN], ['PUSH8', MAX]] as const) {
      const r = runCode(asm([op, v], ['RET']));
      expect(outcome(r)).toBe(v);
      expect(r.gasUsed).toBe(START_GAS + 1 + 2);
    }
  });
  it('POP drops the top value', () => {
    expect(outcome(runCode(asm(['PUSH1', 1], ['PUSH1', 2], ['POP'], ['RET'])))).toBe(1n);
    expect(outcome(runCode(asm(['POP'], ['RET'])))).toBe('STACK_UNDERFLOW');
  });
  it('DUP n copies the value n below the top', () => {
    const base: AsmLine[] = [['PUSH1', 1], ['PUSH1', 2], ['PUSH1', 3]];
    expect(outcome(runCode(asm(...base, ['DUP', 0], ['RET'])))).toBe(3n);
    expect(outcome(runCode(asm(...base, ['DUP', 2], ['RET'])))).toBe(1n);
    expect(outcome(runCode(asm(...base, ['DUP', 3], ['RET'])))).toBe('STACK_UNDERFLOW');
  });
  it('SWAP n exchanges the top with the value n+1 below it', () => {
    const base: AsmLine[] = [['PUSH1', 1], ['PUSH1', 2], ['PUSH1', 3]];
    expect(outcome(runCode(asm(...base, ['SWAP', 0], ['RET'])))).toBe(2n);
    expect(outcome(runCode(asm(...base, ['SWAP', 0], ['POP'], ['RET'])))).toBe(3n);
    expect(outcome(runCode(asm(...base, ['SWAP', 1], ['RET'])))).toBe(1n);
    expect(outcome(runCode(asm(...base, ['SWAP', 1], ['POP'], ['POP'], ['RET'])))).toBe(3n);
    expect(outcome(runCode(asm(...base, ['SWAP', 2], ['RET'])))).toBe('STACK_UNDERFLOW');
  });
  it('LGET and LSET read and write locals; arguments are the first locals', () => {
    const code = asm(['LGET', 1], ['LGET', 0], ['SUB'], ['LSET', 2], ['LGET', 2], ['RET']);
    expect(outcome(runCode(code, { params: 2, locals: 3, args: [10n, 3n] }))).toBe(-7n);
    expect(outcome(runCode(asm(['LSET', 0], ['RET']), { locals: 1 }))).toBe('STACK_UNDERFLOW');
  });
  it('the operand stack never reaches into the locals below it', () => {
    expect(outcome(runCode(asm(['POP'], ['PUSH1', 0], ['RET']), { params: 2, args: [1n, 2n] }))).toBe('STACK_UNDERFLOW');
    expect(outcome(runCode(asm(['PUSH1', 1], ['ADD'], ['RET']), { locals: 4 }))).toBe('STACK_UNDERFLOW');
  });
  it('the stack holds 1,024 values, locals included', () => {
    const pushes = (n: number): AsmLine[] => Array.from({ length: n }, () => ['PUSH1', 1] as const);
    expect(outcome(runCode(asm(...pushes(1014), ['RET']), { locals: 10 }))).toBe(1n);
    const over = runCode(asm(...pushes(1015), ['RET']), { locals: 10 });
    expect(outcome(over)).toBe('STACK_OVERFLOW');
    expect(!over.ok && over.error.at?.offset).toBe(1014 * 2);
    expect(outcome(runCode(asm('top:', ['PUSH1', 1], ['JUMP', 'top'])))).toBe('STACK_OVERFLOW');
  });
});

describe('jumps', () => {
  const branch = (op: 'JUMPI' | 'JUMPZ', cond: bigint) => runCode(asm(['PUSH8', cond], [op, 'yes'], ['PUSH1', 0], ['RET'], 'yes:', ['PUSH1', 1], ['RET']));
  it('JUMPI jumps when the popped value is non-zero', () => {
    expect(outcome(branch('JUMPI', 5n))).toBe(1n);
    expect(outcome(branch('JUMPI', -1n))).toBe(1n);
    expect(outcome(branch('JUMPI', 0n))).toBe(0n);
  });
  it('JUMPZ jumps when the popped value is zero', () => {
    expect(outcome(branch('JUMPZ', 0n))).toBe(1n);
    expect(outcome(branch('JUMPZ', 3n))).toBe(0n);
  });
  it('a conditional jump takes its condition off the stack, 1 gas', () => {
    // condition popped: after the jump the stack is empty again, so RET underflows
    expect(outcome(runCode(asm(['PUSH1', 1], ['JUMPI', 'x'], 'x:', ['RET'])))).toBe('STACK_UNDERFLOW');
    expect(branch('JUMPI', 5n).gasUsed).toBe(START_GAS + 1 + 1 + 1 + 2);
    expect(outcome(runCode(asm(['JUMPZ', 'x'], 'x:', ['PUSH1', 0], ['RET'])))).toBe('STACK_UNDERFLOW');
  });
  it('JUMP goes to its target unconditionally', () => {
    expect(outcome(runCode(asm(['JUMP', 'x'], ['PUSH1', 0], ['RET'], 'x:', ['PUSH1', 9], ['RET'])))).toBe(9n);
  });
  it('a loop that never ends stops with OUT_OF_GAS, all gas used', () => {
    const r = runCode(asm('top:', ['JUMP', 'top']), { gas: 1000 });
    expect(outcome(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(1000);
  });
});

describe('memory', () => {
  it('MSTORE and MLOAD use the declared words, zero at the start of every run', () => {
    const code = asm(['PUSH1', 2], ['MLOAD'], ['PUSH1', 2], ['PUSH1', 42], ['MSTORE'], ['PUSH1', 2], ['MLOAD'], ['ADD'], ['RET']);
    const r = runCode(code, { memoryWords: 3 });
    expect(outcome(r)).toBe(42n);
    // memory: 3 words at 1 gas each, charged at the start
    expect(r.gasUsed).toBe(START_GAS + 3 + 1 + 2 + 1 + 1 + 2 + 1 + 2 + 1 + 2);
    expect(outcome(runCode(code, { memoryWords: 3 }))).toBe(42n);
  });
  it.each([3n, -1n, MAX, MIN])('address %d outside 3 words traps', (addr) => {
    expect(outcome(runCode(asm(['PUSH8', addr], ['MLOAD'], ['RET']), { memoryWords: 3 }))).toBe('MEMORY_OUT_OF_RANGE');
    expect(outcome(runCode(asm(['PUSH8', addr], ['PUSH1', 1], ['MSTORE'], ['PUSH1', 0], ['RET']), { memoryWords: 3 }))).toBe('MEMORY_OUT_OF_RANGE');
  });
  it('a contract without memory traps on any access', () => {
    expect(outcome(runCode(asm(['PUSH1', 0], ['MLOAD'], ['RET'])))).toBe('MEMORY_OUT_OF_RANGE');
  });
  it('MSTORE takes address and value', () => {
    expect(outcome(runCode(asm(['PUSH1', 0], ['MSTORE'], ['PUSH1', 0], ['RET']), { memoryWords: 1 }))).toBe('STACK_UNDERFLOW');
  });
});

describe('ABORT', () => {
  it('stops the run with the code the contract gives', () => {
    const r = runCode(asm(['PUSH1', 42], ['ABORT']));
    expect(outcome(r)).toBe('ABORTED');
    expect(!r.ok && r.error.abortCode).toBe(42n);
    expect(r.gasUsed).toBe(START_GAS + 1 + 1);
  });
});

describe('gas of the remaining instructions', () => {
  // Each program runs the instruction once beside PUSH1 (1 gas) and RET (2 gas).
  const cases: Array<[OpName, AsmLine[], number, { locals?: number; memoryWords?: number }]> = [
    ['POP', [['PUSH1', 1], ['PUSH1', 2], ['POP'], ['RET']], 1, {}],
    ['DUP', [['PUSH1', 1], ['DUP', 0], ['RET']], 1, {}],
    ['SWAP', [['PUSH1', 1], ['PUSH1', 2], ['SWAP', 0], ['RET']], 1, {}],
    ['LGET', [['LGET', 0], ['RET']], 1, { locals: 1 }],
    ['LSET', [['PUSH1', 1], ['LSET', 0], ['PUSH1', 0], ['RET']], 1, { locals: 1 }],
    ['JUMP', [['JUMP', 'x'], 'x:', ['PUSH1', 0], ['RET']], 1, {}],
    ['JUMPZ', [['PUSH1', 0], ['JUMPZ', 'x'], 'x:', ['PUSH1', 0], ['RET']], 1, {}],
    ['MLOAD', [['PUSH1', 0], ['MLOAD'], ['RET']], 2, { memoryWords: 1 }],
    ['MSTORE', [['PUSH1', 0], ['PUSH1', 5], ['MSTORE'], ['PUSH1', 0], ['RET']], 2, { memoryWords: 1 }],
  ];
  it.each(cases)('%s costs its documented gas', (_op, lines, gas, o) => {
    const pushes = lines.filter((l) => Array.isArray(l) && l[0] === 'PUSH1').length;
    // extra locals cost 1 each at the start, memory words 1 each
    const start = START_GAS + (o.locals ?? 0) + (o.memoryWords ?? 0);
    expect(runCode(asm(...lines), o).gasUsed).toBe(start + pushes + gas + 2);
  });
});
