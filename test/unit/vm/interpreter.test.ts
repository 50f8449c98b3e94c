import { describe, expect, it } from 'vitest';
import { asm, contract, load } from './asm.ts';
import { NO_HOST, outcome, runCode, START_GAS } from './run.ts';
import { FakeMarket } from './fakeHost.ts';
import { execute } from '../../../src/vm/interpreter.ts';
import { createMemoryStorage } from '../../../src/vm/storage.ts';
import { HostId } from '../../../src/vm/hostFunctions.ts';
import { HostRefusal } from '../../../src/vm/vmError.ts';
import { INT64_MAX, INT64_MIN, MAX_LOGS } from '../../../src/vm/limits.ts';
import type { VmHost } from '../../../src/vm/hostFunctions.ts';

describe('CALL and RET', () => {
  // fn 0 main(): return sub(10, 3) ; fn 1 sub(a, b): return a - b
  const sub = { params: 2, locals: 2, code: asm(['LGET', 0], ['LGET', 1], ['SUB'], ['RET']) };
  it('passes arguments as the callee\'s first locals and pushes its result', () => {
    const p = load(contract([{ params: 0, locals: 0, code: asm(['PUSH1', 10], ['PUSH1', 3], ['CALL', 1], ['RET']) }, sub]));
    const r = execute(p, { entry: 'main', args: [], gasLimit: 1000, host: NO_HOST, storage: createMemoryStorage() });
    expect(outcome(r)).toBe(7n);
    // main: PUSH PUSH CALL(5) RET(2); sub: LGET LGET SUB RET(2)
    expect(r.gasUsed).toBe(START_GAS + 1 + 1 + 5 + 1 + 1 + 1 + 2 + 2);
  });
  it('the caller keeps its own operand values across a call', () => {
    const p = load(contract([{ params: 0, locals: 0, code: asm(['PUSH1', 100], ['PUSH1', 10], ['PUSH1', 3], ['CALL', 1], ['ADD'], ['RET']) }, sub]));
    expect(outcome(execute(p, { entry: 'main', args: [], gasLimit: 1000, host: NO_HOST, storage: createMemoryStorage() }))).toBe(107n);
  });
  it('a callee cannot take its caller\'s values: missing arguments underflow', () => {
    const p = load(contract([{ params: 0, locals: 0, code: asm(['PUSH1', 10], ['CALL', 1], ['RET']) }, sub]));
    expect(outcome(execute(p, { entry: 'main', args: [], gasLimit: 1000, host: NO_HOST, storage: createMemoryStorage() }))).toBe('STACK_UNDERFLOW');
    const q = load(contract([{ params: 0, locals: 0, code: asm(['PUSH1', 1], ['PUSH1', 2], ['CALL', 1], ['RET']) }, { params: 0, locals: 0, code: asm(['ADD'], ['RET']) }]));
    expect(outcome(execute(q, { entry: 'main', args: [], gasLimit: 1000, host: NO_HOST, storage: createMemoryStorage() }))).toBe('STACK_UNDERFLOW');
  });
  it('a callee\'s extra locals start at 0, whatever an earlier call left in those stack slots, and cost 1 gas each', () => {
    const dirty = { params: 0, locals: 2, code: asm(['PUSH1', 99], ['LSET', 1], ['PUSH1', 0], ['RET']) };
    const reader = { params: 0, locals: 2, code: asm(['LGET', 1], ['RET']) };
    const p = load(contract([{ params: 0, locals: 0, code: asm(['CALL', 1], ['POP'], ['CALL', 2], ['RET']) }, dirty, reader]));
    const r = execute(p, { entry: 'main', args: [], gasLimit: 1000, host: NO_HOST, storage: createMemoryStorage() });
    expect(outcome(r)).toBe(0n);
    // CALL = 5 + 2 extra locals
    expect(r.gasUsed).toBe(START_GAS + 7 + (1 + 1 + 1 + 2) + 1 + 7 + (1 + 2) + 2);
  });
  it('calls nest 64 deep at most', () => {
    // fn 1 f(n): if n == 0 return 0 else return f(n - 1)
    const f = { params: 1, locals: 1, code: asm(['LGET', 0], ['JUMPZ', 'zero'], ['LGET', 0], ['PUSH1', 1], ['SUB'], ['CALL', 1], ['RET'], 'zero:', ['PUSH1', 0], ['RET']) };
    const p = load(contract([{ params: 1, locals: 1, code: asm(['LGET', 0], ['CALL', 1], ['RET']) }, f]));
    const run = (n: bigint) => execute(p, { entry: 'main', args: [n], gasLimit: 100_000, host: NO_HOST, storage: createMemoryStorage() });
    expect(outcome(run(62n))).toBe(0n); // main + 63 calls of f = 64 frames
    expect(outcome(run(63n))).toBe('CALL_DEPTH');
  });
  it('RET needs a value on its own operand stack', () => {
    expect(outcome(runCode(asm(['RET']), { params: 1, args: [5n] }))).toBe('STACK_UNDERFLOW');
  });
});

