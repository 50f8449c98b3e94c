import { resolve } from 'node:path';
import { join } from 'node:path';
import { rpcCall } from '../rpc/client.ts';
import { TESNODE_HOME } from '../node/datadir.ts';
import { createLogger } from '../node/logger.ts';
import { startDevnet, stopDevnet } from '../node/devnet.ts';
import { PASSWORD_ENV } from '../wallet/password.ts';
import { CliError, emit, type OutputOptions } from './output.ts';

/** Options of `tesnode devnet`. */
export interface DevnetOptions extends OutputOptions {
  nodes: number;
  miners: number;
  dir?: string;
  mineHashrate: number;
  logLevel: 'debug' | 'info' | 'warn';
}

/**
 * `tesnode devnet`: N real node processes on 127.0.0.1 sharing one dev genesis, each
 * with its own data directory and free ports, every node dialling the earlier ones;
 * the first M mine. Runs until Ctrl-C, then stops them all.
 */
export async function devnetCommand(opts: DevnetOptions): Promise<void> {
  if (opts.miners > opts.nodes) throw new CliError('BAD_ARGUMENT', `--miners ${opts.miners} is more than --nodes ${opts.nodes}`);
  const log = createLogger({ level: opts.logLevel });
  const root = resolve(opts.dir ?? join(TESNODE_HOME, 'devnet'));
  const bin = resolve(import.meta.dirname, '../../bin/tesnode.ts');
  const nodes = await startDevnet({ root, nodes: opts.nodes, miners: opts.miners, hashrate: opts.mineHashrate, bin, password: process.env[PASSWORD_ENV] ?? '', log });
  const info = await Promise.all(nodes.map(async (n) => ({ name: n.name, rpc: n.rpc, p2p: n.p2p[0] ?? null, miner: n.miner, datadir: n.datadir, height: (await rpcCall<any>(n.rpc, 'chain_head')).height })));
  emit(opts, { root, keystore: join(root, 'keystore'), nodes: info }, () =>
    [
      `devnet of ${nodes.length} nodes in ${root} (${opts.miners} mining at ${opts.mineHashrate} H/s each)`,
      ...info.map((n) => `${n.name.padEnd(6)} rpc ${n.rpc.padEnd(24)} p2p ${n.p2p}${n.miner ? `  mining as ${n.miner}` : ''}`),
      `wallets: tesnode wallet list --keystore ${join(root, 'keystore')}`,
      'stop all with Ctrl-C',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    const stop = () => {
      log.info('stopping devnet');
      stopDevnet(nodes).then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
