import { fileURLToPath } from 'node:url';
import { Chain } from './chain/chain.ts';
import { Mempool } from './mempool/mempool.ts';
import { createRpcServer, type RpcServer } from '../rpc/server.ts';
import { createRpcMethods } from '../rpc/methods.ts';
import { createModuleMethods } from '../rpc/moduleMethods.ts';
import { createChainReader, createTxPool } from './rpcAdapter.ts';
import { createP2pMethods } from '../rpc/p2pMethods.ts';
import { createP2pNode, type P2pNode } from '../p2p/p2pNode.ts';
import { createChainPortAdapter, LocalTxFeed } from './chainPortAdapter.ts';
import { nextBlockOf } from './chain/nextBlock.ts';
import { createSyncDisplay } from './syncDisplay.ts';
import { Miner } from './mining/miner.ts';
import type { Genesis } from '../chain/genesis.ts';
import type { Logger } from './logger.ts';
import type { DataDir } from './datadir.ts';

/** The web dashboard's static files (index.html, app.js, style.css), served on GET by the RPC server. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../rpc/dashboard/', import.meta.url));

/** Networking of a node. */
export interface NodeP2pOptions {
  /** Multiaddrs to listen on, e.g. /ip4/0.0.0.0/tcp/8646 (tcp/0: a free port). */
  readonly listen: readonly string[];
  /** Peers to dial and keep dialling. */
  readonly bootstrap: readonly string[];
}

/** Options of a running node. */
export interface NodeOptions {
  readonly dir: DataDir;
  readonly genesis: Genesis;
  readonly rpcHost: string;
  readonly rpcPort: number;
  /** Mine with this secret key; no mining when absent. */
  readonly minerSecret?: Uint8Array;
  readonly hashrateCap?: number;
  /** Join the network; a node without it runs alone. */
  readonly p2p?: NodeP2pOptions;
  readonly log: Logger;
  /** Static files the RPC server serves on GET (the dashboard); default src/rpc/dashboard. */
  readonly staticDir?: string;
  /** Blocks below the head read back at start (default DEFAULT_CHECK_BLOCKS; 0: none). */
  readonly checkBlocks?: number;
}

/** A running node: chain, mempool, optional miner and network, RPC. */
export interface TesNode {
  readonly chain: Chain;
  readonly mempool: Mempool;
  readonly miner: Miner | undefined;
  readonly p2p: P2pNode | undefined;
  readonly rpc: RpcServer;
  stop(): Promise<void>;
}

/** Opens the chain, joins the network, starts RPC and, if asked, the miner. */
export async function startNode(opts: NodeOptions): Promise<TesNode> {
  const { log } = opts;
  const chain = await Chain.open({ dbDir: opts.dir.dbDir, genesis: opts.genesis, ...(opts.checkBlocks !== undefined ? { checkBlocks: opts.checkBlocks } : {}) });
  const mempool = new Mempool({ ctx: chain.ctx });
  const localTxs = new LocalTxFeed();
  chain.on('head', (change) => {
    mempool.onHeadChange(change.disconnected.flatMap((b) => b.txs), change.connected.flatMap((b) => b.txs), chain.state, nextBlockOf(chain));
    if (change.disconnected.length) log.warn('reorg', { depth: change.disconnected.length, height: change.head.header.height });
  });

  let p2p: P2pNode | undefined;
  let rpc: RpcServer | undefined;
  // Built before RPC so node_info can show it; it starts mining once everything is up.
  const miner = opts.minerSecret
    ? new Miner({ chain, mempool, secret: opts.minerSecret, log, ...(opts.hashrateCap ? { hashrateCap: opts.hashrateCap } : {}), isSyncing: () => p2p?.syncProgress().syncing ?? false })
    : undefined;
  try {
    if (opts.p2p) {
      p2p = await createP2pNode({
        chain: createChainPortAdapter(chain, mempool, localTxs),
        listen: opts.p2p.listen,
        bootstrap: opts.p2p.bootstrap,
        peerKeyPath: opts.dir.peerKeyFile,
        logger: log,
        onSyncProgress: createSyncDisplay(log),
      });
      await p2p.start();
    }
    const network = p2p;
    const reader = createChainReader(chain);
    rpc = await createRpcServer({
      host: opts.rpcHost,
      port: opts.rpcPort,
      methods: {
        ...createRpcMethods({ chain: reader, mempool: createTxPool(chain, mempool), miner, onLocalTx: (tx) => localTxs.publish(tx), ...(network ? { networkInfo: () => ({ p2p: { peerId: network.peerId, multiaddrs: network.multiaddrs(), peers: network.peers().length, sync: network.syncProgress() } }) } : {}) }),
        ...createModuleMethods(reader),
        ...(network ? createP2pMethods(network) : {}),
      },
      logger: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
      staticDir: opts.staticDir ?? DASHBOARD_DIR,
    });
  } catch (err) {
    await miner?.stop();
    await p2p?.stop();
    await chain.close();
    throw err;
  }
  // A damaged, full or unwritable store stops the chain: say so once, loudly, and stop mining on it.
  chain.once('fault', (err) => {
    log.error('the store failed: the node imports no more blocks', { code: err.code, error: err.message });
    void miner?.stop();
  });
  miner?.start();
  const server = rpc;
  let stopping: Promise<void> | undefined;
  return {
    chain,
    mempool,
    miner,
    p2p,
    rpc: server,
    stop() {
      stopping ??= (async () => {
        await miner?.stop();
        await server.close();
        await p2p?.stop();
        await chain.close();
      })();
      return stopping;
    },
  };
}
