import { open } from 'node:fs/promises';
import { rpcCall } from '../rpc/client.ts';
import { CliError, emit } from './output.ts';
import { describeSend, sendTx } from './sendTx.ts';
import { unlockWallet } from './unlock.ts';
import { parseFee, resolveAddress, walletNameOf } from './walletCommands.ts';
import { HUMAN_TEXT, type CliContext, type SentTx } from '../chain/module/cliCommand.ts';

/** The options every module command gets from the command line. */
export interface CommonOptions {
  readonly rpc: string;
  readonly keystore: string;
  readonly json?: boolean;
  readonly from?: string;
  readonly passwordFile?: string;
  readonly fee?: string;
  readonly wait?: boolean;
}

/** The I/O behind module commands: RPC to --rpc, wallets in --keystore, output by --json. */
export function createCliContext(opts: CommonOptions): CliContext {
  const from = (): string => {
    if (!opts.from) throw new CliError('MISSING_OPTION', 'this command signs a transaction: name the wallet with --from NAME');
    return opts.from;
  };
  return {
    rpc: (method, params) => rpcCall(opts.rpc, method, params),
    async send(kind, payload, describe) {
      const key = await unlockWallet(from(), { keystore: opts.keystore, ...(opts.passwordFile !== undefined ? { passwordFile: opts.passwordFile } : {}) });
      const fee = opts.fee !== undefined ? parseFee(opts.fee) : undefined;
      const r = await sendTx(key.secret, kind, payload, { rpc: opts.rpc, wait: opts.wait !== false, ...(fee !== undefined ? { fee } : {}) });
      const sent: SentTx = { ...r, result: r.result ?? {}, events: r.events ?? [] };
      const extra: Record<string | symbol, unknown> = r.status === 'included' && describe ? await describe(sent) : {};
      const human = typeof extra[HUMAN_TEXT] === 'string' ? [extra[HUMAN_TEXT]] : Object.entries(extra).map(([k, v]) => `${k}: ${String(v)}`);
      emit(opts, { kind, from: key.address, ...r, ...extra }, () => [describeSend(r), ...human].join('\n'));
      if (r.status === 'failed') process.exitCode = 1;
      return sent;
    },
    resolveAddress: (who) => resolveAddress(who, opts.keystore),
    fromAddress: () => resolveAddress(from(), opts.keystore),
    walletName: (address) => walletNameOf(address, opts.keystore),
    async readFile(path, maxBytes, flag) {
      let handle;
      try {
        handle = await open(path, 'r');
        const { size } = await handle.stat();
        if (size > maxBytes) throw new CliError('FILE_TOO_LARGE', `${flag} ${path} is ${size} bytes, over the limit of ${maxBytes}`);
        return new Uint8Array(await handle.readFile());
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError('BAD_FILE', `cannot read ${flag} ${path}: ${(err as Error).message}`);
      } finally {
        await handle?.close();
      }
    },
    emit: (data, human) => emit(opts, data, human),
    note: (text) => void process.stderr.write(`${text}\n`),
    progress(text) {
      if (!process.stderr.isTTY) return;
      process.stderr.write(text === null ? '\r\u001b[K' : `\r\u001b[K${text}`);
    },
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    error: (code, message) => new CliError(code, message),
  };
}
