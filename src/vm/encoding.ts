import { VmError } from './vmError.ts';
import { MAX_CONTRACT_BYTES, MAX_ENTRIES, MAX_ENTRY_NAME, MAX_FUNCTIONS, MAX_MEMORY_WORDS } from './limits.ts';
import type { Contract, ContractEntry, ContractFunction } from './contract.ts';

/** The four bytes every encoded contract starts with: "TVM" and format version 1. */
export const CONTRACT_MAGIC = Uint8Array.of(0x54, 0x56, 0x4d, 0x01);

/**
 * The canonical bytes of a contract (all integers big-endian):
 *   magic "TVM" 0x01 · u16 memoryWords · u16 functionCount ·
 *   per function: u8 params · u8 locals · u16 codeLength · code ·
 *   u8 entryCount · per entry: u8 nameLength · name (ASCII) · u16 function index.
 * One contract has one encoding: no optional fields, no padding, entries sorted by name
 * (validateContract checks the order). Throws VmError TOO_LARGE when a count or size does
 * not fit its field or the whole exceeds MAX_CONTRACT_BYTES.
 */
export function encodeContract(c: Contract): Uint8Array {
  if (c.functions.length > MAX_FUNCTIONS) throw new VmError('TOO_LARGE', `a contract has at most ${MAX_FUNCTIONS} functions, this one ${c.functions.length}`);
  if (c.entries.length > MAX_ENTRIES) throw new VmError('TOO_LARGE', `a contract has at most ${MAX_ENTRIES} entry points, this one ${c.entries.length}`);
  if (!Number.isInteger(c.memoryWords) || c.memoryWords < 0 || c.memoryWords > MAX_MEMORY_WORDS) throw new VmError('TOO_LARGE', `memory is 0 to ${MAX_MEMORY_WORDS} words, got ${c.memoryWords}`);
  const names = c.entries.map((e) => new TextEncoder().encode(e.name));
  const size = encodedContractSize(c);
  if (size > MAX_CONTRACT_BYTES) throw new VmError('TOO_LARGE', `the contract encodes to ${size} bytes, above the cap of ${MAX_CONTRACT_BYTES}; split it or simplify it`);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(CONTRACT_MAGIC, 0);
  let at = 4;
  view.setUint16(at, c.memoryWords);
  view.setUint16(at + 2, c.functions.length);
  at += 4;
  for (const [i, f] of c.functions.entries()) {
    if (f.code.length > 0xffff) throw new VmError('TOO_LARGE', `function ${i} has ${f.code.length} bytes of code, above 65535`);
    if (!isU8(f.params) || !isU8(f.locals)) throw new VmError('TOO_LARGE', `function ${i}: params and locals are 0 to 255`);
    out[at] = f.params;
    out[at + 1] = f.locals;
    view.setUint16(at + 2, f.code.length);
    out.set(f.code, at + 4);
    at += 4 + f.code.length;
  }
  out[at++] = c.entries.length;
  for (const [i, e] of c.entries.entries()) {
    const name = names[i]!;
    if (name.length > MAX_ENTRY_NAME) throw new VmError('TOO_LARGE', `entry name '${e.name}' is longer than ${MAX_ENTRY_NAME} bytes`);
    if (!Number.isInteger(e.fn) || e.fn < 0 || e.fn > 0xffff) throw new VmError('TOO_LARGE', `entry '${e.name}' names function ${e.fn}, not a u16`);
    out[at++] = name.length;
    out.set(name, at);
    at += name.length;
    view.setUint16(at, e.fn);
    at += 2;
  }
  return out;
}

/** The length of a contract's encoding, in bytes. */
export function encodedContractSize(c: Contract): number {
  let size = 4 + 2 + 2 + 1;
  for (const f of c.functions) size += 4 + f.code.length;
  for (const e of c.entries) size += 1 + new TextEncoder().encode(e.name).length + 2;
  return size;
}

const isU8 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 255;

/**
 * Reads an encoded contract, checking its shape and sizes before trusting any of it:
 * size cap first, then magic and version, every count and length against the bytes that
 * remain, no trailing bytes. Throws VmError TOO_LARGE or MALFORMED. The code itself is
 * checked by validateContract (loadContract does both).
 */
export function decodeContract(bytes: Uint8Array): Contract {
  if (!(bytes instanceof Uint8Array)) throw new VmError('MALFORMED', 'a contract is bytes (Uint8Array)');
  if (bytes.length > MAX_CONTRACT_BYTES) throw new VmError('TOO_LARGE', `the contract is ${bytes.length} bytes, above the cap of ${MAX_CONTRACT_BYTES}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw new VmError('MALFORMED', `the contract ends inside ${what} (byte ${at}, ${n} more needed, ${bytes.length - at} left): it is truncated or not a contract`);
  };
  need(4, 'the header');
  if (CONTRACT_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new VmError('MALFORMED', 'not a contract of this VM: the bytes must start with "TVM" and version 1; compile the source with the contract compiler');
  }
  at = 4;
  need(4, 'the header');
  const memoryWords = view.getUint16(at);
  const functionCount = view.getUint16(at + 2);
  at += 4;
  if (memoryWords > MAX_MEMORY_WORDS) throw new VmError('TOO_LARGE', `the contract declares ${memoryWords} memory words, above the cap of ${MAX_MEMORY_WORDS}`);
  if (functionCount === 0) throw new VmError('MALFORMED', 'the contract has no functions');
  if (functionCount > MAX_FUNCTIONS) throw new VmError('TOO_LARGE', `the contract declares ${functionCount} functions, above the cap of ${MAX_FUNCTIONS}`);
  const functions: ContractFunction[] = [];
  for (let i = 0; i < functionCount; i++) {
    need(4, `the header of function ${i}`);
    const params = bytes[at]!;
    const locals = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    at += 4;
    need(length, `the code of function ${i}`);
    functions.push({ params, locals, code: bytes.slice(at, at + length) });
    at += length;
  }
  need(1, 'the entry count');
  const entryCount = bytes[at++]!;
  if (entryCount > MAX_ENTRIES) throw new VmError('TOO_LARGE', `the contract declares ${entryCount} entry points, above the cap of ${MAX_ENTRIES}`);
  const entries: ContractEntry[] = [];
  for (let i = 0; i < entryCount; i++) {
    need(1, `the name length of entry ${i}`);
    const length = bytes[at++]!;
    if (length === 0 || length > MAX_ENTRY_NAME) throw new VmError('MALFORMED', `entry ${i} has a name of ${length} bytes; names are 1 to ${MAX_ENTRY_NAME}`);
    need(length + 2, `entry ${i}`);
    let name = '';
    for (let j = 0; j < length; j++) name += String.fromCharCode(bytes[at + j]!);
    at += length;
    entries.push({ name, fn: view.getUint16(at) });
    at += 2;
  }
  if (at !== bytes.length) throw new VmError('MALFORMED', `${bytes.length - at} bytes follow the last entry point; a contract ends there`);
  return { memoryWords, functions, entries };
}
