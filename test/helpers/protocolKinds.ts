/**
 * Writes docs/protocol/kinds.md from the module registry (src/node/modules.ts MODULES):
 * every transaction kind with its payload schema in wire order and its result schema,
 * and every event type. test/unit/docs/protocol.test.ts fails when the file differs from
 * what this renders, so the protocol documentation cannot drift from the code.
 *
 *   node test/helpers/protocolKinds.ts --write     regenerate the file
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODULES } from '../../src/node/modules.ts';
import type { FieldType, Schema } from '../../src/chain/module/schema.ts';

/** Where the generated tables live. */
export const KINDS_DOC = resolve(import.meta.dirname, '../../docs/protocol/kinds.md');

/** A field type as the docs write it: its wire form, then its JSON form. */
function typeText(t: FieldType): string {
  switch (t.t) {
    case 'address':
      return 'address: bin 20 (JSON `tes1…`)';
    case 'amount':
      return 'amount: int64 ≥ 0, always `d3` + 8 bytes (JSON decimal string)';
    case 'u32':
      return 'u32: shortest msgpack integer, 0…2³²−1';
    case 'hash':
      return 'hash: bin 32 (JSON hex)';
    case 'bytes':
      return `bytes: bin ≤ ${t.max} (JSON hex)`;
    case 'text':
      return `text: str ≤ ${t.max} characters`;
    case 'bool':
      return 'bool';
  }
}

function schemaText(s: Schema): string {
  const names = Object.keys(s);
  if (names.length === 0) return '(empty map)';
  return names.map((n) => `\`${n}\` ${typeText(s[n]!)}`).join('<br>');
}

/** The Markdown of docs/protocol/kinds.md for a module set. */
export function renderKindsDoc(modules = MODULES): string {
  const out: string[] = [
    '# Transaction kinds and events',
    '',
    '<!-- Generated from the module registry by `node test/helpers/protocolKinds.ts --write`; do not edit by hand.',
    '     test/unit/docs/protocol.test.ts fails when this file and the code disagree. -->',
    '',
    'Every kind a node of this release accepts, module by module in registry order (the order',
    'block hooks run in). A transaction\'s `payload` is a msgpack **map** whose keys are exactly',
    'these fields, **in this order** ([encoding.md](encoding.md)); a payload with a field',
    'missing, added or reordered is `MALFORMED`. The result is the map the operation returns,',
    'recorded in the transaction\'s receipt ([blocks.md](blocks.md#receipts)); a failed',
    'operation records an empty result. Who may send each kind and what it checks:',
    '[../market.md](../market.md) and [../credit.md](../credit.md); the amounts it moves:',
    '[market.md](market.md).',
    '',
  ];
  for (const m of modules.modules) {
    const kinds = Object.entries(m.kinds ?? {});
    const events = m.events ?? [];
    if (kinds.length === 0 && events.length === 0) continue;
    out.push(`## Module \`${m.name}\``, '');
    if (kinds.length) {
      out.push('| kind | what it does | payload (wire order) | result |', '| --- | --- | --- | --- |');
      for (const [name, k] of kinds) out.push(`| \`${name}\` | ${k.doc} | ${schemaText(k.schema)} | ${schemaText(k.result)} |`);
      out.push('');
    }
    if (events.length) {
      out.push(`Events of \`${m.name}\` (in receipts, as \`[type, data]\` with data a map in this order):`, '', '| event | data |', '| --- | --- |');
      for (const e of events) out.push(`| \`${e.name}\` | ${schemaText(e.schema)} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

if (process.argv.includes('--write')) {
  writeFileSync(KINDS_DOC, renderKindsDoc());
  process.stdout.write(`wrote ${KINDS_DOC}\n`);
}
