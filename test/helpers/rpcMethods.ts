import { createRpcMethods } from '../../src/rpc/methods.ts';
import { createModuleMethods } from '../../src/rpc/moduleMethods.ts';
import { createChainReader, createTxPool } from '../../src/node/rpcAdapter.ts';
import { Mempool } from '../../src/node/mempool/mempool.ts';
import type { Chain } from '../../src/node/chain/chain.ts';
import type { RpcMethod } from '../../src/rpc/server.ts';

/** Every RPC method a node serves over this chain (node methods and every module's), with a fresh mempool. */
export function rpcMethodsOf(chain: Chain): Record<string, RpcMethod> {
  const reader = createChainReader(chain);
  return { ...createRpcMethods({ chain: reader, mempool: createTxPool(chain, new Mempool({ ctx: chain.ctx })), miner: undefined }), ...createModuleMethods(reader) };
}
