import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where tesnode keeps its files and where commands find the node, by default. Kept
 * apart from datadir.ts (which reads genesis files with the whole module registry) so
 * that the command line can show these defaults in `--help` without loading chain code.
 */

/** Default home of tesnode's files: $TESNODE_HOME, else ~/.tesnode. */
export const TESNODE_HOME = process.env.TESNODE_HOME ?? join(homedir(), '.tesnode');
/** Default data directory of a node. */
export const DEFAULT_DATADIR = join(TESNODE_HOME, 'data');
/** Default data directory of the dev chain (`tesnode start --dev`). */
export const DEFAULT_DEV_DATADIR = join(TESNODE_HOME, 'dev');
/** Default keystore of the CLI wallet. */
export const DEFAULT_KEYSTORE = join(TESNODE_HOME, 'keystore');
/** JSON-RPC address commands use without --rpc: $TESNODE_RPC, else the port `tesnode start` serves by default. */
export const DEFAULT_RPC_URL = process.env.TESNODE_RPC ?? 'http://127.0.0.1:8645';
