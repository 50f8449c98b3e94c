import { execute, type VmResult } from '../../../src/vm/interpreter.ts';
import { createMemoryStorage, type VmStorage } from '../../../src/vm/storage.ts';
import type { VmHost } from '../../../src/vm/hostFunctions.ts';
import { program } from './asm.ts';

/** A host for code that makes no host calls: any call is a test failure. */
export const NO_HOST: VmHost = {
  call(id) {
    throw new Error(`unexpected host call ${id}`);
  },
};

/** Gas a run of `main` costs before its first instruction: a CALL (5) with no extra locals and no memory. */
export const START_GAS = 5;

/** Runs one-function code as entry `main`. */
export function runCode(
  code: Uint8Array,
  o: { params?: number; locals?: number; args?: bigint[]; gas?: number; memoryWords?: number; host?: VmHost; storage?: VmStorage } = {},
): VmResult {
  const p = program(code, { params: o.params ?? 0, locals: o.locals ?? o.params ?? 0, memoryWords: o.memoryWords ?? 0 });
  return execute(p, { entry: 'main', args: o.args ?? [], gasLimit: o.gas ?? 1_000_000, host: o.host ?? NO_HOST, storage: o.storage ?? createMemoryStorage() });
}

/** The value of a successful run, or the error code of a failed one. */
export function outcome(r: VmResult): bigint | string {
  return r.ok ? r.value : r.error.code;
}
