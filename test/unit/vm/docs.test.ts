import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { OPS } from '../../../src/vm/opcodes.ts';
import { HOST_FUNCTIONS } from '../../../src/vm/hostFunctions.ts';
import { VM_ERROR_CODES } from '../../../src/vm/vmError.ts';
import { compileContract } from '../../../src/vm/lang/index.ts';

// docs/vm.md is what a contract author and a second client read: its tables must say what
// the code does, and its example must compile.
const doc = readFileSync(new URL('../../../docs/vm.md', import.meta.url), 'utf8');
const rows = (pattern: RegExp) => doc.split('\n').map((l) => pattern.exec(l)).filter((m): m is RegExpExecArray => m !== null);

describe('docs/vm.md', () => {
  it('lists every instruction with its opcode, immediate and gas, and no other', () => {
    const table = rows(/^\| (0x[0-9a-f]{2}) \| ([A-Z0-9]+) \| ([^|]*) \| [^|]* \| ([^|]*) \|/);
    expect(table.map((m) => m[2])).toEqual(OPS.map((o) => o.name));
    for (const o of OPS) {
      const m = table.find((r) => r[2] === o.name)!;
      expect(parseInt(m[1]!, 16), o.name).toBe(o.code);
      expect(m[3]!.trim().split(' ')[0], o.name).toBe(o.imm === 'none' ? '—' : o.imm);
      if (o.name !== 'HOST') expect(m[4]!.trim().split(' ')[0], o.name).toBe(String(o.gas));
    }
  });

  it('lists every host function with its id, arguments, results, gas and kind', () => {
    const table = rows(/^\| (\d+) \| `([a-z_]+)` \| ([^|]*) \| ([^|]*) \| (\d+) \| (read|action) \|/);
    expect(table.map((m) => m[2])).toEqual(HOST_FUNCTIONS.map((f) => f.name));
    for (const f of HOST_FUNCTIONS) {
      const m = table.find((r) => r[2] === f.name)!;
      const list = (s: string) => (s.trim() === '—' ? [] : s.trim().split(',').map((x) => x.trim()));
      expect([Number(m[1]), list(m[3]!), list(m[4]!), Number(m[5]), m[6]]).toEqual([f.id, f.args, f.results, f.gas, f.effect]);
    }
  });

  it('explains every error code', () => {
    const table = rows(/^\| `([A-Z_]+)` \| /);
    expect(table.map((m) => m[1])).toEqual([...VM_ERROR_CODES]);
  });

  it('has a language example that compiles', () => {
    const example = doc.slice(doc.indexOf('## The contract language')).split('```')[1]!;
    const c = compileContract(example, { params: { limit: 100 } });
    expect(c.entries.map((e) => e.name)).toEqual(['on_period']);
  });
});
