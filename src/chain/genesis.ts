import { encode } from './codec.ts';
import { addressFromBytes, addressToBytes } from './address.ts';
import { BLOCK_VERSION, computeTxRoot } from './block.ts';
import { MAINNET_DEFAULTS, type ChainParams } from './params.ts';
import { I64_MAX } from './shape.ts';
import { MemoryState } from './state/stateReader.ts';
import { Overlay } from './state/overlay.ts';
import { addBalance, addSupply, setRoles } from './state/accounts.ts';
import { LtHash } from './state/ltHash.ts';
import { computeReceiptRoot } from './module/receipt.ts';
import type { ModuleSet } from './module/moduleSet.ts';
import type { Block } from './types.ts';

/** Authority roles the genesis may grant (docs/market.md). */
export const AUTHORITY_ROLES = ['validator', 'dispatcher', 'regulator', 'creditAgency', 'meter'] as const;

/** A parsed genesis file. */
export interface Genesis {
  readonly chainId: string;
  /** Genesis time (ms); period k of the market starts at timestamp + k * periodMs. */
  readonly timestamp: number;
  readonly params: ChainParams;
  readonly alloc: ReadonlyArray<{ readonly id: Uint8Array; readonly balance: bigint }>;
  readonly authorities: ReadonlyArray<{ readonly id: Uint8Array; readonly roles: readonly string[] }>;
  /**
   * The modules' sections (e.g. `market`), parsed by the module that declares each; a
   * chain without a section runs that module with nothing configured.
   */
  readonly sections: Readonly<Record<string, unknown>>;
  /** The modules this genesis was parsed against: the chain's kinds, hooks and sections. */
  readonly modules: ModuleSet;
}

/** The genesis file is wrong; the message names the field. */
export class GenesisError extends Error {
  readonly code = 'BAD_GENESIS';
  constructor(message: string) {
    super(`genesis: ${message}`);
    this.name = 'GenesisError';
  }
}

const PARAM_KINDS: Record<keyof ChainParams, 'int' | 'bigint' | 'target'> = {
  blockTimeMs: 'int',
  asertHalfLifeMs: 'int',
  genesisTarget: 'target',
  maxTarget: 'target',
  maxBoost: 'int',
  maxFutureMs: 'int',
  blockReward: 'bigint',
  communitySharePercent: 'int',
  maxBlockBytes: 'int',
  maxBlockTxs: 'int',
  minFee: 'bigint',
  periodMs: 'int',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseParam(kind: 'int' | 'bigint' | 'target', v: unknown, name: string): number | bigint {
  if (kind === 'int') {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new GenesisError(`params.${name} must be a non-negative integer`);
    return v;
  }
  if (kind === 'bigint') {
    if (typeof v !== 'string' || !/^\d{1,19}$/.test(v) || BigInt(v) > I64_MAX) throw new GenesisError(`params.${name} must be a decimal string of µTES, at most ${I64_MAX}`);
    return BigInt(v);
  }
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) throw new GenesisError(`params.${name} must be a 0x-prefixed hex target of at most 256 bits`);
  const t = BigInt(v);
  if (t < 1n) throw new GenesisError(`params.${name} must be at least 1`);
  return t;
}

