import type { BlockHeader } from '../../chain/types.ts';

/** What "the next block" means to admission and queries: the head's child, at the node's time. */
export type NextBlock = Pick<BlockHeader, 'height' | 'timestamp'>;

/** What the helper reads of the chain. */
export interface HeadClock {
  readonly head: { readonly header: BlockHeader };
  now(): number;
}

/**
 * The block a transaction admitted now would join: the head's child, timed by the node's
 * clock but never before the head (the chain's time only moves forward). One definition
 * for mempool admission, RPC and the networking layer.
 */
export function nextBlockOf(chain: HeadClock): NextBlock {
  return { height: chain.head.header.height + 1, timestamp: Math.max(chain.now(), chain.head.header.timestamp + 1) };
}
