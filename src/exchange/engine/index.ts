/**
 * tesnode's trading engine: a continuous double auction and a uniform-price call auction
 * per delivery period, over any store that implements BookStore. Deterministic: bigint
 * money and energy, no clocks, no floats, every tie broken by a total order.
 * See docs/exchange.md.
 */
export type { Arrival, AmendResult, AuctionResult, BookFill, BookOrder, CallOrderInput, FeeSchedule, Fill, OrderInput, PlaceResult, RemovedOrder, Side, TimeInForce, Venue } from './types.ts';
export { TIME_IN_FORCE } from './types.ts';
export { ExchangeError, type ExchangeErrorCode } from './exchangeError.ts';
export type { BookRecords, BookStore, CallSideRecord, LadderRecord, LevelRecord, MetaRecord, OrderRecord, RecordKind } from './bookStore.ts';
export { MemoryBookStore } from './memoryBookStore.ts';
export { MAX_PRICE, MAX_WH } from './validate.ts';
export { placeOrder } from './placeOrder.ts';
export { cancelOrder } from './cancelOrder.ts';
export { amendOrder, type AmendInput } from './amendOrder.ts';
export { collectOrder } from './collectOrder.ts';
export { clearCallAuction } from './auction/clearCallAuction.ts';
export { closeBook } from './closeBook.ts';
export { getDepth, getOrder, readBook, readBookSide, type DepthLevel } from './queries.ts';
