import { Chain } from '../chain/chain.ts';
import { Mempool } from '../chain/mempool.ts';
import { createRpcServer, type RpcServer } from '../rpc/server.ts';
import { createRpcMethods } from '../rpc/methods.ts';
import { createMarketMethods } from '../rpc/marketMethods.ts';
import { Miner } from './miner.ts';
import type { Genesis } from '../chain/genesis.ts';
import type { Logger } from './logger.ts';
import type { DataDir } from './datadir.ts';

/** Options of a running node. */
export interface NodeOptions {
  readonly dir: DataDir;
  readonly genesis: Genesis;
  readonly rpcHost: string;
  readonly rpcPort: number;
  /** Mine with this secret key; no mining when absent. */
  readonly minerSecret?: Uint8Array;
  readonly hashrateCap?: number;
  readonly log: Logger;
  /** Served by the RPC server as the dashboard, when set. */
  readonly staticDir?: string;
}

/** A running node: chain, mempool, optional miner, RPC. */
export interface TesNode {
  readonly chain: Chain;
  readonly mempool: Mempool;
  readonly miner: Miner | undefined;
  readonly rpc: RpcServer;
  stop(): Promise<void>;
}

/** Opens the chain, starts RPC and, if asked, the miner. */
export async function startNode(opts: NodeOptions): Promise<TesNode> {
  const { log } = opts;
  const chain = await Chain.open({ dbDir: opts.dir.dbDir, genesis: opts.genesis });
  const mempool = new Mempool({ ctx: chain.ctx });
  chain.on('head', (change) => {
    const next = { height: change.head.header.height + 1, timestamp: Math.max(chain.now(), change.head.header.timestamp + 1) };
    mempool.onHeadChange(change.disconnected.flatMap((b) => b.txs), change.connected.flatMap((b) => b.txs), chain.state, next);
    if (change.disconnected.length) log.warn('reorg', { depth: change.disconnected.length, height: change.head.header.height });
  });
  const miner = opts.minerSecret ? new Miner({ chain, mempool, secret: opts.minerSecret, log, ...(opts.hashrateCap ? { hashrateCap: opts.hashrateCap } : {}) }) : undefined;
  let rpc: RpcServer;
  try {
    rpc = await createRpcServer({
      host: opts.rpcHost,
      port: opts.rpcPort,
      methods: { ...createRpcMethods({ chain, mempool, miner }), ...createMarketMethods(chain) },
      logger: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
      ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
    });
  } catch (err) {
    await chain.close();
    throw err;
  }
  miner?.start();
  let stopping: Promise<void> | undefined;
  return {
    chain,
    mempool,
    miner,
    rpc,
    stop() {
      stopping ??= (async () => {
        await miner?.stop();
        await rpc.close();
        await chain.close();
      })();
      return stopping;
    },
  };
}
