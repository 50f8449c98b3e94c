/**
 * Contract VM benchmark, one core, fixed inputs:
 * - gas/s and instructions/s of the interpreter on an arithmetic loop compiled from the
 *   contract language (every instruction in it costs 1 gas), against two references: the
 *   same loop as plain JavaScript with the VM's int64 checks (the ceiling), and the same
 *   loop as EVM bytecode on the EVM of @ethereumjs/vm (a peer interpreter in JavaScript);
 * - gas/s and host calls/s on host-call-heavy code against a host that answers at once
 *   (what the VM itself adds per call);
 * - the buy-below template against an in-memory market of 20 offers: the VM's own time for
 *   1,000 runs, host answers replayed (the chain's host adds its market operations).
 * Run: node bench/vm.bench.ts   (under the shared lock: flock /tmp/tesnode-cpu.lock node bench/vm.bench.ts)
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createVM } from '@ethereumjs/vm';
import { compileContract } from '../src/vm/lang/index.ts';
import { execute, loadContract, createMemoryStorage, HostId, INT64_MAX, INT64_MIN, type Program, type VmHost } from '../src/vm/index.ts';
import { FakeMarket } from '../test/unit/vm/fakeHost.ts';
import type { Figure } from './chain.bench.ts';

const ARITH = `pub fn main(n) { let i = 0; let s = 0; while i < n { s = s + i; i = i + 1; } return s; }`;
// 13 instructions and 13 gas per iteration: LGET LGET LT JUMPZ LGET LGET ADD LSET LGET PUSH1 ADD LSET JUMP
const ARITH_PER_ITERATION = 13;

const HOSTY = `pub fn main(n) { let i = 0; let s = 0; while i < n { s = s + book_count(i, SELL) + now_period(); i = i + 1; } return s; }`;

/** The median of `runs` timings of fn, in seconds, after one warm-up. */
function median(runs: number, fn: () => void): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function run(p: Program, n: bigint, host: VmHost): { value: bigint; gas: number } {
  const r = execute(p, { entry: 'main', args: [n], gasLimit: Number.MAX_SAFE_INTEGER, host, storage: createMemoryStorage() });
  if (!r.ok) throw r.error;
  return { value: r.value, gas: r.gasUsed };
}

/** The arithmetic loop in plain JavaScript: bigint values, the VM's overflow checks. */
function nativeLoop(n: bigint): bigint {
  let s = 0n;
  for (let i = 0n; i < n; ) {
    s += i;
    if (s > INT64_MAX || s < INT64_MIN) throw new Error('overflow');
    i += 1n;
    if (i > INT64_MAX) throw new Error('overflow');
  }
  return s;
}

