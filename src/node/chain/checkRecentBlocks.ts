import { corrupt } from '../store/storeError.ts';
import { describeDamage } from './storeDamage.ts';
import { walkChain } from './walkChain.ts';
import type { ChainStore } from '../store/chainStore.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { LtHash } from '../../chain/state/ltHash.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { HeadInfo } from './headInfo.ts';

/**
 * Blocks read back at every start (`tesnode start --check-blocks N`): about 0.1 s on
 * this project's test machine (docs/storage.md has the figure), covering the blocks a
 * reorg would undo and the ones peers syncing the tip ask for.
 */
export const DEFAULT_CHECK_BLOCKS = 288;

/**
 * The bounded check at start (bitcoind's -checkblocks): reads back every record of the
 * last `count` blocks and undoes them from the head state, each undo giving the parent's
 * state root. Throws a CORRUPT StoreError listing what is damaged, so the node never
 * starts over a store it would serve or reorganise wrongly.
 */
export async function checkRecentBlocks(opts: { store: ChainStore; ctx: ChainContext; genesisHash: Uint8Array; head: HeadInfo; state: StateReader; acc: LtHash; count: number }): Promise<void> {
  const { store, head, count } = opts;
  if (count <= 0) return;
  const height = head.header.height;
  const walk = await walkChain({ store, ctx: opts.ctx, genesisHash: opts.genesisHash, headHash: head.hash, headHeight: height, downTo: Math.max(0, height - count), headState: { state: opts.state, acc: opts.acc } });
  if (!walk.damage.length) return;
  const shown = walk.damage.slice(0, 3).map(describeDamage).join('; ');
  const more = walk.damage.length > 3 ? ` and ${walk.damage.length - 3} more` : '';
  throw corrupt(store.dir, `the last ${Math.min(count, height)} blocks hold ${walk.damage.length} damaged record${walk.damage.length > 1 ? 's' : ''} (${shown}${more})`);
}

