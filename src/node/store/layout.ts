import { toHex } from '../../chain/bytes.ts';

/**
 * Database key layout (one LevelDB per data directory; keys are UTF-8 strings):
 *   b/<hash>     encoded block
 *   i/<hash>     block index entry: height, parent, cumulative work, status, header
 *   u/<hash>     undo record of a block on the canonical chain
 *   r/<hash>     receipts of a block on the canonical chain
 *   h/<height>   canonical block hash at a height (height zero-padded to 10 digits)
 *   t/<txhash>   where a canonical transaction is: block hash and index
 *   s/<key>      state value (see state/keys.ts)
 *   m/head       hash of the head block
 *   m/acc        LtHash accumulator of the head state (2048 bytes)
 *   m/genesis    genesis hash
 *   m/schema     layout version
 *   m/repair     present while `tesnode repair` rebuilds (the node refuses to start until it finishes)
 * Everything a block changes is written in one batch, so the head, the state and the
 * indexes always move together.
 */
export const DbKey = {
  block: (hash: Uint8Array) => `b/${toHex(hash)}`,
  index: (hash: Uint8Array) => `i/${toHex(hash)}`,
  undo: (hash: Uint8Array) => `u/${toHex(hash)}`,
  receipts: (hash: Uint8Array) => `r/${toHex(hash)}`,
  height: (h: number) => `h/${String(h).padStart(10, '0')}`,
  tx: (hash: Uint8Array) => `t/${toHex(hash)}`,
  state: (key: string) => `s/${key}`,
  head: 'm/head',
  acc: 'm/acc',
  genesis: 'm/genesis',
  schema: 'm/schema',
  repairMarker: 'm/repair',
} as const;

/** Prefix of every state entry. */
export const STATE_PREFIX = 's/';
/** Version of this layout; a directory written by another version is refused. */
// 2: receipts carry results and events; block headers of version 2.
export const SCHEMA_VERSION = 2;
