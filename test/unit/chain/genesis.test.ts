import type { MarketGenesis } from '../../../src/market/genesis.ts';
import { MODULES } from '../../../src/node/modules.ts';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/chain/bytes.ts';
import { AUTHORITY_ROLES, GenesisError, createGenesisState, genesisToJson, parseGenesis, paramsToJson, type Genesis } from '../../../src/chain/genesis.ts';
import { DEVNET_DEFAULTS, MAINNET_DEFAULTS } from '../../../src/chain/params.ts';
import { COMMUNITY_POOL_ID, getAccount, getRoles, getSupply } from '../../../src/chain/state/accounts.ts';
import { createDevGenesis } from '../../../src/node/devSetup.ts';
import { createTestGenesis, genesisHashOf, genesisParts, testKey } from '../../helpers/testChain.ts';

const dev = testKey('genesis', 0);
const authority = testKey('genesis', 1);
const other = testKey('genesis', 2);

type Json = Record<string, unknown>;

/** A valid genesis file as JSON (the dev genesis), fresh for each mutation. */
function devJson(): Json {
  return structuredClone(genesisToJson(createDevGenesis(dev.address, authority.address, 1_700_000_000_000))) as Json;
}

function genesisError(json: unknown): GenesisError {
  try {
    parseGenesis(json, MODULES);
  } catch (err) {
    expect(err).toBeInstanceOf(GenesisError);
    return err as GenesisError;
  }
  throw new Error('expected a GenesisError, the genesis was accepted');
}

const hashOf = (json: Json): string => toHex(genesisHashOf(parseGenesis(json, MODULES)));

describe('parseGenesis accepts', () => {
  it('the dev genesis, and reads back what genesisToJson wrote', () => {
    const json = devJson();
    const g = parseGenesis(json, MODULES);
    expect(g.chainId).toBe('tesnode-dev');
    expect(g.params).toEqual(DEVNET_DEFAULTS);
    expect(g.alloc.map((a) => toHex(a.id))).toEqual([toHex(dev.id), toHex(authority.id)]);
    expect(g.authorities[0]!.roles).toEqual([...AUTHORITY_ROLES]);
    expect(genesisToJson(g)).toEqual(json);
    // Through a real JSON file: what an operator writes and the node reads.
    expect(parseGenesis(JSON.parse(JSON.stringify(json)), MODULES)).toEqual(g);
  });

  it('a genesis without params or authorities, with the mainnet defaults', () => {
    const g = parseGenesis({ chainId: 'tiny', timestamp: 0, alloc: [] }, MODULES);
    expect(g.params).toEqual(MAINNET_DEFAULTS);
    expect(g.authorities).toEqual([]);
  });
});