describe('entry points and arguments', () => {
  const p = load(contract([{ params: 2, locals: 2, code: asm(['LGET', 0], ['LGET', 1], ['ADD'], ['RET']) }], { entries: [{ name: 'add', fn: 0 }, { name: 'plus', fn: 0 }] }));
  const run = (entry: string, args: bigint[], gasLimit = 1000) => execute(p, { entry, args, gasLimit, host: NO_HOST, storage: createMemoryStorage() });
  it('runs a named entry with int64 arguments', () => {
    expect(outcome(run('plus', [2n, INT64_MAX - 2n]))).toBe(INT64_MAX);
  });
  it('refuses an unknown entry, a wrong argument count or a value outside int64, using no gas', () => {
    for (const [r, code] of [[run('nope', [1n, 2n]), 'UNKNOWN_ENTRY'], [run('add', [1n]), 'BAD_ARGUMENTS'], [run('add', [1n, INT64_MAX + 1n]), 'BAD_ARGUMENTS'], [run('add', [INT64_MIN - 1n, 0n]), 'BAD_ARGUMENTS']] as const) {
      expect(outcome(r)).toBe(code);
      expect(r.gasUsed).toBe(0);
    }
    const r = run('nope', []);
    expect(!r.ok && r.error.message).toContain('add, plus');
  });
  it('a gas limit below the start cost stops before the first instruction', () => {
    const r = run('add', [1n, 2n], START_GAS - 1);
    expect(outcome(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(START_GAS - 1);
  });
});

describe('gas', () => {
  const code = asm(['PUSH1', 2], ['PUSH1', 3], ['MUL'], ['RET']);
  const cost = START_GAS + 1 + 1 + 2 + 2;
  it('a run with exactly enough gas completes; one less stops with OUT_OF_GAS and uses it all', () => {
    expect(runCode(code, { gas: cost })).toMatchObject({ ok: true, value: 6n, gasUsed: cost });
    const r = runCode(code, { gas: cost - 1 });
    expect(outcome(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(cost - 1);
    expect(!r.ok && r.error.at).toEqual({ fn: 0, offset: 5 });
  });
});

describe('storage', () => {
  it('SGET reads 0 for an unset key; SSET writes, 0 deletes', () => {
    const s = createMemoryStorage([[5n, 70n]]);
    const r = runCode(asm(['PUSH1', 5], ['SGET'], ['PUSH1', 6], ['SGET'], ['ADD'], ['PUSH1', 7], ['PUSH1', 1], ['SSET'], ['PUSH1', 5], ['PUSH1', 0], ['SSET'], ['RET']), { storage: s });
    expect(outcome(r)).toBe(70n);
    expect(s.entries()).toEqual([[7n, 1n]]);
  });
  it('SSET is priced by the bytes it writes: 200 + 25 per byte of key and value', () => {
    const cost = (key: bigint, value: bigint) => runCode(asm(['PUSH8', key], ['PUSH8', value], ['SSET'], ['PUSH1', 0], ['RET'])).gasUsed - (START_GAS + 1 + 1 + 1 + 2);
    expect(cost(0n, 0n)).toBe(200);
    expect(cost(1n, 0n)).toBe(225);
    expect(cost(1n, 127n)).toBe(250);
    expect(cost(1n, 128n)).toBe(275);
    expect(cost(1n, -128n)).toBe(250);
    expect(cost(1n, -129n)).toBe(275);
    expect(cost(INT64_MIN, INT64_MAX)).toBe(200 + 25 * 16);
    expect(runCode(asm(['PUSH1', 1], ['SGET'], ['RET'])).gasUsed).toBe(START_GAS + 1 + 50 + 2);
  });
  it('an SSET the gas cannot pay for writes nothing', () => {
    const s = createMemoryStorage();
    const code = asm(['PUSH1', 1], ['PUSH4', 300], ['SSET'], ['PUSH1', 0], ['RET']);
    const full = START_GAS + 1 + 1 + 275 + 1 + 2;
    const r = runCode(code, { storage: s, gas: full - 4 });
    expect(outcome(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(full - 4);
    expect(s.entries()).toEqual([]);
    expect(outcome(runCode(code, { storage: s, gas: full }))).toBe(0n);
    expect(s.entries()).toEqual([[1n, 300n]]);
  });
});

describe('LOG', () => {
  it('records its values in push order, 20 gas + 10 per value', () => {
    const r = runCode(asm(['PUSH1', 1], ['PUSH1', 2], ['PUSH1', 3], ['LOG', 2], ['LOG', 1], ['PUSH1', 0], ['RET']));
    expect(r).toMatchObject({ ok: true, logs: [[2n, 3n], [1n]] });
    expect(r.gasUsed).toBe(START_GAS + 3 + 40 + 30 + 1 + 2);
    expect(outcome(runCode(asm(['PUSH1', 1], ['LOG', 2], ['PUSH1', 0], ['RET'])))).toBe('STACK_UNDERFLOW');
  });
  it(`a run logs ${MAX_LOGS} records at most`, () => {
    const r = runCode(asm('top:', ['PUSH1', 1], ['LOG', 1], ['JUMP', 'top']), { gas: 100_000 });
    expect(outcome(r)).toBe('LOG_LIMIT');
    expect(r.logs.length).toBe(MAX_LOGS);
  });
});

describe('host calls', () => {
  it('passes arguments in push order, pushes results in order, charges the function\'s gas', () => {
    const m = new FakeMarket();
    const a = m.offer('sell', 11n, 500n, 100n, 7n);
    m.offer('sell', 11n, 900n, 90n, 30n);
    // book_offer(11, SELL, 0) -> id wh landed price; return id*1000 + landed
    const r = runCode(asm(['PUSH1', 11], ['PUSH1', 1], ['PUSH1', 0], ['HOST', HostId.book_offer], ['POP'], ['SWAP', 0], ['POP'], ['SWAP', 0], ['PUSH4', 1000], ['MUL'], ['ADD'], ['RET']), { host: m });
    expect(outcome(r)).toBe(a * 1000n + 107n);
    expect(m.calls).toEqual([{ name: 'book_offer', args: [11n, 1n, 0n] }]);
    expect(r.gasUsed).toBe(START_GAS + 3 + 300 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 2);
  });
  it('a refusal stops the run with HOST_REFUSED and the host\'s code', () => {
    const m = new FakeMarket();
    const id = m.offer('sell', 11n, 500n, 100n);
    const r = runCode(asm(['PUSH8', id], ['PUSH4', 501], ['HOST', HostId.pick], ['RET']), { host: m });
    expect(outcome(r)).toBe('HOST_REFUSED');
    expect(!r.ok && r.error.hostCode).toBe('OVER_PICK');
    expect(!r.ok && r.error.message).toMatch(/^pick refused: OVER_PICK: listing \d+ has 500 Wh left/);
    expect(r.gasUsed).toBe(START_GAS + 1 + 1 + 5000);
  });
  it('a host call the gas cannot pay for never reaches the host', () => {
    const m = new FakeMarket();
    const r = runCode(asm(['HOST', HostId.now_period], ['RET']), { host: m, gas: START_GAS + 19 });
    expect(outcome(r)).toBe('OUT_OF_GAS');
    expect(m.calls).toEqual([]);
  });
  it('missing arguments underflow before the host is called', () => {
    const m = new FakeMarket();
    expect(outcome(runCode(asm(['PUSH1', 1], ['HOST', HostId.pick], ['RET']), { host: m }))).toBe('STACK_UNDERFLOW');
    expect(m.calls).toEqual([]);
  });
  it('a host that breaks its contract is a bug: the exception propagates', () => {
    const wrongCount: VmHost = { call: () => [1n, 2n] };
    expect(() => runCode(asm(['HOST', HostId.now_period], ['RET']), { host: wrongCount })).toThrow(/must return 1 values/);
    const outOfRange: VmHost = { call: () => [INT64_MAX + 1n] };
    expect(() => runCode(asm(['HOST', HostId.now_period], ['RET']), { host: outOfRange })).toThrow(/not an int64/);
    const crash: VmHost = { call: () => { throw new TypeError('boom'); } };
    expect(() => runCode(asm(['HOST', HostId.now_period], ['RET']), { host: crash })).toThrow('boom');
    const refuses: VmHost = { call: () => { throw new HostRefusal('NO', 'no'); } };
    expect(outcome(runCode(asm(['HOST', HostId.now_period], ['RET']), { host: refuses }))).toBe('HOST_REFUSED');
  });
});

describe('rollback protocol', () => {
  it('the chain checkpoints before a run and reverts after a failure: storage and host effects both undo', () => {
    const m = new FakeMarket();
    const id = m.offer('sell', 11n, 500n, 100n);
    const storage = createMemoryStorage([[1n, 5n]]);
    // writes storage, picks 200 Wh, then over-picks: the run fails
    const code = asm(['PUSH1', 1], ['PUSH1', 9], ['SSET'], ['PUSH8', id], ['PUSH4', 200], ['HOST', HostId.pick], ['POP'], ['PUSH8', id], ['PUSH4', 400], ['HOST', HostId.pick], ['RET']);
    const mark = storage.checkpoint();
    const before = m.snapshot();
    const r = runCode(code, { host: m, storage });
    expect(r.ok).toBe(false);
    // the VM itself did not undo anything: it reports, the caller rolls back
    expect(storage.entries()).toEqual([[1n, 9n]]);
    expect(m.s.trades.length).toBe(1);
    storage.revert(mark);
    m.restore(before);
    expect(storage.entries()).toEqual([[1n, 5n]]);
    expect(m.s.trades).toEqual([]);
    expect(m.book(11n, 1n)[0]!.rest).toBe(500n);
  });
});

describe('allowance', () => {
  it('an action beyond the owner\'s allowance is refused with ALLOWANCE_EXCEEDED, and the run rolls back as a whole', () => {
    const m = new FakeMarket({ allowance: { utesPerPeriod: 10n ** 9n, whPerPeriod: 1000n } });
    const id = m.offer('sell', 11n, 5000n, 100n);
    const before = m.snapshot();
    // pick 600 Wh (fits), then 600 more (1,200 > 1,000)
    const code = asm(['PUSH8', id], ['PUSH4', 600], ['HOST', HostId.pick], ['POP'], ['PUSH8', id], ['PUSH4', 600], ['HOST', HostId.pick], ['RET']);
    const r = runCode(code, { host: m });
    expect(outcome(r)).toBe('HOST_REFUSED');
    expect(!r.ok && r.error.hostCode).toBe('ALLOWANCE_EXCEEDED');
    expect(!r.ok && r.error.message).toMatch(/would move 1200 Wh this period, above the owner's allowance of 1000 Wh; the owner can raise it/);
    m.restore(before);
    expect(m.s.trades).toEqual([]);
    expect(m.s.used).toEqual({ utes: 0n, wh: 0n });
  });
});
