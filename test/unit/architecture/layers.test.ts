/**
 * The layering ARCHITECTURE.md draws, checked on every import of src/: folders import
 * only folders at their layer or below, the folder graph has no cycle, no file imports
 * itself back at run time, and the state transition (src/chain, src/consensus and the
 * state modules) touches no storage, network, file system or clock.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findCycle, importEdges, sourceFiles } from './importGraph.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Top-level folders of src/ by layer, bottom up (the picture in ARCHITECTURE.md). */
export const LAYERS: Readonly<Record<string, number>> = {
  chain: 1, // primitives, codec, crypto, state, the module API and the pure state transition
  consensus: 2, // rules over headers: work, ASERT, boost, validation layers
  market: 3, // state modules: listed trading, credit, supervision …
  exchange: 3, // … real-time trading
  vm: 4, // contracts call the modules' typed operations
  certificates: 3,
  charging: 3,
  audit: 4, // recomputes settlement from raw facts, deliberately sharing no settlement code
  analytics: 4,
  util: 5, // small I/O helpers for the edges (atomic file writes)
  wallet: 5, // keys and keystores
  p2p: 5, // libp2p host, gossip, sync: sees the node through a port
  rpc: 6, // JSON-RPC: reads the node through interfaces
  node: 7, // the orchestrator: import pipeline, store, mempool, miner, assembly
  sim: 8, // simulated prosumers driving a node through RPC
  ocpp: 8, // the OCPP bridge: charge points to signed transactions
  cli: 9,
};

/** Layers the pure state transition lives in. */
const PURE_MAX_LAYER = 4;
const FORBIDDEN_IN_PURE = [/^level$/, /^classic-level/, /^libp2p/, /^@libp2p\//, /^@chainsafe\//, /^node:(fs|fs\/promises|http|https|net|dgram|child_process|worker_threads)$/, /^(fs|http|https|net)$/];
const CLOCKS = [/\bDate\.now\(/, /\bnew Date\(\)/, /\bperformance\.now\(/, /\bMath\.random\(/, /\bprocess\.hrtime/];

const files = sourceFiles(ROOT, 'src');
const edges = importEdges(ROOT, files);
const folderOf = (path: string): string => path.split('/')[1]!;

describe('layers', () => {
  it('every top-level folder of src/ has a layer', () => {
    const unknown = [...new Set(files.map(folderOf))].filter((f) => !(f in LAYERS));
    expect(unknown, 'add the folder to LAYERS here and to the picture in ARCHITECTURE.md').toEqual([]);
  });

  it('no folder imports a folder above it', () => {
    const upward = edges
      .filter((e) => e.to.startsWith('src/') && folderOf(e.from) !== folderOf(e.to))
      .filter((e) => LAYERS[folderOf(e.to)]! > LAYERS[folderOf(e.from)]!)
      .map((e) => `${e.from} → ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('the folder graph has no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (!e.to.startsWith('src/') || folderOf(e.from) === folderOf(e.to)) continue;
      if (!graph.has(folderOf(e.from))) graph.set(folderOf(e.from), new Set());
      graph.get(folderOf(e.from))!.add(folderOf(e.to));
    }
    expect(findCycle(graph)).toBeUndefined();
  });

  it('no file imports itself back at run time (type-only imports aside)', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.typeOnly || !e.to.startsWith('src/')) continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
    }
    expect(findCycle(graph)).toBeUndefined();
  });

  it('the state transition imports no storage, networking or file system', () => {
    const bad = edges
      .filter((e) => LAYERS[folderOf(e.from)]! <= PURE_MAX_LAYER && FORBIDDEN_IN_PURE.some((re) => re.test(e.to)))
      .map((e) => `${e.from} imports ${e.to}`);
    expect(bad).toEqual([]);
  });

  it('the state transition reads no clock and no randomness', () => {
    const bad: string[] = [];
    for (const f of files.filter((f) => LAYERS[folderOf(f)]! <= PURE_MAX_LAYER)) {
      const text = readFileSync(ROOT + f, 'utf8');
      for (const re of CLOCKS) if (re.test(text)) bad.push(`${f}: ${re.source}`);
    }
    expect(bad).toEqual([]);
  });

  it('catches an upward import (the check itself works)', () => {
    const fake = [{ from: 'src/chain/x.ts', to: 'src/market/y.ts', typeOnly: false }];
    expect(fake.filter((e) => LAYERS[folderOf(e.to)]! > LAYERS[folderOf(e.from)]!)).toHaveLength(1);
    expect(findCycle(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toEqual(['a', 'b', 'a']);
  });
});
