import { MODULES } from './modules.ts';
import { join } from 'node:path';
import { readFile, mkdir } from 'node:fs/promises';
export { writeFileAtomic } from '../util/writeFileAtomic.ts';
import { parseGenesis, type Genesis } from '../chain/genesis.ts';

/**
 * A data directory holds one node's chain:
 *   genesis.json  the chain's genesis (its hash identifies the chain)
 *   db/           LevelDB: blocks, state, indexes (src/chain/store)
 *   config.json   operator settings, e.g. { "bootstrap": ["/ip4/…/p2p/…"] }
 *   peer.key      the p2p identity, so a node keeps its peer id across restarts
 */
export interface DataDir {
  readonly root: string;
  readonly genesisFile: string;
  readonly dbDir: string;
  readonly configFile: string;
  readonly peerKeyFile: string;
}

/** Default locations (in their own file so `tesnode --help` can show them cheaply). */
export { TESNODE_HOME, DEFAULT_DATADIR, DEFAULT_DEV_DATADIR, DEFAULT_KEYSTORE } from './defaults.ts';

/** The paths of a data directory. */
export function dataDir(root: string): DataDir {
  return { root, genesisFile: join(root, 'genesis.json'), dbDir: join(root, 'db'), configFile: join(root, 'config.json'), peerKeyFile: join(root, 'peer.key') };
}

/** A node's data directory is not usable; the message says what to do. */
export class DataDirError extends Error {
  readonly code: 'NOT_INITIALISED' | 'BAD_FILE';
  constructor(code: DataDirError['code'], message: string) {
    super(message);
    this.name = 'DataDirError';
    this.code = code;
  }
}

/** Reads and validates the genesis of a data directory. */
export async function readGenesis(dir: DataDir): Promise<Genesis> {
  let text: string;
  try {
    text = await readFile(dir.genesisFile, 'utf8');
  } catch {
    throw new DataDirError('NOT_INITIALISED', `${dir.root} has no genesis.json: run \`tesnode init --datadir ${dir.root} --genesis FILE\`, or \`tesnode start --dev\` for a dev chain`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataDirError('BAD_FILE', `${dir.genesisFile} is not valid JSON: ${(err as Error).message}`);
  }
  return parseGenesis(json, MODULES);
}

/** Operator settings of config.json. */
export interface NodeConfig {
  readonly bootstrap: string[];
}

/** Reads config.json; missing means defaults. */
export async function readConfig(dir: DataDir): Promise<NodeConfig> {
  let text: string;
  try {
    text = await readFile(dir.configFile, 'utf8');
  } catch {
    return { bootstrap: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataDirError('BAD_FILE', `${dir.configFile} is not valid JSON: ${(err as Error).message}`);
  }
  const b = (json as { bootstrap?: unknown }).bootstrap ?? [];
  if (!Array.isArray(b) || b.some((x) => typeof x !== 'string')) throw new DataDirError('BAD_FILE', `${dir.configFile}: bootstrap must be an array of multiaddr strings`);
  return { bootstrap: b as string[] };
}

/** Creates the data directory if missing. */
export async function ensureDataDir(dir: DataDir): Promise<void> {
  await mkdir(dir.root, { recursive: true, mode: 0o700 });
}
