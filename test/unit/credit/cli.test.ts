/** The credit CLI's read commands against a real RPC server over a chain with credit history. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestChain } from '../../helpers/testChain.ts';
import { createRpcServer } from '../../../src/rpc/server.ts';
import { rpcMethodsOf } from '../../helpers/rpcMethods.ts';
import { CREDIT_CLI } from '../../../src/market/credit/cli.ts';
import { createCliContext, type CommonOptions } from '../../../src/cli/cliContext.ts';

/** Runs a credit command as the command line would, by its path (e.g. 'credit show'). */
function command(path: string, args: string[], opts: CommonOptions): Promise<void> {
  const spec = CREDIT_CLI.find((c) => c.path.split(' <')[0] === path);
  if (!spec) throw new Error(`no command ${path}`);
  return spec.run(createCliContext(opts), args, opts as unknown as Record<string, string | boolean | undefined>);
}
const creditShow = (who: string, opts: CommonOptions) => command('credit show', [who], opts);
const creditParams = (opts: CommonOptions) => command('credit params', [], opts);
const marketCheck = (who: string, opts: CommonOptions) => command('market check', [who], opts);
const marketReports = (opts: CommonOptions) => command('market reports', [], opts);
const marketViolations = (opts: CommonOptions & { account: string }) => command('market violations', [], opts);
const marketReport = (opts: CommonOptions & { account: string }) => command('market report', [], opts);
import { HIGH, LOW, miningGenesis, setUpCredit } from './miningChain.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

async function rpc(): Promise<string> {
  const tc = await openTestChain(miningGenesis());
  cleanups.push(() => tc.destroy());
  await setUpCredit(tc.chain);
  const server = await createRpcServer({ host: '127.0.0.1', port: 0, methods: rpcMethodsOf(tc.chain), logger: { info() {}, warn() {} } });
  cleanups.push(() => server.close());
  return server.url;
}

async function output(run: () => Promise<void>): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await run();
  vi.restoreAllMocks();
  return out;
}

describe('credit CLI', () => {
  it('credit show prints score, level, parts, bond, boost and history', async () => {
    const url = await rpc();
    const opts = { rpc: url, keystore: '/nonexistent' };
    const text = await output(() => creditShow(HIGH.address, opts));
    expect(text).toMatch(/score: +1000 \(AAA\) = 0 % internal 500 \+ 100 % agency 1000/);
    expect(text).toMatch(/internal: +500 = rating 500 \+ activity 0 − penalty 0/);
    expect(text).toMatch(/mining boost: +×4\.000/);
    expect(text).toMatch(/agency +1000 AAA internal 500, agency 1000/);
    const json = JSON.parse(await output(() => creditShow(LOW.address, { ...opts, json: true })));
    expect(json).toMatchObject({ status: null, score: 500, level: 'BB', miningBoostPermille: 1000 });
  });

  it('credit params, market check, reports and violations print', async () => {
    const url = await rpc();
    const opts = { rpc: url, keystore: '/nonexistent' };
    expect(await output(() => creditParams(opts))).toMatch(/levels: +AAA ≥ 900, AA ≥ 800, A ≥ 700, BBB ≥ 600, BB ≥ 500, B ≥ 400, C below/);
    const check = await output(() => marketCheck(HIGH.address, opts));
    expect(check).toMatch(/verdict: +clean \(score 0 of 100, flags 0\)/);
    expect(check).toMatch(/no indicator reaches its threshold/);
    expect(await output(() => marketReports(opts))).toBe('no reports\n');
    expect(await output(() => marketViolations({ ...opts, account: HIGH.address }))).toBe('no confirmed violations\n');
    await expect(marketReport({ ...opts, from: 'nobody', wait: true, account: HIGH.address })).rejects.toThrow(/the check finds nothing to report/);
  });
});
