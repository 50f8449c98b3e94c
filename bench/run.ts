// `npm run bench`: runs the benchmarks with fixed seeds and prints figures and ratios.
// Reproduce one figure set with: npm run bench -- --txs 10000 --per-block 500
import { parseArgs } from 'node:util';
import { benchChain, type Figure } from './chain.bench.ts';

const { values } = parseArgs({
  options: {
    txs: { type: 'string', default: '10000' },
    'per-block': { type: 'string', default: '500' },
    json: { type: 'boolean', default: false },
  },
});

function print(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  for (const f of figures) {
    const value = f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(1);
    const ratio = f.ratio ? `  (${(f.ratio.value * 100).toFixed(1)}% of ${f.ratio.to})` : '';
    console.log(`  ${f.name.padEnd(58)} ${value.padStart(10)} ${f.unit}${ratio}`);
  }
}

const txs = Number(values.txs);
const perBlock = Number(values['per-block']);
const results: Record<string, Figure[]> = {};
console.error(`tesnode bench on Node ${process.version}; reproduce with: npm run bench -- --txs ${txs} --per-block ${perBlock}`);
results.chain = await benchChain({ txs, perBlock });
if (values.json) console.log(JSON.stringify(results, null, 2));
else print('chain: signed transfers', results.chain);
