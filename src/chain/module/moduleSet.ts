import type { BlockHook, GenesisSection, RpcMethodSpec, StateModule, TxKind } from './stateModule.ts';
import type { Schema } from './schema.ts';

/** Kind names are `module.action` (or a bare core word such as `transfer`), at most 32 characters. */
const KIND_NAME = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)?$/;
const RPC_NAME = /^[a-z][a-z0-9]*(_[a-zA-Z0-9]+)+$/;

/** The modules of a chain, checked and indexed for the decoder, the state transition, genesis and RPC. */
export interface ModuleSet {
  readonly modules: readonly StateModule[];
  /** The transaction kind of that name, or undefined. */
  kind(name: string): TxKind | undefined;
  /** The payload schema of a kind, or undefined (the decoder's view). */
  schemaOf(name: string): Schema | undefined;
  /** Every kind name, sorted. */
  readonly kindNames: readonly string[];
  /** Block-start hooks in module order. */
  readonly hooks: readonly BlockHook[];
  readonly genesisSections: readonly GenesisSection[];
  readonly rpc: Readonly<Record<string, RpcMethodSpec>>;
  /** The data schema of an event type, for printing receipts. */
  eventSchema(type: string): Schema | undefined;
}

/** A module declaration clashes with another (a kind, RPC method or genesis key declared twice). */
export class ModuleError extends Error {
  readonly code = 'BAD_MODULE';
  constructor(message: string) {
    super(message);
    this.name = 'ModuleError';
  }
}

/**
 * Checks a list of modules and indexes them. Order matters and is part of consensus: block
 * hooks run in module order. Throws ModuleError on any clash, so a bad registry fails at
 * start, never mid-chain.
 */
export function createModuleSet(modules: readonly StateModule[]): ModuleSet {
  const kinds = new Map<string, TxKind>();
  const rpc: Record<string, RpcMethodSpec> = {};
  const events = new Map<string, Schema>();
  const sections: GenesisSection[] = [];
  const hooks: BlockHook[] = [];
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new ModuleError(`module '${m.name}' is listed twice`);
    names.add(m.name);
    for (const [name, kind] of Object.entries(m.kinds ?? {})) {
      if (!KIND_NAME.test(name) || name.length > 32) throw new ModuleError(`module '${m.name}': kind name '${name}' must be module.action, at most 32 characters`);
      if (kinds.has(name)) throw new ModuleError(`module '${m.name}': kind '${name}' is declared by another module`);
      kinds.set(name, kind);
    }
    for (const [name, spec] of Object.entries(m.rpc ?? {})) {
      if (!RPC_NAME.test(name)) throw new ModuleError(`module '${m.name}': RPC method '${name}' must be area_name`);
      if (Object.hasOwn(rpc, name)) throw new ModuleError(`module '${m.name}': RPC method '${name}' is declared by another module`);
      rpc[name] = spec;
    }
    for (const e of m.events ?? []) {
      if (events.has(e.name)) throw new ModuleError(`module '${m.name}': event '${e.name}' is declared twice`);
      events.set(e.name, e.schema);
    }
    if (m.genesis) {
      if (sections.some((s) => s.key === m.genesis!.key)) throw new ModuleError(`module '${m.name}': genesis section '${m.genesis.key}' is declared twice`);
      sections.push(m.genesis);
    }
    hooks.push(...(m.blockHooks ?? []));
  }
  const kindNames = [...kinds.keys()].sort();
  return {
    modules,
    kind: (name) => kinds.get(name),
    schemaOf: (name) => kinds.get(name)?.schema,
    kindNames,
    hooks,
    genesisSections: sections,
    rpc,
    eventSchema: (type) => events.get(type),
  };
}