function parseParams(v: unknown): ChainParams {
  if (!isObject(v)) throw new GenesisError('params must be an object');
  const out: Record<string, number | bigint> = {};
  for (const name of Object.keys(v)) {
    if (!Object.hasOwn(PARAM_KINDS, name)) throw new GenesisError(`params.${name} is not a known parameter`);
  }
  for (const [name, kind] of Object.entries(PARAM_KINDS)) {
    const given = v[name];
    out[name] = given === undefined ? MAINNET_DEFAULTS[name as keyof ChainParams] : parseParam(kind, given, name);
  }
  const p = out as unknown as ChainParams;
  if (p.blockTimeMs < 1 || p.asertHalfLifeMs < 1 || p.periodMs < 1) throw new GenesisError('params.blockTimeMs, asertHalfLifeMs and periodMs must be at least 1');
  if (p.maxBoost < 1 || p.maxBoost > 16) throw new GenesisError('params.maxBoost must be from 1 to 16');
  if (p.communitySharePercent > 100) throw new GenesisError('params.communitySharePercent must be at most 100');
  if (p.genesisTarget > p.maxTarget) throw new GenesisError('params.genesisTarget must not exceed params.maxTarget');
  // A block must hold at least a couple of the largest transactions beside its header.
  if (p.maxBlockBytes < 16_384 || p.maxBlockBytes > 8 * 1024 * 1024) throw new GenesisError('params.maxBlockBytes must be from 16384 to 8388608');
  if (p.maxBlockTxs < 1) throw new GenesisError('params.maxBlockTxs must be at least 1');
  return p;
}

function parseId(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string') throw new GenesisError(`${where} must be a tes1… address`);
  try {
    return addressToBytes(v);
  } catch (err) {
    throw new GenesisError(`${where}: ${(err as Error).message}`);
  }
}

const CORE_KEYS = ['chainId', 'timestamp', 'params', 'alloc', 'authorities'];

/**
 * Validates a genesis file's JSON against the modules the node runs and returns it
 * typed; throws GenesisError naming the field. Each module parses its own section.
 */
export function parseGenesis(json: unknown, modules: ModuleSet): Genesis {
  if (!isObject(json)) throw new GenesisError('the file must hold a JSON object');
  const { chainId, timestamp, params, alloc, authorities } = json;
  for (const key of Object.keys(json)) {
    if (!CORE_KEYS.includes(key) && !modules.genesisSections.some((s) => s.key === key)) {
      throw new GenesisError(`'${key}' is not a genesis field or a module section this node knows (${[...CORE_KEYS, ...modules.genesisSections.map((s) => s.key)].join(', ')})`);
    }
  }
  if (typeof chainId !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(chainId)) {
    throw new GenesisError('chainId must be 1-64 lowercase letters, digits or dashes');
  }
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new GenesisError('timestamp must be milliseconds since the epoch');
  }
  if (!Array.isArray(alloc)) throw new GenesisError('alloc must be an array of { address, balance }');
  if (authorities !== undefined && !Array.isArray(authorities)) throw new GenesisError('authorities must be an array of { address, roles }');
  const seen = new Set<string>();
  const parsedAlloc = alloc.map((a, i) => {
    if (!isObject(a) || typeof a.balance !== 'string' || !/^\d{1,19}$/.test(a.balance) || BigInt(a.balance) > I64_MAX) {
      throw new GenesisError(`alloc[${i}] must be { address, balance } with balance a decimal string of µTES, at most ${I64_MAX}`);
    }
    const id = parseId(a.address, `alloc[${i}].address`);
    const key = addressFromBytes(id);
    if (seen.has(key)) throw new GenesisError(`alloc[${i}].address ${key} is listed twice`);
    seen.add(key);
    return { id, balance: BigInt(a.balance) };
  });
  const parsedAuth = (authorities ?? []).map((a: unknown, i: number) => {
    if (!isObject(a) || !Array.isArray(a.roles)) throw new GenesisError(`authorities[${i}] must be { address, roles: [...] }`);
    for (const r of a.roles) {
      if (!(AUTHORITY_ROLES as readonly unknown[]).includes(r)) {
        throw new GenesisError(`authorities[${i}].roles: '${String(r)}' is not one of ${AUTHORITY_ROLES.join(', ')}`);
      }
    }
    return { id: parseId(a.address, `authorities[${i}].address`), roles: a.roles as string[] };
  });
  const parsedParams = parseParams(params ?? {});
  const core = { chainId, timestamp, params: parsedParams };
  const sections: Record<string, unknown> = {};
  let sectionsMinted = 0n;
  for (const section of modules.genesisSections) {
    if (json[section.key] === undefined) continue;
    try {
      sections[section.key] = section.parse(json[section.key], core);
    } catch (err) {
      if (err instanceof Error && (err as { code?: unknown }).code === 'BAD_GENESIS') throw new GenesisError(err.message);
      throw err;
    }
    sectionsMinted += section.minted(sections[section.key]);
  }
  // Every amount is an int64 on the chain, the total supply included.
  const total = parsedAlloc.reduce((sum, a) => sum + a.balance, sectionsMinted);
  if (total > I64_MAX) throw new GenesisError(`alloc: the balances (and what module sections mint, e.g. the market FTR pool) add up to ${total} µTES, over the int64 limit of ${I64_MAX}`);
  return { chainId, timestamp, params: parsedParams, alloc: parsedAlloc, authorities: parsedAuth, sections, modules };
}

