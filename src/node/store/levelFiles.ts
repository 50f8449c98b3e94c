/**
 * Checks a LevelDB directory's files without opening the database: CURRENT names a
 * readable MANIFEST, every table the MANIFEST lists is there with its full size and
 * footer, and the write-ahead logs hold no damaged record before intact ones. LevelDB
 * itself would open over a truncated table (and rewrite its MANIFEST while doing so),
 * fail on a missing one only after rotating its files, and silently drop damaged log
 * records, losing committed blocks; these checks refuse all three first.
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readLevelLog } from './levelLog.ts';
import { ManifestError, readManifest } from './levelManifest.ts';

/** A damaged or missing file of the database. */
export interface FileProblem {
  readonly file: string;
  readonly problem: string;
}

const TABLE_MAGIC = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]; // 0xdb4775248b80fb57 little-endian
const FOOTER_SIZE = 48;

const fileName = (n: number, ext: string) => `${String(n).padStart(6, '0')}.${ext}`;

/**
 * The problems of the database files in `dir`; empty when they are sound, or when the
 * directory holds no database yet.
 */
export async function checkLevelFiles(dir: string): Promise<FileProblem[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  if (!names.includes('CURRENT')) {
    const dbFiles = names.filter((n) => /^(\d+\.(ldb|sst|log)|MANIFEST-\d+)$/.test(n));
    return dbFiles.length ? [{ file: 'CURRENT', problem: `is missing while ${dbFiles.length} database files are present` }] : [];
  }
  const current = (await readFile(join(dir, 'CURRENT'), 'utf8'));
  const manifestName = current.endsWith('\n') ? current.slice(0, -1) : '';
  if (!/^MANIFEST-\d+$/.test(manifestName)) return [{ file: 'CURRENT', problem: `does not name a MANIFEST (it holds ${JSON.stringify(current.slice(0, 40))})` }];
  if (!names.includes(manifestName)) return [{ file: manifestName, problem: 'is missing (CURRENT names it)' }];

  const problems: FileProblem[] = [];
  const manifestLog = readLevelLog(await readFile(join(dir, manifestName)));
  for (const p of manifestLog.problems) problems.push({ file: manifestName, problem: `damaged at byte ${p.offset}: ${p.problem}` });
  if (!manifestLog.records.length) return [...problems, { file: manifestName, problem: 'holds no readable record' }];
  let manifest;
  try {
    manifest = readManifest(manifestLog.records);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    return [...problems, { file: manifestName, problem: `cannot be read: ${err.message}` }];
  }

  for (const [number, size] of [...manifest.tables].sort((a, b) => a[0] - b[0])) {
    const name = [fileName(number, 'ldb'), fileName(number, 'sst')].find((n) => names.includes(n));
    if (!name) {
      problems.push({ file: fileName(number, 'ldb'), problem: `is missing (the MANIFEST lists it, ${size} bytes)` });
      continue;
    }
    const actual = (await stat(join(dir, name))).size;
    if (actual !== size) {
      problems.push({ file: name, problem: actual < size ? `is truncated: ${actual} of ${size} bytes` : `has ${actual} bytes where the MANIFEST says ${size}` });
      continue;
    }
    if (!(await hasTableFooter(join(dir, name), size))) problems.push({ file: name, problem: 'has no valid table footer (its end is overwritten)' });
  }

  const logs = names.filter((n) => /^\d+\.log$/.test(n)).map((n) => ({ name: n, number: Number(n.slice(0, -4)) }));
  if (manifest.logNumber > 0 && !logs.some((l) => l.number === manifest.logNumber)) {
    problems.push({ file: fileName(manifest.logNumber, 'log'), problem: 'is missing: the newest writes it held are lost' });
  }
  for (const log of logs.filter((l) => l.number >= manifest.logNumber || l.number === manifest.prevLogNumber).sort((a, b) => a.number - b.number)) {
    const { problems: damaged } = readLevelLog(await readFile(join(dir, log.name)));
    for (const p of damaged) problems.push({ file: log.name, problem: `damaged at byte ${p.offset} (${p.problem}): writes after it would be lost` });
  }
  return problems;
}

async function hasTableFooter(path: string, size: number): Promise<boolean> {
  if (size < FOOTER_SIZE) return false;
  const fh = await open(path, 'r');
  try {
    const tail = new Uint8Array(8);
    await fh.read(tail, 0, 8, size - 8);
    return TABLE_MAGIC.every((b, i) => tail[i] === b);
  } finally {
    await fh.close();
  }
}