describe('parseGenesis rejects, naming the field', () => {
  const cases: Array<[string, (j: Json) => unknown, string]> = [
    ['a non-object', () => [], 'JSON object'],
    ['an uppercase chain id', (j) => ({ ...j, chainId: 'Tesnode' }), 'chainId'],
    ['an empty chain id', (j) => ({ ...j, chainId: '' }), 'chainId'],
    ['a 65-character chain id', (j) => ({ ...j, chainId: 'a'.repeat(65) }), 'chainId'],
    ['a numeric chain id', (j) => ({ ...j, chainId: 5 }), 'chainId'],
    ['a negative timestamp', (j) => ({ ...j, timestamp: -1 }), 'timestamp'],
    ['a fractional timestamp', (j) => ({ ...j, timestamp: 1.5 }), 'timestamp'],
    ['a string timestamp', (j) => ({ ...j, timestamp: '1700000000000' }), 'timestamp'],
    ['a missing alloc', (j) => ({ ...j, alloc: undefined }), 'alloc'],
    ['a numeric balance', (j) => ({ ...j, alloc: [{ address: dev.address, balance: 5 }] }), 'alloc[0]'],
    ['a negative balance', (j) => ({ ...j, alloc: [{ address: dev.address, balance: '-5' }] }), 'alloc[0]'],
    ['a fractional balance', (j) => ({ ...j, alloc: [{ address: dev.address, balance: '1.5' }] }), 'alloc[0]'],
    ['an alloc entry that is not an object', (j) => ({ ...j, alloc: [dev.address] }), 'alloc[0]'],
    ['a mistyped address', (j) => ({ ...j, alloc: [{ address: dev.address, balance: '1' }, { address: dev.address.slice(0, -1) + (dev.address.endsWith('q') ? 'p' : 'q'), balance: '1' }] }), 'alloc[1].address'],
    ['an uppercase address', (j) => ({ ...j, alloc: [{ address: dev.address.toUpperCase(), balance: '1' }] }), 'alloc[0].address'],
    ['an address listed twice', (j) => ({ ...j, alloc: [{ address: dev.address, balance: '1' }, { address: dev.address, balance: '2' }] }), 'alloc[1].address'],
    ['authorities that are not an array', (j) => ({ ...j, authorities: {} }), 'authorities'],
    ['an unknown role', (j) => ({ ...j, authorities: [{ address: authority.address, roles: ['validator', 'king'] }] }), 'authorities[0].roles'],
    ['roles that are not an array', (j) => ({ ...j, authorities: [{ address: authority.address, roles: 'validator' }] }), 'authorities[0]'],
    ['a bad authority address', (j) => ({ ...j, authorities: [{ address: 'tes1nope', roles: [] }] }), 'authorities[0].address'],
    ['params that are not an object', (j) => ({ ...j, params: 'dev' }), 'params'],
    ['an unknown parameter', (j) => ({ ...j, params: { ...(j.params as Json), blockTime: 1000 } }), 'params.blockTime'],
    ['blockTimeMs as a string', (j) => ({ ...j, params: { ...(j.params as Json), blockTimeMs: '1000' } }), 'params.blockTimeMs'],
    ['blockTimeMs of 0', (j) => ({ ...j, params: { ...(j.params as Json), blockTimeMs: 0 } }), 'blockTimeMs'],
    ['a negative maxFutureMs', (j) => ({ ...j, params: { ...(j.params as Json), maxFutureMs: -1 } }), 'params.maxFutureMs'],
    ['blockReward as a number', (j) => ({ ...j, params: { ...(j.params as Json), blockReward: 5 } }), 'params.blockReward'],
    ['minFee with a sign', (j) => ({ ...j, params: { ...(j.params as Json), minFee: '-1' } }), 'params.minFee'],
    ['a zero genesisTarget', (j) => ({ ...j, params: { ...(j.params as Json), genesisTarget: '0x0' } }), 'params.genesisTarget'],
    ['a target without 0x', (j) => ({ ...j, params: { ...(j.params as Json), maxTarget: 'ffff' } }), 'params.maxTarget'],
    ['a target over 256 bits', (j) => ({ ...j, params: { ...(j.params as Json), maxTarget: '0x1' + '0'.repeat(64) } }), 'params.maxTarget'],
    ['genesisTarget above maxTarget', (j) => ({ ...j, params: { ...(j.params as Json), genesisTarget: '0x10', maxTarget: '0xf' } }), 'params.genesisTarget'],
    ['maxBoost 0', (j) => ({ ...j, params: { ...(j.params as Json), maxBoost: 0 } }), 'params.maxBoost'],
    ['maxBoost 17', (j) => ({ ...j, params: { ...(j.params as Json), maxBoost: 17 } }), 'params.maxBoost'],
    ['a community share over 100%', (j) => ({ ...j, params: { ...(j.params as Json), communitySharePercent: 101 } }), 'params.communitySharePercent'],
    ['maxBlockBytes under 16 KiB', (j) => ({ ...j, params: { ...(j.params as Json), maxBlockBytes: 16383 } }), 'params.maxBlockBytes'],
    ['maxBlockBytes over 8 MiB', (j) => ({ ...j, params: { ...(j.params as Json), maxBlockBytes: 8 * 1024 * 1024 + 1 } }), 'params.maxBlockBytes'],
    ['maxBlockTxs 0', (j) => ({ ...j, params: { ...(j.params as Json), maxBlockTxs: 0 } }), 'params.maxBlockTxs'],
  ];

  it.each(cases)('%s', (_name, mutate, field) => {
    const err = genesisError(mutate(devJson()));
    expect(err.code).toBe('BAD_GENESIS');
    expect(err.message).toMatch(/^genesis: /);
    expect(err.message).toContain(field);
  });

  it('balances whose total does not fit in int64', () => {
    const json = devJson();
    const huge = { ...json, alloc: [{ address: dev.address, balance: '9999999999999999999' }, { address: other.address, balance: '9999999999999999999' }] };
    expect(() => createGenesisState(parseGenesis(huge, MODULES))).toThrow(GenesisError);
    expect(genesisError(huge).message).toContain('alloc');
  });
});

