/**
 * Why the VM refused a contract at deploy time, or why a run stopped. Stable: receipts,
 * RPC and the CLI carry the code. Deploy-time codes come from decoding and validating
 * bytecode; run-time codes stop a run, whose effects the chain then rolls back.
 */
export const VM_ERROR_CODES = [
  // deploy time (decodeContract, validateContract)
  'MALFORMED',
  'TOO_LARGE',
  'BAD_OPCODE',
  'BAD_IMMEDIATE',
  'BAD_JUMP',
  'BAD_FUNCTION',
  'BAD_ENTRY',
  // before a run starts
  'UNKNOWN_ENTRY',
  'BAD_ARGUMENTS',
  // run time
  'OUT_OF_GAS',
  'STACK_OVERFLOW',
  'STACK_UNDERFLOW',
  'CALL_DEPTH',
  'OVERFLOW',
  'DIV_BY_ZERO',
  'MEMORY_OUT_OF_RANGE',
  'LOG_LIMIT',
  'HOST_REFUSED',
  'ABORTED',
] as const;

/** One of VM_ERROR_CODES. */
export type VmErrorCode = (typeof VM_ERROR_CODES)[number];

/** Where in a contract a run stopped: function index and byte offset in its code. */
export interface VmLocation {
  readonly fn: number;
  readonly offset: number;
}

/**
 * The VM's one error class. The message names the problem and, where there is one, the
 * fix. `at` is set for run-time stops; `hostCode` for HOST_REFUSED (the host's own code,
 * e.g. a market rule's); `abortCode` for ABORTED (the value the contract passed).
 */
export class VmError extends Error {
  readonly code: VmErrorCode;
  readonly at: VmLocation | undefined;
  readonly hostCode: string | undefined;
  readonly abortCode: bigint | undefined;
  constructor(code: VmErrorCode, message: string, extra: { at?: VmLocation; hostCode?: string; abortCode?: bigint } = {}) {
    super(message);
    this.name = 'VmError';
    this.code = code;
    this.at = extra.at;
    this.hostCode = extra.hostCode;
    this.abortCode = extra.abortCode;
  }
}

/**
 * What a `VmHost` throws to refuse a call (a market rule said no, the owner's allowance is
 * spent, an argument is out of range). The VM turns it into a VmError HOST_REFUSED that
 * stops the run; any other exception out of a host is a bug in the host and propagates.
 */
export class HostRefusal extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'HostRefusal';
    this.code = code;
  }
}
