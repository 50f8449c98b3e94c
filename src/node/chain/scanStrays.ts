import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { decodeTrusted } from '../../chain/codec.ts';
import { decodeBlock, headerHash } from '../../chain/block.ts';
import { txHash } from '../../chain/tx.ts';
import { DbKey, SCHEMA_VERSION } from '../store/layout.ts';
import { readOrDamage, type Damage } from './storeDamage.ts';
import type { ChainStore } from '../store/chainStore.ts';
import type { ChainContext } from '../../chain/module/context.ts';

/** What the scan knows of the canonical chain (from walking it). */
export interface CanonicalChain {
  readonly headHeight: number;
  readonly genesisHash: Uint8Array;
  /** Canonical hash by height, every height from 0 to the head. */
  readonly hashes: Map<number, Uint8Array>;
  /** Transactions in canonical blocks (each has a location record, checked by the walk). */
  readonly txs: number;
}

const KNOWN_META = new Set<string>([DbKey.head, DbKey.acc, DbKey.genesis, DbKey.schema]);

/**
 * Reads every key outside the state and finds records the walk down the canonical
 * chain cannot see: heights above the head, undo records, receipts and transaction
 * locations of blocks that are not canonical, side blocks that are damaged, and the
 * meta records (genesis, layout, an unfinished repair).
 */
export async function scanStrays(store: ChainStore, ctx: ChainContext, chain: CanonicalChain, onKeys?: (n: number) => void): Promise<Damage[]> {
  const damage: Damage[] = [];
  const canonical = new Set([...chain.hashes.values()].map(toHex));
  let seen = 0;
  const tick = () => ++seen % 10_000 === 0 && onKeys?.(seen);

  const meta = async (key: string) => readOrDamage(damage, 'meta', undefined, key, () => store.get(key));
  const storedGenesis = await meta(DbKey.genesis);
  if (!storedGenesis || !bytesEqual(storedGenesis, chain.genesisHash)) damage.push({ kind: 'meta', key: DbKey.genesis, problem: storedGenesis ? 'is not the genesis hash of this chain' : 'missing' });
  const schema = await meta(DbKey.schema);
  if (!schema || safeDecode(schema) !== SCHEMA_VERSION) damage.push({ kind: 'meta', key: DbKey.schema, problem: schema ? `is not layout ${SCHEMA_VERSION}` : 'missing' });

  await readOrDamage(damage, 'stray', undefined, 'm/', async () => {
    for await (const key of store.keys('m/')) {
      tick();
      if (key === DbKey.repairMarker) damage.push({ kind: 'meta', key, problem: 'a `tesnode repair` was interrupted here' });
      else if (!KNOWN_META.has(key)) damage.push({ kind: 'stray', key, problem: 'an unknown record' });
    }
  });

  await readOrDamage(damage, 'stray', undefined, 'h/', async () => {
    for await (const key of store.keys('h/')) {
      tick();
      const h = Number(key.slice(2));
      if (!/^h\/\d{10}$/.test(key) || h > chain.headHeight) damage.push({ kind: 'stray', key, problem: `a height index above the head (${chain.headHeight})` });
    }
  });

  // Undo records and receipts exist for canonical blocks only.
  for (const prefix of ['u/', 'r/']) {
    await readOrDamage(damage, 'stray', undefined, prefix, async () => {
      for await (const key of store.keys(prefix)) {
        tick();
        if (!canonical.has(key.slice(2))) damage.push({ kind: 'stray', key, problem: `${prefix === 'u/' ? 'an undo record' : 'receipts'} of a block not on the canonical chain` });
      }
    });
  }

  // Every canonical transaction's location was checked by the walk; more records than
  // transactions means some point at blocks, or positions, they are not in.
  let locations = 0;
  await readOrDamage(damage, 'stray', undefined, 't/', async () => {
    for await (const _ of store.keys('t/')) {
      tick();
      locations++;
    }
  });
  if (locations > chain.txs) await readOrDamage(damage, 'stray', undefined, 't/', async () => damage.push(...(await findStrayLocations(store, ctx, canonical))));

  // Side and invalid blocks: their index entries and bodies must read back as what their keys name.
  for (const prefix of ['i/', 'b/']) {
    await readOrDamage(damage, 'stray', undefined, prefix, async () => {
      const keys: string[] = [];
      for await (const key of store.keys(prefix)) {
        tick();
        if (!canonical.has(key.slice(2))) keys.push(key);
      }
      for (const key of keys) await checkSideRecord(store, ctx, key, damage);
    });
  }

  // Keys outside every prefix of the layout.
  const known = ['b/', 'h/', 'i/', 'm/', 'r/', 's/', 't/', 'u/'];
  const gaps = known.map((p, i) => [i === 0 ? '' : prefixEnd(known[i - 1]!), p] as const).concat([[prefixEnd(known.at(-1)!), '\uffff']]);
  for (const [gte, lt] of gaps) {
    await readOrDamage(damage, 'stray', undefined, gte, async () => {
      for await (const key of store.keysBetween(gte, lt)) damage.push({ kind: 'stray', key, problem: 'an unknown record' });
    });
  }
  return damage;
}

