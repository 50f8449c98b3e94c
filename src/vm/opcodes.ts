/**
 * The instruction set: one byte of opcode, then a fixed-size big-endian immediate.
 * Opcode 0x00 and every byte not listed are undefined; validation rejects them at deploy.
 */
export const Op = {
  PUSH1: 0x01,
  PUSH4: 0x02,
  PUSH8: 0x03,
  POP: 0x04,
  DUP: 0x05,
  SWAP: 0x06,
  LGET: 0x08,
  LSET: 0x09,
  ADD: 0x10,
  SUB: 0x11,
  MUL: 0x12,
  DIV: 0x13,
  MOD: 0x14,
  NEG: 0x15,
  EQ: 0x18,
  NE: 0x19,
  LT: 0x1a,
  LE: 0x1b,
  GT: 0x1c,
  GE: 0x1d,
  NOT: 0x1e,
  JUMP: 0x20,
  JUMPI: 0x21,
  JUMPZ: 0x22,
  CALL: 0x28,
  RET: 0x29,
  ABORT: 0x2a,
  MLOAD: 0x30,
  MSTORE: 0x31,
  SGET: 0x38,
  SSET: 0x39,
  LOG: 0x3a,
  HOST: 0x40,
} as const;

/** An opcode's name. */
export type OpName = keyof typeof Op;

/**
 * What follows an opcode: nothing, a signed integer of 1, 4 or 8 bytes (PUSH), an
 * unsigned byte (local index, stack depth, value count) or an unsigned 16-bit number
 * (jump target, function index, host function id).
 */
export type Immediate = 'none' | 'i8' | 'i32' | 'i64' | 'u8' | 'u16';

/** Bytes an immediate takes. */
export const IMMEDIATE_BYTES: Readonly<Record<Immediate, number>> = { none: 0, i8: 1, i32: 4, i64: 8, u8: 1, u16: 2 };

/** One row of the operation table. */
export interface OpInfo {
  readonly code: number;
  readonly name: OpName;
  readonly imm: Immediate;
  /** Gas charged before the instruction runs (see gasOf for the ones that add to it). */
  readonly gas: number;
}

/** Gas of a CALL before the callee's extra locals (1 gas each) are added. */
export const CALL_GAS = 5;
/** Gas of a LOG before its values (LOG_VALUE_GAS each) are added. */
export const LOG_GAS = 20;
/** Gas per value of a LOG. */
export const LOG_VALUE_GAS = 10;
/** Gas of an SSET before the bytes it writes are priced. */
export const SSET_GAS = 200;
/** Gas per byte an SSET writes: the minimal two's-complement bytes of key and value (0 takes none). */
export const SSET_BYTE_GAS = 25;
/** Gas per memory word a contract declares, charged when a run starts. */
export const MEMORY_WORD_GAS = 1;

const row = (name: OpName, imm: Immediate, gas: number): OpInfo => ({ code: Op[name], name, imm, gas });

/** The operation table, in opcode order. */
export const OPS: readonly OpInfo[] = [
  row('PUSH1', 'i8', 1),
  row('PUSH4', 'i32', 1),
  row('PUSH8', 'i64', 1),
  row('POP', 'none', 1),
  row('DUP', 'u8', 1),
  row('SWAP', 'u8', 1),
  row('LGET', 'u8', 1),
  row('LSET', 'u8', 1),
  row('ADD', 'none', 1),
  row('SUB', 'none', 1),
  row('MUL', 'none', 2),
  row('DIV', 'none', 3),
  row('MOD', 'none', 3),
  row('NEG', 'none', 1),
  row('EQ', 'none', 1),
  row('NE', 'none', 1),
  row('LT', 'none', 1),
  row('LE', 'none', 1),
  row('GT', 'none', 1),
  row('GE', 'none', 1),
  row('NOT', 'none', 1),
  row('JUMP', 'u16', 1),
  row('JUMPI', 'u16', 1),
  row('JUMPZ', 'u16', 1),
  row('CALL', 'u16', CALL_GAS),
  row('RET', 'none', 2),
  row('ABORT', 'none', 1),
  row('MLOAD', 'none', 2),
  row('MSTORE', 'none', 2),
  row('SGET', 'none', 50),
  row('SSET', 'none', SSET_GAS),
  row('LOG', 'u8', LOG_GAS),
  row('HOST', 'u16', 0),
];

/** The table indexed by opcode byte; undefined for undefined opcodes. */
export const OP_BY_CODE: ReadonlyArray<OpInfo | undefined> = (() => {
  const t: Array<OpInfo | undefined> = new Array(256).fill(undefined);
  for (const o of OPS) t[o.code] = o;
  return t;
})();

/** Instructions after which control never falls through to the next byte. */
export function isTerminator(code: number): boolean {
  return code === Op.RET || code === Op.JUMP || code === Op.ABORT;
}

// BYTE_LIMITS[n-1] = 2^(8n-1): v fits in n bytes when -2^(8n-1) <= v < 2^(8n-1).
const BYTE_LIMITS = [1n << 7n, 1n << 15n, 1n << 23n, 1n << 31n, 1n << 39n, 1n << 47n, 1n << 55n];

/** Bytes SSET pays for: the minimal two's-complement length of v, 0 for zero (at most 8). */
export function storageBytes(v: bigint): number {
  if (v === 0n) return 0;
  for (let n = 0; n < BYTE_LIMITS.length; n++) {
    const limit = BYTE_LIMITS[n]!;
    if (v < limit && v >= -limit) return n + 1;
  }
  return 8;
}

/** Gas an SSET of (key, value) costs: base plus the bytes it writes. */
export function ssetGas(key: bigint, value: bigint): number {
  return SSET_GAS + SSET_BYTE_GAS * (storageBytes(key) + storageBytes(value));
}
