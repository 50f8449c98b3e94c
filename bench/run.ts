// `npm run bench`: runs the benchmarks with fixed seeds and prints figures and ratios, each
// set with the command that reproduces it. `--only` picks some: chain, propagation, sync,
// tps (or p2p for the three that run real node processes); the default runs them all.
//   npm run bench -- --only chain --txs 10000 --per-block 500
//   npm run bench -- --only mining --txs 10000 --per-block 500
//   npm run bench -- --only store --store-blocks 10000 --store-per-block 2
//   npm run bench -- --only propagation --prop-nodes 5 --prop-seconds 30
//   npm run bench -- --only sync --sync-blocks 10 --sync-per-block 4000 --sync-empty 1000
//   npm run bench -- --only tps --tps-warmup 10 --tps-seconds 30 --tps-rates 150,300,450,0  (0: closed loop)
import { parseArgs } from 'node:util';
import { benchChain, type Figure } from './chain.bench.ts';
import { benchPropagation } from './propagation.bench.ts';
import { benchSync } from './sync.bench.ts';
import { benchTps } from './tps.bench.ts';
import { benchMining } from './mining.bench.ts';
import { benchStore } from './store.bench.ts';

const BENCHES = ['chain', 'mining', 'store', 'propagation', 'sync', 'tps'] as const;
type BenchName = (typeof BENCHES)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    txs: { type: 'string', default: '10000' },
    'per-block': { type: 'string', default: '500' },
    'store-blocks': { type: 'string', default: '10000' },
    'store-per-block': { type: 'string', default: '2' },
    'prop-nodes': { type: 'string', default: '5' },
    'prop-seconds': { type: 'string', default: '30' },
    'prop-block-ms': { type: 'string', default: '500' },
    'prop-load': { type: 'string', default: '0' },
    'sync-blocks': { type: 'string', default: '10' },
    'sync-per-block': { type: 'string', default: '4000' },
    'sync-empty': { type: 'string', default: '1000' },
    'tps-warmup': { type: 'string', default: '10' },
    'tps-seconds': { type: 'string', default: '30' },
    'tps-rates': { type: 'string', default: '150,300,450,0' },
    json: { type: 'boolean', default: false },
  },
});

function selected(): BenchName[] {
  if (!values.only) return [...BENCHES];
  const out = new Set<BenchName>();
  for (const name of values.only.split(',')) {
    if (name === 'p2p') ['propagation', 'sync', 'tps'].forEach((n) => out.add(n as BenchName));
    else if ((BENCHES as readonly string[]).includes(name)) out.add(name as BenchName);
    else throw new Error(`--only: unknown bench '${name}' (choose from ${BENCHES.join(', ')}, p2p)`);
  }
  return BENCHES.filter((b) => out.has(b));
}

function print(title: string, command: string, figures: Figure[]): void {
  console.log(`\n${title}\n  (reproduce: ${command})`);
  for (const f of figures) {
    const value = f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(1);
    const ratio = f.ratio ? `  (${(f.ratio.value * 100).toFixed(1)}% of ${f.ratio.to})` : '';
    console.log(`  ${f.name.padEnd(72)} ${value.padStart(10)} ${f.unit}${ratio}`);
  }
}

const num = (k: keyof typeof values) => Number(values[k]);
const runs: Record<BenchName, { title: string; command: string; run: () => Promise<Figure[]> }> = {
  chain: {
    title: 'chain: signed transfers (in process)',
    command: `npm run bench -- --only chain --txs ${values.txs} --per-block ${values['per-block']}`,
    run: () => benchChain({ txs: num('txs'), perBlock: num('per-block') }),
  },
  mining: {
    title: 'mining: CPU of the mining node per transaction of its own blocks (in process)',
    command: `npm run bench -- --only mining --txs ${values.txs} --per-block ${values['per-block']}`,
    run: () => benchMining({ txs: num('txs'), perBlock: num('per-block') }),
  },
  store: {
    title: 'store: verify-store, the start-up check and repair, beside import (in process)',
    command: `npm run bench -- --only store --store-blocks ${values['store-blocks']} --store-per-block ${values['store-per-block']}`,
    run: () => benchStore({ blocks: num('store-blocks'), perBlock: num('store-per-block') }),
  },
  propagation: {
    title: `propagation: block from mining to import on ${values['prop-nodes']} node processes`,
    command: `npm run bench -- --only propagation --prop-nodes ${values['prop-nodes']} --prop-seconds ${values['prop-seconds']} --prop-block-ms ${values['prop-block-ms']} --prop-load ${values['prop-load']}`,
    run: () => benchPropagation({ nodes: num('prop-nodes'), seconds: num('prop-seconds'), blockTimeMs: num('prop-block-ms'), txPerSecond: num('prop-load') }),
  },
  sync: {
    title: 'sync: a late node catching up by range sync (two node processes)',
    command: `npm run bench -- --only sync --sync-blocks ${values['sync-blocks']} --sync-per-block ${values['sync-per-block']} --sync-empty ${values['sync-empty']}`,
    run: () => benchSync({ fullBlocks: num('sync-blocks'), perBlock: num('sync-per-block'), emptyBlocks: num('sync-empty') }),
  },
  tps: {
    title: 'tps: sustained transfers end to end on a 4-node devnet (node processes)',
    command: `npm run bench -- --only tps --tps-warmup ${values['tps-warmup']} --tps-seconds ${values['tps-seconds']} --tps-rates ${values['tps-rates']}`,
    run: () => benchTps({ warmup: num('tps-warmup'), seconds: num('tps-seconds'), rates: values['tps-rates']!.split(',').map(Number) }),
  },
};

console.error(`tesnode bench on Node ${process.version}`);
const results: Record<string, Figure[]> = {};
for (const name of selected()) {
  const r = runs[name];
  results[name] = await r.run();
  if (!values.json) print(r.title, r.command, results[name]);
}
if (values.json) console.log(JSON.stringify(results, null, 2));
