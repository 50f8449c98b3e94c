/** Largest int64 value: every VM value and every result lies in [INT64_MIN, INT64_MAX]. */
export const INT64_MAX = (1n << 63n) - 1n;
/** Smallest int64 value. */
export const INT64_MIN = -(1n << 63n);

/** Values the operand stack holds at most, locals of every active call included. */
export const MAX_STACK = 1024;
/** Nested contract calls at most; the entry function is depth 1. */
export const MAX_CALL_DEPTH = 64;
/** Memory words (int64 each) a contract may declare. */
export const MAX_MEMORY_WORDS = 1024;
/** Encoded size of a contract at most, in bytes. */
export const MAX_CONTRACT_BYTES = 32 * 1024;
/** Functions in one contract at most. */
export const MAX_FUNCTIONS = 256;
/** Code bytes of one function at most (jump targets are u16 offsets). */
export const MAX_FUNCTION_CODE = 65535;
/** Parameters of a function at most (also the most arguments a transaction passes). */
export const MAX_PARAMS = 16;
/** Locals of a function at most, parameters included (LGET/LSET take a u8 index). */
export const MAX_LOCALS = 255;
/** Entry points of one contract at most. */
export const MAX_ENTRIES = 64;
/** Length of an entry point's name at most, in bytes. */
export const MAX_ENTRY_NAME = 32;
/** Log records one run may emit at most. */
export const MAX_LOGS = 64;
/** Values in one log record at most. */
export const MAX_LOG_VALUES = 8;
