import { applyTransfer } from './transfer.ts';
import { MARKET_BLOCK_HOOKS, MARKET_TX_HANDLERS } from '../../market/handlers.ts';
import type { Overlay } from '../state/overlay.ts';
import type { ChainContext, TxContext } from './context.ts';
import type { BlockHeader } from '../types.ts';

/** Applies one kind of transaction; throws a RuleError to fail it (fee still charged). */
export type TxHandler = (state: Overlay, ctx: TxContext) => void;

/** Runs at the start of every block, before its transactions (e.g. due settlements). */
export type BlockHook = (state: Overlay, header: BlockHeader, ctx: ChainContext) => void;

/** The handler of every transaction kind in txKinds.ts. */
export const TX_HANDLERS: Readonly<Record<string, TxHandler>> = {
  transfer: applyTransfer,
  ...MARKET_TX_HANDLERS,
};

/** Hooks run at the start of each block, in this order. */
export const BLOCK_START_HOOKS: readonly BlockHook[] = [
  // Settles every market period whose metering window has closed, before the block's txs.
  ...MARKET_BLOCK_HOOKS,
];
