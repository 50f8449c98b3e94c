/**
 * The README's walkthrough, run as written: its `sh walkthrough` blocks (extracted from
 * README.md, not copied here) run in one bash session, with `tesnode` on PATH the way
 * `npm link` puts it there, against a real `tesnode start --dev` process in a fresh home.
 * Every `#>` line of the README must appear in its command's output, so the numbers the
 * README promises (escrow, settlement, deviation payment, credit score, the dev chain's
 * credit rules) are the chain's, and a README that drifts from the code fails here.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESNODE_BIN, startNodeProcess, tempDir, waitForHeight, type NodeProcess } from '../helpers/processes.ts';
import { FAIL_MARK, extractWalkthrough, splitStepOutput, walkthroughScript } from '../helpers/readmeWalkthrough.ts';

const README = resolve(import.meta.dirname, '../../README.md');

describe('README walkthrough', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  let node: NodeProcess;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    home = await tempDir('tesnode-readme-');
    // The README sets its own TESNODE_PASSWORD; none is inherited.
    const { TESNODE_PASSWORD: _unused, ...rest } = process.env;
    env = { ...rest, TESNODE_HOME: join(home.dir, 'home') };
    node = await startNodeProcess(['--dev'], env);
    await waitForHeight(node.rpc, 1);
  });

  afterAll(async () => {
    await node?.stop();
    await home?.cleanup();
  });

  it('runs every command as written and prints what the README promises', async () => {
    const steps = extractWalkthrough(await readFile(README, 'utf8'));
    expect(steps.length).toBeGreaterThan(20);
    const bin = join(home.dir, 'bin');
    const work = join(home.dir, 'work');
    await mkdir(bin);
    await mkdir(work);
    await symlink(TESNODE_BIN, join(bin, 'tesnode'));
    const script = join(home.dir, 'walkthrough.sh');
    await writeFile(script, walkthroughScript(steps));

    const out = await new Promise<{ code: number | null; output: string }>((done, fail) => {
      const child = spawn('bash', [script], { cwd: work, env: { ...env, PATH: `${bin}:${env.PATH}`, TESNODE_RPC: node.rpc }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', fail);
      child.on('close', (code) => done({ code, output }));
    });

    const failed = new RegExp(`^${FAIL_MARK} (\\d+) (\\d+)$`, 'm').exec(out.output);
    if (failed) {
      const step = steps[Number(failed[1])]!;
      expect.fail(`README.md:${step.line}: \`${step.command}\` exited with ${failed[2]}:\n${splitStepOutput(out.output).get(Number(failed[1]))}`);
    }
    expect(out.code).toBe(0);
    const outputs = splitStepOutput(out.output);
    for (const [i, step] of steps.entries()) {
      for (const want of step.expect) {
        expect(outputs.get(i), `README.md:${step.line}: \`${step.command}\` should print "${want}"`).toContain(want);
      }
    }
  }, 480_000);
});