/** The JSON form of chain parameters, as in genesis.json. */
export function paramsToJson(p: ChainParams): Record<string, number | string> {
  const params: Record<string, number | string> = {};
  for (const [name, kind] of Object.entries(PARAM_KINDS)) {
    const v = p[name as keyof ChainParams];
    params[name] = kind === 'int' ? (v as number) : kind === 'bigint' ? String(v) : '0x' + (v as bigint).toString(16);
  }
  return params;
}

/** The JSON form of a genesis, as written to genesis.json. */
export function genesisToJson(g: Genesis): Record<string, unknown> {
  return {
    chainId: g.chainId,
    timestamp: g.timestamp,
    params: paramsToJson(g.params),
    alloc: g.alloc.map((a) => ({ address: addressFromBytes(a.id), balance: a.balance.toString() })),
    authorities: g.authorities.map((a) => ({ address: addressFromBytes(a.id), roles: [...a.roles] })),
    ...Object.fromEntries(g.modules.genesisSections.filter((s) => g.sections[s.key] !== undefined).map((s) => [s.key, s.toJson(g.sections[s.key])])),
  };
}

/** The state at height 0: allocations, authority roles, supply, and the parameters themselves. */
export function createGenesisState(g: Genesis): MemoryState {
  const state = new MemoryState();
  const o = new Overlay(state);
  let minted = 0n;
  for (const a of g.alloc) {
    addBalance(o, a.id, a.balance);
    minted += a.balance;
  }
  for (const a of g.authorities) setRoles(o, a.id, a.roles);
  // Module sections write their own records; what they mint (the market's FTR pool) counts in the supply.
  const core = { chainId: g.chainId, timestamp: g.timestamp, params: g.params };
  for (const section of g.modules.genesisSections) {
    if (g.sections[section.key] !== undefined) minted += section.apply(o, g.sections[section.key], core);
  }
  addSupply(o, minted);
  // The parameters are stored in the state so the genesis hash commits to them.
  o.set('x/params', encode(Object.values(paramsToJson(g.params))));
  o.set('x/chain', encode([g.chainId, BigInt(g.timestamp)]));
  state.applyWrites(o.diff().map((d) => [d.key, d.value] as const));
  return state;
}

/** The LtHash accumulator over a whole state. */
export function accumulateState(state: MemoryState): LtHash {
  const acc = LtHash.empty();
  for (const [k, v] of state.map) acc.add(k, v);
  return acc;
}

/** The genesis block: no parent, no work, no transactions; its hash identifies the chain. */
export function createGenesisBlock(g: Genesis, stateRoot: Uint8Array): Block {
  return {
    header: {
      version: BLOCK_VERSION,
      parentHash: new Uint8Array(32),
      height: 0,
      timestamp: g.timestamp,
      txRoot: computeTxRoot([]),
      stateRoot,
      receiptRoot: computeReceiptRoot([]),
      baseTarget: g.params.genesisTarget,
      miner: new Uint8Array(32),
      nonce: 0n,
    },
    sig: new Uint8Array(64),
    txs: [],
  };
}
