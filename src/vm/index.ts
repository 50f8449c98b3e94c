/**
 * tesnode's contract VM: bytecode, deploy-time validation, the interpreter, and the
 * declarations of what the chain provides (host functions, storage). Pure and
 * deterministic; imports nothing outside src/vm. The compiler lives in ./lang.
 */
export { VmError, HostRefusal, VM_ERROR_CODES, type VmErrorCode, type VmLocation } from './vmError.ts';
export * from './limits.ts';
export { Op, OPS, OP_BY_CODE, type OpInfo, type OpName, type Immediate } from './opcodes.ts';
export { CALL_GAS, LOG_GAS, LOG_VALUE_GAS, SSET_GAS, SSET_BYTE_GAS, MEMORY_WORD_GAS, storageBytes, ssetGas } from './opcodes.ts';
export {
  HOST_FUNCTIONS, HOST_BY_ID, HOST_BY_NAME, HostId, SIDE_SELL, SIDE_BUY, TIF_GTC, TIF_IOC, TIF_FOK, TIF_POST_ONLY,
  type HostFunction, type HostName, type VmHost,
} from './hostFunctions.ts';
export { createMemoryStorage, type VmStorage, type MemoryStorage } from './storage.ts';
export { chargeAllowance, type Allowance, type AllowanceUse } from './allowance.ts';
export { ON_PERIOD_ENTRY, type Contract, type ContractEntry, type ContractFunction } from './contract.ts';
export { CONTRACT_MAGIC, encodeContract, decodeContract, encodedContractSize } from './encoding.ts';
export { validateContract, type ValidatedContract, type Instruction } from './validate.ts';
export { loadContract, prepareProgram, type Program } from './program.ts';
export { execute, type RunOptions, type VmResult, type LogRecord } from './interpreter.ts';
export { disassemble } from './disassemble.ts';