async function checkSideRecord(store: ChainStore, ctx: ChainContext, key: string, damage: Damage[]): Promise<void> {
  const hash = Buffer.from(key.slice(2), 'hex');
  if (hash.length !== 32) return void damage.push({ kind: 'stray', key, problem: 'its key is not a block hash' });
  if (key.startsWith('i/')) {
    const index = await readOrDamage(damage, 'index', undefined, key, () => store.getIndex(hash));
    if (index?.status === 'applied') damage.push({ kind: 'index', key, problem: `says 'applied', but block ${index.height} of the canonical chain is another` });
    return;
  }
  const bytes = await readOrDamage(damage, 'block', undefined, key, () => store.getBlockBytes(hash));
  if (!bytes) return;
  try {
    if (!bytesEqual(headerHash(decodeBlock(bytes, ctx.modules).header), hash)) damage.push({ kind: 'block', key, problem: 'a side block whose body is another block' });
  } catch (err) {
    damage.push({ kind: 'block', key, problem: `a side block that does not decode (${(err as Error).message})` });
  }
}

async function findStrayLocations(store: ChainStore, ctx: ChainContext, canonical: Set<string>): Promise<Damage[]> {
  const damage: Damage[] = [];
  const blockTxs = new Map<string, string[] | undefined>();
  for await (const [key, raw] of store.entries('t/')) {
    let loc: [Uint8Array, number];
    try {
      loc = decodeTrusted(raw) as [Uint8Array, number];
      if (!(loc[0] instanceof Uint8Array)) throw new Error('no block hash');
    } catch {
      damage.push({ kind: 'tx', key, problem: 'does not decode' });
      continue;
    }
    const blockHex = toHex(loc[0]);
    if (!canonical.has(blockHex)) {
      damage.push({ kind: 'stray', key, problem: `points at block ${blockHex.slice(0, 16)}…, which is not on the canonical chain` });
      continue;
    }
    if (!blockTxs.has(blockHex)) {
      blockTxs.set(blockHex, await txHashesOf(store, ctx, loc[0]));
      if (blockTxs.size > 256) blockTxs.delete(blockTxs.keys().next().value!);
    }
    const txs = blockTxs.get(blockHex);
    // A canonical block whose body is damaged is reported by the walk; its locations cannot be told apart.
    if (txs && txs[loc[1]] !== key.slice(2)) damage.push({ kind: 'stray', key, problem: `points at position ${loc[1]} of block ${blockHex.slice(0, 16)}…, which holds another transaction` });
  }
  return damage;
}

async function txHashesOf(store: ChainStore, ctx: ChainContext, hash: Uint8Array): Promise<string[] | undefined> {
  try {
    const bytes = await store.getBlockBytes(hash);
    const block = bytes && decodeBlock(bytes, ctx.modules);
    return block && bytesEqual(headerHash(block.header), hash) ? block.txs.map((t) => toHex(txHash(t))) : undefined;
  } catch {
    return undefined;
  }
}

function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function safeDecode(raw: Uint8Array): unknown {
  try {
    return decodeTrusted(raw);
  } catch {
    return undefined;
  }
}
