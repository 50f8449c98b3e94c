import { readParams } from './schemaParams.ts';
import type { ChainReader } from './nodeReader.ts';
import type { RpcMethod } from './server.ts';

/**
 * Mounts every module's read-only methods (src/node/modules.ts → each module's `rpc`):
 * params read by the method's schema, the handler called with the head state, block and
 * the node's clock.
 */
export function createModuleMethods(chain: ChainReader): Record<string, RpcMethod> {
  const out: Record<string, RpcMethod> = {};
  for (const [name, spec] of Object.entries(chain.ctx.modules.rpc)) {
    out[name] = (raw) => spec.handler({ state: chain.state, chain: chain.ctx, head: chain.head.header, now: chain.now() }, readParams(spec.params, raw));
  }
  return out;
}
