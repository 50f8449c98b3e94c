// JSON-RPC over POST / from the page: one batch per refresh, failures per call.

// ---------------------------------------------------------------- JSON-RPC

export class RpcFailure extends Error {
  constructor(message, code, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

let nextId = 1;

/** Sends the calls as one JSON-RPC batch; returns, per call, its result or an RpcFailure. */
export async function rpcBatch(calls) {
  const request = calls.map(([method, params]) => ({ jsonrpc: '2.0', id: nextId++, method, ...(params ? { params } : {}) }));
  const res = await fetch('/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request), cache: 'no-store' });
  if (!res.ok) throw new Error(`the node answered HTTP ${res.status}`);
  const replies = await res.json();
  if (!Array.isArray(replies)) throw new Error(replies?.error?.message ?? 'unexpected answer from the node');
  const byId = new Map(replies.map((r) => [r.id, r]));
  return request.map((req) => {
    const reply = byId.get(req.id);
    if (!reply) return new RpcFailure(`no answer to ${req.method}`);
    if (reply.error) return new RpcFailure(reply.error.message, reply.error.code, reply.error.data);
    return reply.result;
  });
}

export async function rpc(method, params) {
  const [result] = await rpcBatch([[method, params]]);
  if (result instanceof RpcFailure) throw result;
  return result;
}
