/** Starting in-process nodes on 127.0.0.1 and waiting on conditions, for network tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createP2pNode, type P2pNode } from '../../../../src/p2p/p2pNode.ts';
import type { P2pLimits } from '../../../../src/p2p/config.ts';
import type { ChainPort } from '../../../../src/p2p/chainPort.ts';
import type { P2pLogger } from '../../../../src/p2p/logger.ts';
import type { SyncProgress } from '../../../../src/p2p/syncProgress.ts';

/** Polls `cond` every 20 ms until it is true; fails with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A logger keeping its lines, so tests can look for a warning. */
export function createMemoryLogger(echo = false): P2pLogger & { lines: string[] } {
  const lines: string[] = [];
  const put = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    const line = `${level} ${msg} ${fields ? JSON.stringify(fields, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) : ''}`;
    lines.push(line);
    if (echo) console.log(line);
  };
  return { lines, debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') };
}

/** Owns the nodes and temporary directories of one test file. */
export class TestNet {
  private readonly nodes: P2pNode[] = [];
  private readonly dirs: string[] = [];

  /** Creates and starts a node over `chain` on a free port. */
  async start(chain: ChainPort, opts: { limits?: Partial<P2pLimits>; bootstrap?: string[]; keyDir?: string; logger?: P2pLogger; onSyncProgress?: (p: SyncProgress) => void } = {}): Promise<P2pNode> {
    const dir = opts.keyDir ?? (await mkdtemp(path.join(tmpdir(), 'tesnode-p2p-')));
    if (!opts.keyDir) this.dirs.push(dir);
    const node = await createP2pNode({
      chain,
      listen: ['/ip4/127.0.0.1/tcp/0'],
      peerKeyPath: path.join(dir, 'peer.key'),
      bootstrap: opts.bootstrap ?? [],
      limits: { statusIntervalMs: 60_000, ...opts.limits },
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.onSyncProgress ? { onSyncProgress: opts.onSyncProgress } : {}),
    });
    this.nodes.push(node);
    await node.start();
    return node;
  }

  /** Connects a to b and waits until both have the other's status. */
  async link(a: P2pNode, b: P2pNode): Promise<void> {
    await a.connect(b.multiaddrs()[0]!);
    await waitFor(() => hasStatusOf(a, b) && hasStatusOf(b, a), `status exchange ${a.peerId.slice(-6)} <-> ${b.peerId.slice(-6)}`);
  }

  /** Waits until a and b are in each other's mesh for both topics. */
  async meshed(a: P2pNode, b: P2pNode): Promise<void> {
    await waitFor(() => inMesh(a, b) && inMesh(b, a), `gossip mesh ${a.peerId.slice(-6)} <-> ${b.peerId.slice(-6)}`);
  }

  /** Stops every node and removes the temporary directories. */
  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    await Promise.all(this.dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

/** True when `a` knows `b`'s status. */
export function hasStatusOf(a: P2pNode, b: P2pNode): boolean {
  return a.peers().some((p) => p.peerId === b.peerId && p.status !== undefined);
}

function inMesh(a: P2pNode, b: P2pNode): boolean {
  const m = a.meshPeers();
  return m.blocks.includes(b.peerId) && m.txs.includes(b.peerId);
}
