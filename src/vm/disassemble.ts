import { OP_BY_CODE } from './opcodes.ts';
import { HOST_BY_ID } from './hostFunctions.ts';
import { validateContract } from './validate.ts';
import type { Contract } from './contract.ts';

/**
 * A readable listing of a contract: entry points, then each function's instructions with
 * byte offsets, host calls by name. Validates first (throws VmError), so what it prints
 * is exactly what the VM would run. For `contract show` and for reading compiler output.
 */
export function disassemble(c: Contract): string {
  const v = validateContract(c);
  const lines: string[] = [`memory ${c.memoryWords} words`];
  for (const e of c.entries) lines.push(`entry ${e.name} -> fn ${e.fn}`);
  for (const [i, list] of v.instructions.entries()) {
    const f = c.functions[i]!;
    lines.push(`fn ${i} (params ${f.params}, locals ${f.locals}):`);
    for (const ins of list) {
      const info = OP_BY_CODE[ins.op]!;
      let arg = '';
      if (info.imm !== 'none') arg = ` ${ins.imm}`;
      if (info.name === 'HOST') arg += ` (${HOST_BY_ID[ins.imm as number]!.name})`;
      lines.push(`  ${String(ins.offset).padStart(5)}  ${info.name}${arg}`);
    }
  }
  return lines.join('\n');
}
