/**
 * The `tesnode cert …` commands over a CliContext that calls the module's RPC handlers and
 * applies transactions on the test harness: every command parses its options, sends or
 * reads, and prints human text with the numbers a user checks.
 */
import { describe, expect, it } from 'vitest';
import { CertHarness, AUTH, start } from './harness.ts';
import { actor, type Actor } from '../market/harness.ts';
import { CERT_CLI } from '../../../src/certificates/cli.ts';
import { MODULES } from '../../../src/node/modules.ts';
import { readParams } from '../../../src/rpc/schemaParams.ts';
import { toJson } from '../../../src/rpc/server.ts';
import { argsToJson } from '../../../src/chain/module/schema.ts';
import type { CliContext, SentTx } from '../../../src/chain/module/cliCommand.ts';
import type { BlockHeader } from '../../../src/chain/types.ts';

const TES = 1_000_000n;
const NAMES: Record<string, Actor> = Object.fromEntries(['sam', 'bob', 'ben'].map((n) => [n, actor(n)]));
NAMES.authority = AUTH;

/** Runs `tesnode <path words> <args>` as `from`; returns what it printed. */
async function run(h: CertHarness, path: string, args: string[], opts: Record<string, string | boolean>, from?: string): Promise<string> {
  const out: string[] = [];
  const cli: CliContext = {
    async rpc(method, params) {
      const spec = MODULES.rpc[method]!;
      const head = { height: h.height, timestamp: h.time } as BlockHeader;
      return JSON.parse(JSON.stringify(toJson(spec.handler({ state: h.state, chain: h.ctx, head, now: h.time }, readParams(spec.params, params ?? {})))));
    },
    async send(kind, payload, describe) {
      const r = h.block([{ from: NAMES[from!]!, kind, payload }])[0]!;
      const sent: SentTx = { hash: 'h', status: r.error ? 'failed' : 'included', result: argsToJson(MODULES.kind(kind)!.result, r.result), events: [], ...(r.error ? { error: r.error, message: r.message } : {}) };
      const extra = !r.error && describe ? await describe(sent) : {};
      out.push([`${kind}: ${sent.status}${r.error ? ` ${r.error}` : ''}`, ...Object.entries(extra).map(([k, v]) => `${k}: ${String(v)}`)].join('\n'));
      return sent;
    },
    resolveAddress: async (who) => NAMES[who]!.address,
    fromAddress: async () => NAMES[from!]!.address,
    readFile: async () => new Uint8Array(),
    emit: (_data, human) => void out.push(human()),
    error: (code, message) => Object.assign(new Error(message), { code }),
    walletName: async () => undefined,
    note: () => undefined,
    progress: () => undefined,
    sleep: async () => undefined,
  };
  const cmd = CERT_CLI.find((c) => c.path.split(' <')[0] === path)!;
  await cmd.run(cli, args, opts);
  return out.join('\n');
}

describe('tesnode cert … commands', () => {
  it('list, pick, claim, quota and read, printing the numbers', async () => {
    const [sam, bob, ben] = [NAMES.sam!, NAMES.bob!, NAMES.ben!];
    const h = new CertHarness({ alloc: { sam: 10n * TES, bob: 10n * TES, ben: 10n * TES } });
    h.joinSeller(sam, 'north', 'solar', 20);
    h.join(bob, 'buyer', 'north');
    h.join(ben, 'buyer', 'north');
    h.trade(sam, bob, 2, 4_000n, 100_000n, 'north');
    h.meter(sam, 2, 3_600n);
    h.meter(bob, 2, 3_600n);
    h.settle(2);

    expect(await run(h, 'cert status', [], { deliveryPeriod: '2' })).toMatch(/compliance 1: +delivery periods 2–3; closes when period 5 settles/);
    expect(await run(h, 'cert lots', [], { owner: 'sam' })).toMatch(/lot #1 +3600 Wh free of 3600 +solar 20 g\/kWh, north, generated in period 2 \(compliance 1\)/);
    expect(await run(h, 'cert quota', [], { account: 'bob', period: '1', percent: '50' }, 'authority')).toBe('cert.quota: included');
    expect(await run(h, 'cert quota', [], { account: 'ben', period: '1', wh: '1500' }, 'authority')).toBe('cert.quota: included');
    await expect(run(h, 'cert quota', [], { account: 'ben', period: '1', wh: '1', percent: '2' }, 'authority')).rejects.toThrow(/give one of --wh/);
    expect(await run(h, 'cert list', [], { lot: '1', wh: '3600', price: '20000' }, 'sam')).toBe('cert.list: included\nlisting: 1');
    expect(await run(h, 'cert listings', [], {})).toMatch(/#1 +open +3600 of 3600 +Wh @ +20000 µTES\/kWh  lot 1: solar, north, period 2/);
    expect(await run(h, 'cert pick', [], { listing: '1', wh: '2000' }, 'bob')).toBe('cert.pick: included\nlot: 2\npaid: 40000');
    expect(await run(h, 'cert claim', [], { wh: '2000', period: '1', beneficiary: "Bob's Bakery" }, 'bob')).toBe('cert.claim: included\nclaim: 1\nlots: 2000 Wh of lot 2 (period 2)');
    expect(await run(h, 'cert claim', [], { wh: '1', period: '1', beneficiary: 'again' }, 'bob')).toBe('cert.claim: failed OVER_CLAIM');
    expect(await run(h, 'cert claims', ['bob'], {})).toBe("claim #1: 2000 Wh for 'Bob's Bakery', compliance period 1, from lot 2 (2000 Wh of period 2)");
    const quotas = (await run(h, 'cert quotas', [], { period: '1' })).split('\n');
    expect(quotas).toContain(`${bob.address}: quota 50 % of 3600 Wh consumed = 1800 Wh, claimed 2000 Wh, short 0 Wh; open: a fine of 0 µTES if it closed now`);
    expect(quotas).toContain(`${ben.address}: quota 1500 Wh, claimed 0 Wh, short 1500 Wh; open: a fine of 90000 µTES if it closed now`);
    expect(await run(h, 'cert matching', ['bob'], { fromPeriod: '2', toPeriod: '3' })).toMatch(/time-matched: +2000 Wh = 55\.55 %[\s\S]*period +2: consumed 3600 Wh, claimed 2000 Wh, matched 2000 Wh/);
    expect(await run(h, 'cert revoke', [], { lot: '1', wh: '100', reason: 'corrected' }, 'authority')).toBe('cert.revoke: included\nrevocation: 1\nfromListings: 100');
    expect(await run(h, 'cert revocations', [], {})).toMatch(/revocation #1: 100 Wh of lot 1 \(100 from listings\) at height \d+: corrected/);
    expect(await run(h, 'cert cancel', [], { listing: '1' }, 'sam')).toBe('cert.cancel: included\nrest: 1500');

    h.block([], start(6) + 10_000);
    expect(await run(h, 'cert quotas', [], { period: '1', account: 'ben' })).toBe(`${ben.address}: quota 1500 Wh, claimed 0 Wh, short 1500 Wh; closed at height ${h.height}: fined 90000 µTES (90000 from balance, 0 from bond, 0 unpaid), 50 credit points`);
  });
});
