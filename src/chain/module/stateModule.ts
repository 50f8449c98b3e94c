import type { Overlay } from '../state/overlay.ts';
import type { StateReader } from '../state/stateReader.ts';
import type { BlockHeader } from '../types.ts';
import type { ChainParams } from '../params.ts';
import type { ArgsOf, FieldType, FieldValueOf, Schema } from './schema.ts';
import type { ChainContext, OpContext } from './context.ts';
import type { EventType } from './receipt.ts';

/**
 * A transaction kind: its payload schema, the typed operation that applies it, and the
 * schema of what the operation returns (recorded in the receipt). The operation is the
 * kind's one implementation: a transaction handler and a contract's host call both run
 * it, with the same checks and the same authority rules. It throws a RuleError to fail
 * (the transaction's fee is still charged and its writes are dropped).
 */
export interface TxKind<S extends Schema = Schema, R extends Schema = Schema> {
  readonly schema: S;
  readonly result: R;
  /** One line for docs and `--help`. */
  readonly doc: string;
  readonly apply: (state: Overlay, ctx: OpContext, args: ArgsOf<S>) => ArgsOf<R>;
}

/** Declares a transaction kind with its typed operation. */
export function defineKind<S extends Schema, R extends Schema>(kind: TxKind<S, R>): TxKind<S, R> {
  return kind;
}

/** The empty result schema, for operations that create nothing. */
export const NO_RESULT = {} as const satisfies Schema;

/** Runs at the start of every block, before its transactions (e.g. due settlements). */
export type BlockHook = (state: Overlay, header: BlockHeader, ctx: ChainContext) => void;

/** What a genesis section sees of the rest of the genesis. */
export interface GenesisCore {
  readonly chainId: string;
  readonly timestamp: number;
  readonly params: ChainParams;
}

/**
 * A module's section of genesis.json (e.g. `market`): parsed and validated at start,
 * written to the genesis state, printed back. `parse` throws Error with a message naming
 * the field; the genesis parser prefixes it with the section's key.
 */
export interface GenesisSection<T = unknown> {
  readonly key: string;
  readonly parse: (json: unknown, core: GenesisCore) => T;
  readonly toJson: (value: T) => unknown;
  /** Writes the section into the genesis state; returns the µTES it minted (counted in the supply). */
  readonly apply: (state: Overlay, value: T, core: GenesisCore) => bigint;
  /** µTES the section will mint, for the supply check before anything is written. */
  readonly minted: (value: T) => bigint;
}

/** An optional RPC parameter. */
export interface OptionalParam<T extends FieldType = FieldType> {
  readonly optional: T;
}

/** Marks an RPC parameter optional. */
export function opt<T extends FieldType>(type: T): OptionalParam<T> {
  return { optional: type };
}

/** RPC parameters by name: field types, some optional. */
export type ParamSchema = Readonly<Record<string, FieldType | OptionalParam>>;

/** The typed parameters a ParamSchema reads to. */
export type ParamsOf<P extends ParamSchema> = {
  readonly [K in keyof P]: P[K] extends OptionalParam<infer T> ? FieldValueOf<T> | undefined : P[K] extends FieldType ? FieldValueOf<P[K]> : never;
};

/** What a read-only query sees: the head state and block, and the node's clock for "in 12 s" texts. */
export interface QueryContext {
  readonly state: StateReader;
  readonly chain: ChainContext;
  readonly head: BlockHeader;
  /** The node's clock (ms), never used by the state transition; queries use it to say how long until a time. */
  readonly now: number;
}

/**
 * A read-only JSON-RPC method of a module. The server reads the params by their schema
 * (a missing or malformed one is INVALID_PARAMS naming it) and calls the handler with
 * them typed; the handler returns JSON-ready data (bigint and bytes are printed by the
 * server as decimal strings and hex).
 */
export interface RpcMethodSpec<P extends ParamSchema = ParamSchema> {
  readonly doc: string;
  readonly params: P;
  readonly handler: (q: QueryContext, args: ParamsOf<P>) => unknown;
}

/** Declares a read-only RPC method. */
export function defineQuery<P extends ParamSchema>(spec: RpcMethodSpec<P>): RpcMethodSpec<P> {
  return spec;
}

/** A request's params are wrong in a way the schema cannot say (e.g. "give one of a or b"). */
export class ParamError extends Error {
  readonly code = 'INVALID_PARAMS';
  constructor(message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

/**
 * A state module: one capability of the chain (transfers, listed trading, credit,
 * contracts…). It declares its transaction kinds, block hooks, genesis section, event
 * types and read-only RPC methods; the registry (src/node/modules.ts) lists the modules,
 * and the decoder, the state transition, the genesis parser and the RPC server read
 * them from there. Its CLI commands are declared beside it (see cliCommand.ts) so the
 * command line can load them without the state code.
 */
export interface StateModule {
  readonly name: string;
  readonly kinds?: Readonly<Record<string, TxKind<any, any>>>;
  /** Run at the start of every block in module order, then in the order given here. */
  readonly blockHooks?: readonly BlockHook[];
  readonly genesis?: GenesisSection<any>;
  readonly events?: readonly EventType[];
  readonly rpc?: Readonly<Record<string, RpcMethodSpec<any>>>;
}
