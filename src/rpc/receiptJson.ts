import { argsToJson } from '../chain/module/schema.ts';
import type { ModuleSet } from '../chain/module/moduleSet.ts';
import type { Receipt } from '../chain/module/receipt.ts';

/**
 * The JSON form of a receipt: status, error, the operation's result (ids it created,
 * amounts) and its events, each printed by its declared schema (addresses as tes1…,
 * amounts as decimal strings).
 */
export function receiptToJson(r: Receipt, kind: string, modules: ModuleSet): Record<string, unknown> {
  if (r.error) return { status: 'failed', error: r.error, message: r.message, result: {}, events: [] };
  const resultSchema = modules.kind(kind)?.result ?? {};
  return {
    status: 'ok',
    result: argsToJson(resultSchema, r.result),
    events: r.events.map((e) => ({ type: e.type, ...argsToJson(modules.eventSchema(e.type) ?? {}, e.data) })),
  };
}
