/** Why the engine refused an operation. Stable: the chain maps them to receipt codes. */
export type ExchangeErrorCode =
  | 'BAD_ORDER'
  | 'UNKNOWN_REGION'
  | 'ARRIVAL_ORDER'
  | 'POST_ONLY_CROSSES'
  | 'FOK_UNFILLABLE'
  | 'UNKNOWN_ORDER'
  | 'NOT_OWNER'
  | 'NOTHING_TO_AMEND'
  | 'CALL_SIDE_CONFLICT';

/**
 * The one error class of the engine. An operation that throws it has changed nothing in
 * the store (every check runs before the first write); the message names the problem and
 * what to do instead. A store that contradicts itself (a missing level or chunk) is a bug,
 * not bad input: that throws a plain Error.
 */
export class ExchangeError extends Error {
  readonly code: ExchangeErrorCode;
  constructor(code: ExchangeErrorCode, message: string) {
    // A refusal is an answer, not a fault: skip the stack trace, whose capture costs
    // more than matching the order did (fok and post-only refusals are frequent).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ExchangeError';
    this.code = code;
  }
}
