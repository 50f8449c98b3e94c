import type { P2pNode } from '../p2p/p2pNode.ts';
import type { RpcMethod } from './server.ts';

/** Network methods: this node's addresses, its peers and bans, sync progress. */
export function createP2pMethods(p2p: P2pNode): Record<string, RpcMethod> {
  return {
    p2p_peers: () => ({
      peerId: p2p.peerId,
      multiaddrs: p2p.multiaddrs(),
      peers: p2p.peers(),
      bans: p2p.bans(),
      sync: p2p.syncProgress(),
    }),
    p2p_stats: () => p2p.stats(),
  };
}
