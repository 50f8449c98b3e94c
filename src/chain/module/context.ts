import type { ChainParams } from '../params.ts';
import type { BlockHeader } from '../types.ts';
import type { EmitEvent } from './receipt.ts';
import type { ModuleSet } from './moduleSet.ts';

/** What the state transition knows about the chain: fixed by the genesis, plus the modules it runs. */
export interface ChainContext {
  readonly chainId: string;
  readonly genesisTime: number;
  readonly params: ChainParams;
  /** The state modules of this chain (transaction kinds, block hooks, genesis sections). */
  readonly modules: ModuleSet;
}

/**
 * What an operation knows while it runs: the chain, the block being applied, who acts,
 * and where in the block it runs. A transaction's operation acts for its sender; a
 * contract's host call acts for the contract's owner, with the same checks.
 */
export interface OpContext extends ChainContext {
  readonly header: BlockHeader;
  /** The 20-byte account the operation acts for (the transaction's sender, or a contract's owner). */
  readonly sender: Uint8Array;
  /** The transaction that caused it (a standing contract run: the block's hook id, see src/vm). */
  readonly txHash: Uint8Array;
  /** Position in the block: with the height, a unique, ordered id of the origin. */
  readonly txIndex: number;
  /** Records an event in the receipt. */
  readonly emit: EmitEvent;
}
