import { BlockError } from '../../chain/chainError.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import type { ApplyBlockResult } from '../../chain/stf/applyBlock.ts';
import type { BlockHeader } from '../../chain/types.ts';

/**
 * Layer 3, application: the header's state root and receipt root must equal what the
 * state transition computed. A block claiming another post-state, or other outcomes for
 * its transactions, is invalid.
 */
export function requireRootsMatch(header: BlockHeader, result: Pick<ApplyBlockResult, 'stateRoot' | 'receiptRoot'>): void {
  if (!bytesEqual(result.stateRoot, header.stateRoot)) {
    throw new BlockError('BAD_STATE_ROOT', `state root ${toHex(header.stateRoot).slice(0, 16)} does not match the computed ${toHex(result.stateRoot).slice(0, 16)}`);
  }
  if (!bytesEqual(result.receiptRoot, header.receiptRoot)) {
    throw new BlockError('BAD_RECEIPT_ROOT', `receipt root ${toHex(header.receiptRoot).slice(0, 16)} does not match the computed ${toHex(result.receiptRoot).slice(0, 16)}`);
  }
}