describe('genesis hash', () => {
  it('is the same for the same genesis, parsed twice', () => {
    expect(hashOf(devJson())).toBe(hashOf(devJson()));
    const { genesis } = createTestGenesis();
    expect(toHex(genesisHashOf(genesis))).toBe(toHex(genesisHashOf(createTestGenesis().genesis)));
  });

  it('changes with every parameter', () => {
    const base = devJson();
    const baseHash = hashOf(base);
    const p = base.params as Record<string, number | string>;
    const hashes = new Set<string>([baseHash]);
    for (const [name, value] of Object.entries(p)) {
      let changed: number | string;
      if (typeof value === 'number') changed = name === 'maxBoost' ? value - 1 : value + 1;
      else if (value.startsWith('0x')) changed = '0x' + (BigInt(value) - 1n).toString(16);
      else changed = (BigInt(value) + 1n).toString();
      const h = hashOf({ ...base, params: { ...p, [name]: changed } });
      expect(hashes.has(h), `changing params.${name} kept a hash`).toBe(false);
      hashes.add(h);
    }
    expect(hashes.size).toBe(Object.keys(p).length + 1);
  });

  it('changes with the chain id, the time, any balance, a new account, and any authority role', () => {
    const base = devJson();
    const baseHash = hashOf(base);
    const alloc = base.alloc as Array<{ address: string; balance: string }>;
    const variants: Json[] = [
      { ...base, chainId: 'tesnode-dev2' },
      { ...base, timestamp: (base.timestamp as number) + 1 },
      { ...base, alloc: [{ ...alloc[0]!, balance: (BigInt(alloc[0]!.balance) + 1n).toString() }, alloc[1]] },
      { ...base, alloc: [...alloc, { address: other.address, balance: '1' }] },
      { ...base, authorities: [{ address: authority.address, roles: ['validator'] }] },
      { ...base, authorities: [{ address: other.address, roles: [...AUTHORITY_ROLES] }] },
      { ...base, authorities: [] },
    ];
    const hashes = new Set(variants.map(hashOf));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(baseHash)).toBe(false);
  });

  it('commits to the state, not to the file layout: order of alloc entries or roles does not matter', () => {
    const base = devJson();
    const alloc = base.alloc as unknown[];
    const auth = base.authorities as Array<{ address: string; roles: string[] }>;
    expect(hashOf({ ...base, alloc: [...alloc].reverse() })).toBe(hashOf(base));
    expect(hashOf({ ...base, authorities: [{ ...auth[0]!, roles: [...auth[0]!.roles].reverse() }] })).toBe(hashOf(base));
  });
});

describe('genesis state', () => {
  it('funds every allocation, records the supply and the roles, and nothing else of value', () => {
    // Without the dev market section (its FTR pool is minted at genesis too: src/market).
    const { market: _market, ...plain } = devJson();
    const g: Genesis = parseGenesis(plain, MODULES);
    expect((g.sections.market as MarketGenesis | undefined)).toBeUndefined();
    const { state, block } = genesisParts(g);
    const total = g.alloc.reduce((s, a) => s + a.balance, 0n);
    for (const a of g.alloc) expect(getAccount(state, a.id)).toEqual({ balance: a.balance, nonce: 0 });
    expect(getSupply(state)).toBe(total);
    expect(getAccount(state, COMMUNITY_POOL_ID).balance).toBe(0n);
    expect(getRoles(state, authority.id)).toEqual([...AUTHORITY_ROLES].sort());
    expect(getRoles(state, dev.id)).toEqual([]);
    expect(block.header.height).toBe(0);
    expect(block.header.timestamp).toBe(g.timestamp);
    expect(block.header.baseTarget).toBe(g.params.genesisTarget);
    expect(block.txs).toEqual([]);
  });

  it('stores the parameters in the state, so the state root commits to them', () => {
    const g = parseGenesis(devJson(), MODULES);
    const state = createGenesisState(g);
    expect(state.get('x/params')).toBeDefined();
    const changed = parseGenesis({ ...devJson(), params: paramsToJson({ ...DEVNET_DEFAULTS, minFee: 101n }) }, MODULES);
    expect(toHex(createGenesisState(changed).get('x/params')!)).not.toBe(toHex(state.get('x/params')!));
  });
});
