/**
 * Preloaded with `node --import` by tests that check what a command loads: records every
 * file module the process loads and writes the list, one path per line relative to the
 * repository, to the file named by TESNODE_IMPORT_TRACE when the process exits.
 */
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..') + '/';
const seen = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith('file:')) seen.add(fileURLToPath(url).replace(root, ''));
    return nextLoad(url, context);
  },
});
process.on('exit', () => {
  const out = process.env.TESNODE_IMPORT_TRACE;
  if (out) writeFileSync(out, [...seen].join('\n') + '\n');
});
