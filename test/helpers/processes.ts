import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rpcCall } from '../../src/rpc/client.ts';

/** Path of the CLI entry point. */
export const TESNODE_BIN = resolve(import.meta.dirname, '../../bin/tesnode.ts');

/** Environment for child processes: an isolated TESNODE_HOME and a fixed wallet password. */
export function childEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, TESNODE_HOME: home, TESNODE_PASSWORD: 'test-password', ...extra };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'tesnode-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Result of one CLI invocation. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json: any;
}

/** Runs `tesnode ARGS` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [TESNODE_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolvePromise({ code, stdout, stderr, json });
    });
  });
}

/** A running `tesnode start` process. */
export interface NodeProcess {
  readonly proc: ChildProcess;
  readonly rpc: string;
  readonly summary: any;
  /** Everything the node logged so far (stderr). */
  logs(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

/**
 * Starts `tesnode start --json --rpc-port 0 --p2p-port 0 ARGS` and resolves once its start-up summary
 * (with the real RPC URL) is printed; rejects with the node's stderr if it exits first.
 */
export function startNodeProcess(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<NodeProcess> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [TESNODE_BIN, 'start', '--json', '--rpc-port', '0', '--p2p-port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    const timer = setTimeout(() => fail(new Error(`node did not start within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(err);
    };
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => fail(new Error(`node exited with ${code} before starting:\n${stderr}`)));
    proc.stdout.on('data', (d) => {
      stdout += d;
      if (settled) return;
      let summary: any;
      try {
        summary = JSON.parse(stdout);
      } catch {
        return; // not complete yet
      }
      settled = true;
      clearTimeout(timer);
      resolvePromise({
        proc,
        rpc: summary.rpc,
        summary,
        logs: () => stderr,
        stop: async () => {
          proc.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          proc.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after the deadline. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the node's head reaches `height`. */
export function waitForHeight(rpc: string, height: number, timeoutMs = 60_000): Promise<number> {
  return waitFor(`height ${height}`, async () => {
    const h = await rpcCall<{ height: number }>(rpc, 'chain_head');
    return h.height >= height ? h.height : undefined;
  }, timeoutMs);
}
