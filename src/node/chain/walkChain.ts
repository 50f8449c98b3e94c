import { BlockError } from '../../chain/chainError.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { getMinerCredit } from '../../chain/state/accounts.ts';
import { validateWork } from '../../consensus/validateBlock.ts';
import { DbKey } from '../store/layout.ts';
import { readBlockRecords } from './checkBlockRecords.ts';
import type { Damage } from './storeDamage.ts';
import type { ChainStore } from '../store/chainStore.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { LtHash } from '../../chain/state/ltHash.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Where the walk down the canonical chain starts and stops. */
export interface WalkOptions {
  readonly store: ChainStore;
  readonly ctx: ChainContext;
  readonly genesisHash: Uint8Array;
  readonly headHash: Uint8Array;
  readonly headHeight: number;
  /** The lowest height to read back (0: the whole chain). */
  readonly downTo: number;
  /** The head state and its accumulator, when they are sound: undo records are then replayed against them. */
  readonly headState?: { readonly state: StateReader; readonly acc: LtHash };
  /** Called after each height. */
  readonly onHeight?: (height: number) => void;
}

/** What walking down the chain found. */
export interface WalkResult {
  readonly damage: Damage[];
  /** The canonical block hash of each height walked (undefined where it cannot be told). */
  readonly hashes: Map<number, Uint8Array>;
  /** The lowest height whose block body is damaged or missing, if any. */
  readonly lowestBadBlock: number | undefined;
  /** Undo records were replayed from the head down to here, each giving its parent's state root. */
  readonly undoVerifiedTo: number;
  readonly blocks: number;
  readonly txs: number;
}

/**
 * Walks the canonical chain from the head down to `downTo`, reading back every record
 * of every block (readBlockRecords), following parent links, and, from a sound head
 * state, applying each block's undo record backwards: the state after undoing block h
 * must have block h-1's state root, and block h's proof of work, checked with the
 * miner's credit in that state, must account for the step in cumulative work between
 * the two index entries. Reads only.
 */
export async function walkChain(opts: WalkOptions): Promise<WalkResult> {
  const { store, ctx, headHeight, downTo } = opts;
  const damage: Damage[] = [];
  const hashes = new Map<number, Uint8Array>();
  let lowestBadBlock: number | undefined;
  let view = opts.headState ? new UndoView(opts.headState.state) : undefined;
  let acc = opts.headState?.acc.clone();
  let undoVerifiedTo = headHeight;
  // Block h+1's cumulative work and its own work, to check against block h's entry.
  let child: { cumulative: bigint; work: bigint } | undefined;
  let expected: Uint8Array | undefined = opts.headHash;
  let blocks = 0;
  let txs = 0;

  for (let h = headHeight; h >= downTo; h--) {
    const rec = await readBlockRecords(store, ctx, h, expected);
    damage.push(...rec.damage);
    blocks++;
    txs += rec.txHashes.length;
    if (rec.hash) hashes.set(h, rec.hash);
    if (!rec.block) lowestBadBlock = h;
    if (h === 0 && rec.hash && !bytesEqual(rec.hash, opts.genesisHash)) {
      damage.push({ kind: 'block', height: 0, key: DbKey.block(rec.hash), problem: `the chain leads to ${toHex(rec.hash).slice(0, 16)}…, not this chain's genesis ${toHex(opts.genesisHash).slice(0, 16)}…` });
      lowestBadBlock = 0;
    }

    // The state after undoing block h+1 must be block h's.
    if (view && acc && h < headHeight) {
      if (!rec.header) view = undefined;
      else if (!bytesEqual(acc.root(), rec.header.stateRoot)) {
        damage.push({ kind: 'undo', height: h + 1, key: DbKey.undo(hashes.get(h + 1) ?? new Uint8Array(32)), problem: `undoing block ${h + 1} does not give block ${h}'s state root` });
        view = undefined;
      } else undoVerifiedTo = h;
    }
    if (child && rec.index && rec.index.cumulativeWork !== child.cumulative - child.work) {
      damage.push({ kind: 'index', height: h + 1, key: DbKey.index(hashes.get(h + 1)!), problem: `its cumulative work is not block ${h}'s plus the work block ${h + 1} proves` });
    }
    child = undefined;

    // Undo block h, to check block h-1 at the next step.
    if (view && acc && h > 0 && h > downTo) {
      if (!rec.undo || !rec.header) view = undefined;
      else {
        for (const [key, prev] of rec.undo) {
          acc.update(key, view.get(key), prev ?? undefined);
          view.set(key, prev);
        }
        if (rec.block && rec.index && rec.hash) {
          try {
            const work = validateWork(rec.hash, rec.header, getMinerCredit(view, rec.header.miner), ctx);
            child = { cumulative: rec.index.cumulativeWork, work };
          } catch (err) {
            if (!(err instanceof BlockError)) throw err;
            damage.push({ kind: 'undo', height: h, key: DbKey.undo(rec.hash), problem: `after undoing it the miner's credit no longer gives block ${h} its proof of work (${err.message})` });
            view = undefined;
          }
        }
      }
    }
    expected = h > 0 ? rec.header?.parentHash : undefined;
    opts.onHeight?.(h);
  }
  return { damage, hashes, lowestBadBlock, undoVerifiedTo, blocks, txs };
}

/** A state with undo writes over a base that stays untouched (the node's head state). */
class UndoView implements StateReader {
  private readonly base: StateReader;
  private readonly writes = new Map<string, Uint8Array | null>();
  constructor(base: StateReader) {
    this.base = base;
  }
  get(key: string): Uint8Array | undefined {
    const w = this.writes.get(key);
    return w === undefined ? this.base.get(key) : (w ?? undefined);
  }
  set(key: string, value: Uint8Array | null): void {
    this.writes.set(key, value);
  }
}