// The loop as EVM bytecode: s, i on the stack; 15 instructions per iteration.
function evmLoop(n: number): Uint8Array {
  const N = [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  // prettier-ignore
  return Uint8Array.from([
    0x60, 0x00, 0x60, 0x00,        // PUSH1 0 (s), PUSH1 0 (i)
    0x5b,                          // 0x04 JUMPDEST
    0x63, ...N,                    // PUSH4 n
    0x81, 0x10, 0x15,              // DUP2 LT ISZERO          (i < n)
    0x60, 0x1a, 0x57,              // PUSH1 end JUMPI
    0x80, 0x91, 0x01, 0x90,        // DUP1 SWAP2 ADD SWAP1    (s += i)
    0x60, 0x01, 0x01,              // PUSH1 1 ADD             (i += 1)
    0x60, 0x04, 0x56,              // PUSH1 loop JUMP
    0x5b, 0x00,                    // 0x1a JUMPDEST STOP
  ]);
}
const EVM_PER_ITERATION = 15;

/** The VM's figures; `iterations` sets the loop length (the work of one timed run). */
export async function benchVm(opts: { iterations: number; runs: number }): Promise<Figure[]> {
  const n = BigInt(opts.iterations);
  const arith = loadContract(compileContract(ARITH).bytes);
  const noHost: VmHost = { call: () => { throw new Error('no host calls here'); } };
  let out = run(arith, n, noHost);
  if (out.value !== nativeLoop(n)) throw new Error('bench: the VM and the native loop disagree');
  const instructions = Number(n) * ARITH_PER_ITERATION;
  const tVm = median(opts.runs, () => run(arith, n, noHost));
  const tNative = median(opts.runs, () => nativeLoop(n));

  const { evm } = await createVM();
  const code = evmLoop(opts.iterations);
  const evmRun = () => evm.runCode({ code, gasLimit: 10n ** 12n });
  const first = await evmRun();
  if (first.exceptionError) throw new Error(`bench: EVM loop failed: ${first.exceptionError.error}`);
  await evmRun();
  const te: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const start = process.hrtime.bigint();
    await evmRun();
    te.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const tEvm = te.sort((a, b) => a - b)[Math.floor(opts.runs / 2)]!;

  const hosty = loadContract(compileContract(HOSTY).bytes);
  const bookCount = [0n];
  const period = [7n];
  const quickHost: VmHost = { call: (id) => (id === HostId.now_period ? period : bookCount) };
  const hostIterations = n / 10n;
  out = run(hosty, hostIterations, quickHost);
  const tHost = median(opts.runs, () => run(hosty, hostIterations, quickHost));
  const hostGas = out.gas;

  // buy-below against a 20-offer in-memory market: its answers are recorded once and
  // replayed, so the timing is the VM's own work (the market is a test double; the chain's
  // host adds its real market operations on top).
  const source = readFileSync(new URL('../contracts/buy-below.tes', import.meta.url), 'utf8');
  const buyBelow = loadContract(compileContract(source, { params: { limit: 150, wh: 5000 } }).bytes);
  const market = new FakeMarket();
  for (let i = 0; i < 20; i++) market.offer('sell', 11n, 400n + BigInt(i * 37), 100n + BigInt((i * 7919) % 60), BigInt(i % 3) * 5n);
  const answers: (readonly bigint[])[] = [];
  const recorder: VmHost = { call: (id, args) => { const r = market.call(id, args); answers.push(r); return r; } };
  const recorded = execute(buyBelow, { entry: 'on_period', args: [], gasLimit: 1_000_000, host: recorder, storage: createMemoryStorage() });
  if (!recorded.ok) throw recorded.error;
  const STRATEGIES = 1000;
  const tTemplate = median(opts.runs, () => {
    for (let k = 0; k < STRATEGIES; k++) {
      let next = 0;
      const replay: VmHost = { call: () => answers[next++]! };
      const r = execute(buyBelow, { entry: 'on_period', args: [], gasLimit: 1_000_000, host: replay, storage: createMemoryStorage() });
      if (!r.ok || r.gasUsed !== recorded.gasUsed) throw new Error('bench: the replayed run differs from the recorded one');
    }
  });

  const vmGasPerSecond = instructions / tVm;
  return [
    { name: 'arithmetic loop: gas/s (1 gas per instruction)', value: vmGasPerSecond, unit: 'gas/s', ratio: { to: 'goal 20,000,000 gas/s', value: vmGasPerSecond / 20e6 } },
    { name: 'arithmetic loop: instructions/s, tesnode VM', value: instructions / tVm, unit: 'instr/s' },
    { name: 'arithmetic loop: iterations/s, plain JavaScript with the same int64 checks (ceiling)', value: Number(n) / tNative, unit: 'iter/s' },
    { name: 'arithmetic loop: iterations/s, tesnode VM', value: Number(n) / tVm, unit: 'iter/s', ratio: { to: 'plain JavaScript', value: tNative / tVm } },
    { name: 'arithmetic loop: iterations/s, EVM of @ethereumjs/vm, runCode (peer)', value: Number(n) / tEvm, unit: 'iter/s', ratio: { to: 'tesnode VM', value: tVm / tEvm } },
    { name: 'arithmetic loop: instructions/s, EVM of @ethereumjs/vm, runCode (peer)', value: (Number(n) * EVM_PER_ITERATION) / tEvm, unit: 'instr/s' },
    { name: 'host-call loop: gas/s (book_count 200 + now_period 20 per iteration)', value: hostGas / tHost, unit: 'gas/s' },
    { name: 'host-call loop: host calls/s', value: Number(hostIterations * 2n) / tHost, unit: 'calls/s' },
    { name: `buy-below: ${STRATEGIES} runs, VM only (host answers replayed)`, value: tTemplate * 1000, unit: 'ms' },
    { name: 'buy-below: host calls per run', value: answers.length, unit: 'calls' },
    { name: 'buy-below: gas per run (5,000 Wh from the cheapest 20 offers)', value: recorded.gasUsed, unit: 'gas' },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = Number(process.argv[2] ?? 1_000_000);
  const runs = 5;
  console.log(`tesnode VM bench on Node ${process.version}, one core, median of ${runs} runs\n  (reproduce: node bench/vm.bench.ts ${iterations})`);
  for (const f of await benchVm({ iterations, runs })) {
    const value = f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(1);
    const ratio = f.ratio ? `  (${f.ratio.value.toFixed(2)}x ${f.ratio.to})` : '';
    console.log(`  ${f.name.padEnd(88)} ${value.padStart(13)} ${f.unit}${ratio}`);
  }
}
