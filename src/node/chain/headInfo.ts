import type { BlockHeader } from '../../chain/types.ts';

/** The head of the canonical chain. */
export interface HeadInfo {
  readonly hash: Uint8Array;
  readonly header: BlockHeader;
  /** Cumulative proven work from genesis to this block. */
  readonly work: bigint;
}
