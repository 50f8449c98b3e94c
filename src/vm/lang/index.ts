/**
 * The contract language's compiler (off chain): source text to the bytecode the chain
 * stores. A tokenizer, a recursive-descent parser and a code generator; see docs/vm.md
 * for the grammar.
 */
export { compileContract, type CompiledContract, type CompileOptions } from './compile.ts';
export { CompileError, type SourcePos } from './compileError.ts';
export { type ParamValue } from './symbols.ts';
export { BUILTIN_CONSTANTS, BUILTIN_FUNCTIONS } from './builtins.ts';
