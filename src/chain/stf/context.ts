import type { ChainParams } from '../params.ts';
import type { BlockHeader, Tx } from '../types.ts';

/** What the state transition knows about the chain: fixed by the genesis. */
export interface ChainContext {
  readonly chainId: string;
  readonly genesisTime: number;
  readonly params: ChainParams;
}

/** What a transaction handler knows: the chain, the block being applied, the transaction. */
export interface TxContext extends ChainContext {
  readonly header: BlockHeader;
  readonly tx: Tx;
  /** The sender's 20-byte account id. */
  readonly sender: Uint8Array;
  readonly txHash: Uint8Array;
  /** Position of the transaction in its block: with the height, a unique, ordered id. */
  readonly txIndex: number;
}
