import { ShapeError } from '../chain/shape.ts';
import { readFieldJson, type FieldType } from '../chain/module/schema.ts';
import { RpcError, INVALID_PARAMS } from './rpcError.ts';
import type { OptionalParam, ParamSchema, ParamsOf } from '../chain/module/stateModule.ts';

const isOptional = (p: FieldType | OptionalParam): p is OptionalParam => 'optional' in p;

/**
 * Reads a request's params by a method's schema: by name (an object, unknown keys
 * refused) or by position (an array in the schema's order, as JSON-RPC 2.0 allows).
 * Absent or null optional params are undefined; a missing or malformed one is
 * INVALID_PARAMS naming it and what it must be.
 */
export function readParams<P extends ParamSchema>(schema: P, params: unknown): ParamsOf<P> {
  const names = Object.keys(schema);
  let byName: Record<string, unknown>;
  if (params === undefined) byName = {};
  else if (Array.isArray(params)) {
    if (params.length > names.length) fail(`at most ${names.length} params by position (${names.join(', ')}), got ${params.length}`);
    byName = Object.fromEntries(params.map((v, i) => [names[i]!, v]));
  } else if (params !== null && typeof params === 'object') {
    byName = params as Record<string, unknown>;
    const unknown = Object.keys(byName).filter((k) => !Object.hasOwn(schema, k));
    if (unknown.length) fail(`unknown param${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; expected ${names.length ? names.join(', ') : 'none'}`);
  } else return fail('params must be an object (by name) or an array (by position)');
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec = schema[name]!;
    const value = byName[name];
    const type = isOptional(spec) ? spec.optional : spec;
    if (value === undefined || value === null) {
      if (!isOptional(spec)) fail(`"${name}" is required (${describe(type)})`);
      continue;
    }
    try {
      out[name] = readFieldJson(type, value, `"${name}"`);
    } catch (err) {
      if (err instanceof ShapeError) fail(err.message);
      throw err;
    }
  }
  return out as ParamsOf<P>;
}

function describe(t: FieldType): string {
  switch (t.t) {
    case 'address':
      return 'a tes1… address';
    case 'amount':
      return 'an integer as a decimal string';
    case 'u32':
      return 'an integer from 0 to 4294967295';
    case 'hash':
      return '32 bytes of hex';
    case 'bytes':
      return `hex of at most ${t.max} bytes`;
    case 'text':
      return `a string of at most ${t.max} characters`;
    case 'bool':
      return 'true or false';
  }
}

function fail(message: string): never {
  throw new RpcError(INVALID_PARAMS, `invalid params: ${message}`);
}
