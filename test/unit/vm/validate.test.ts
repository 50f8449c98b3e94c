import { describe, expect, it } from 'vitest';
import { asm, contract } from './asm.ts';
import { decodeContract, encodeContract, CONTRACT_MAGIC } from '../../../src/vm/encoding.ts';
import { validateContract } from '../../../src/vm/validate.ts';
import { loadContract } from '../../../src/vm/program.ts';
import { Op } from '../../../src/vm/opcodes.ts';
import { HostId } from '../../../src/vm/hostFunctions.ts';
import { VmError } from '../../../src/vm/vmError.ts';
import { MAX_CONTRACT_BYTES, MAX_FUNCTIONS, MAX_MEMORY_WORDS } from '../../../src/vm/limits.ts';
import type { Contract } from '../../../src/vm/contract.ts';

const ret0 = asm(['PUSH1', 0], ['RET']);
const fn = (code: Uint8Array, params = 0, locals = params) => ({ params, locals, code });

/** The VmError code (and message) a contract is refused with at deploy, or 'ok'. */
function verdict(c: Contract): string {
  try {
    loadContract(encodeContract(c));
    return 'ok';
  } catch (e) {
    if (e instanceof VmError) return e.code;
    throw e;
  }
}

function refusal(bytes: Uint8Array): VmError {
  try {
    loadContract(bytes);
  } catch (e) {
    if (e instanceof VmError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('canonical encoding', () => {
  const c: Contract = {
    memoryWords: 3,
    functions: [fn(asm(['LGET', 0], ['RET']), 1, 2), fn(ret0)],
    entries: [{ name: 'a_run', fn: 1 }, { name: 'on_period', fn: 0 }],
  };
  it('round-trips: decode(encode(c)) is c, and encoding it again gives the same bytes', () => {
    const bytes = encodeContract(c);
    const back = decodeContract(bytes);
    expect(back).toEqual(c);
    expect(encodeContract(back)).toEqual(bytes);
  });
  it('lays out header, functions and entries as documented', () => {
    const bytes = encodeContract({ memoryWords: 1, functions: [fn(ret0)], entries: [{ name: 'go', fn: 0 }] });
    expect([...bytes]).toEqual([0x54, 0x56, 0x4d, 0x01, 0, 1, 0, 1, 0, 0, 0, 3, Op.PUSH1, 0, Op.RET, 1, 2, 0x67, 0x6f, 0, 0]);
  });
  it('rejects bytes that are not a contract, truncated or followed by more bytes', () => {
    const bytes = encodeContract(c);
    expect(refusal(Uint8Array.of(1, 2, 3)).code).toBe('MALFORMED');
    expect(refusal(Uint8Array.of(0x54, 0x56, 0x4d, 0x02, 0, 0, 0, 1)).message).toMatch(/must start with "TVM" and version 1/);
    for (let cut = 0; cut < bytes.length; cut++) expect(refusal(bytes.subarray(0, cut)).code).toBe('MALFORMED');
    expect(refusal(Uint8Array.from([...bytes, 0])).message).toMatch(/1 bytes follow the last entry point/);
  });
  it('checks the size cap before reading anything', () => {
    const big = new Uint8Array(MAX_CONTRACT_BYTES + 1);
    big.set(CONTRACT_MAGIC);
    expect(refusal(big).code).toBe('TOO_LARGE');
    expect(() => encodeContract(contract([fn(new Uint8Array(MAX_CONTRACT_BYTES).fill(Op.RET))]))).toThrow(/above the cap/);
  });
  it('rejects counts above the caps from the header alone', () => {
    const header = (memory: number, fns: number) => Uint8Array.of(...CONTRACT_MAGIC, memory >> 8, memory & 255, fns >> 8, fns & 255);
    expect(refusal(header(MAX_MEMORY_WORDS + 1, 1)).code).toBe('TOO_LARGE');
    expect(refusal(header(0, MAX_FUNCTIONS + 1)).code).toBe('TOO_LARGE');
    expect(refusal(header(0, 0)).code).toBe('MALFORMED');
  });
});

describe('deploy-time validation of code', () => {
  it('accepts a well-formed contract', () => {
    expect(verdict(contract([fn(ret0)]))).toBe('ok');
  });
  it('rejects undefined opcodes, 0x00 included', () => {
    for (const op of [0x00, 0x07, 0x0a, 0x16, 0x1f, 0x23, 0x2b, 0x32, 0x3b, 0x41, 0xff]) {
      expect(verdict(contract([fn(Uint8Array.of(op, Op.RET))]))).toBe('BAD_OPCODE');
    }
  });
  it('rejects an immediate cut off by the end of the code', () => {
    expect(verdict(contract([fn(Uint8Array.of(Op.RET, Op.PUSH8, 1, 2, 3))]))).toBe('BAD_IMMEDIATE');
    expect(verdict(contract([fn(Uint8Array.of(Op.RET, Op.JUMP, 0))]))).toBe('BAD_IMMEDIATE');
  });
  it('rejects immediates out of bounds: local index, function index, host id, log count', () => {
    expect(verdict(contract([fn(asm(['LGET', 2], ['RET']), 1, 2)]))).toBe('BAD_IMMEDIATE');
    expect(verdict(contract([fn(asm(['LGET', 1], ['RET']), 1, 2)]))).toBe('ok');
    expect(verdict(contract([fn(asm(['PUSH1', 0], ['LSET', 0], ['PUSH1', 0], ['RET']))]))).toBe('BAD_IMMEDIATE');
    expect(verdict(contract([fn(asm(['CALL', 1], ['RET']))]))).toBe('BAD_IMMEDIATE');
    expect(verdict(contract([fn(asm(['HOST', 999], ['RET']))]))).toBe('BAD_IMMEDIATE');
    expect(verdict(contract([fn(asm(['HOST', HostId.now_period], ['RET']))]))).toBe('ok');
    expect(verdict(contract([fn(asm(['LOG', 0], ['PUSH1', 0], ['RET']))]))).toBe('BAD_IMMEDIATE');
    expect(verdict(contract([fn(asm(['LOG', 9], ['PUSH1', 0], ['RET']))]))).toBe('BAD_IMMEDIATE');
  });
  it('rejects a jump into the middle of an instruction or past the end', () => {
    // PUSH4 occupies bytes 0-4; byte 2 is inside it
    expect(verdict(contract([fn(asm(['PUSH4', 7], ['JUMP', 2]))]))).toBe('BAD_JUMP');
    expect(verdict(contract([fn(asm(['PUSH4', 7], ['JUMP', 5]))]))).toBe('ok');
    expect(verdict(contract([fn(asm(['PUSH1', 1], ['JUMPI', 200], ['PUSH1', 0], ['RET']))]))).toBe('BAD_JUMP');
  });
  it('rejects a jump into another function: targets are offsets within the jumping function', () => {
    // fn 0 has instructions at bytes 0, 2, 4, 6, 8, 10; fn 1 is 8 bytes long, so its target 10
    // is past its own end though it would be a boundary in fn 0
    const five = asm(['PUSH1', 0], ['PUSH1', 0], ['PUSH1', 0], ['PUSH1', 0], ['PUSH1', 0], ['RET']);
    const e = refusal(encodeContract(contract([fn(five), fn(asm(['PUSH1', 0], ['JUMPZ', 10], ['JUMP', 0]))])));
    expect(e.code).toBe('BAD_JUMP');
    expect(e.message).toMatch(/^function 1, byte 2: the jump target 10/);
  });
  it('rejects a function that can run past its end', () => {
    expect(verdict(contract([fn(asm(['PUSH1', 0]))]))).toBe('BAD_FUNCTION');
    expect(verdict(contract([fn(asm(['PUSH1', 0], ['JUMPZ', 0]))]))).toBe('BAD_FUNCTION');
    expect(verdict(contract([fn(asm(['PUSH1', 3], ['ABORT']))]))).toBe('ok');
    expect(verdict(contract([fn(asm('x:', ['JUMP', 'x']))]))).toBe('ok');
  });
  it('rejects an inconsistent function table', () => {
    expect(verdict(contract([fn(new Uint8Array(0))]))).toBe('BAD_FUNCTION');
    expect(verdict(contract([fn(ret0, 2, 1)]))).toBe('BAD_FUNCTION');
    expect(verdict(contract([fn(ret0, 17, 17)]))).toBe('BAD_FUNCTION');
    expect(() => validateContract({ memoryWords: 0, functions: [], entries: [] })).toThrow(/no functions/);
  });
  it('rejects entry points that are unsorted, duplicated, badly named or name no function', () => {
    const two = [fn(ret0), fn(ret0)];
    expect(verdict(contract(two, { entries: [{ name: 'a', fn: 0 }, { name: 'b', fn: 1 }] }))).toBe('ok');
    expect(verdict(contract(two, { entries: [{ name: 'b', fn: 0 }, { name: 'a', fn: 1 }] }))).toBe('BAD_ENTRY');
    expect(verdict(contract(two, { entries: [{ name: 'a', fn: 0 }, { name: 'a', fn: 1 }] }))).toBe('BAD_ENTRY');
    expect(verdict(contract(two, { entries: [{ name: 'Run', fn: 0 }] }))).toBe('BAD_ENTRY');
    expect(verdict(contract(two, { entries: [{ name: '9a', fn: 0 }] }))).toBe('BAD_ENTRY');
    expect(verdict(contract(two, { entries: [{ name: 'a', fn: 2 }] }))).toBe('BAD_ENTRY');
  });
});
